"""Small pieces several kinds share."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.models import SecretaryRole

from ..registry import ColumnSpec

ROLES = {"书记": SecretaryRole.SECRETARY, "副书记": SecretaryRole.DEPUTY}
ORGANIZATION = ColumnSpec(
    "organization",
    "党组织",
    ("党组织名称", "所在党组织", "单位", "党支部"),
    hint=_("全称、简称、别名或单位名称"),
)


def changed(obj, values: dict) -> dict:
    """The values that differ from what `obj` holds (a re-import of the same file changes nothing)."""
    return {key: value for key, value in values.items() if getattr(obj, key) != value}


def day(value) -> str:
    """2019年3月20日, as people read a date."""
    return f"{value.year}年{value.month}月{value.day}日"
