"""Small pieces several kinds share."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.models import SecretaryRole, SecretaryTerm
from accounts.names import name_key

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


def split(text: str, separator: str = "、") -> list[str]:
    """The values of a cell holding several, joined by `separator` (blanks between dropped)."""
    return [part.strip() for part in text.split(separator) if part.strip()]


def term_on(r, org, name: str, on) -> SecretaryTerm | None:
    """The term `name` (and the 身份证号, if given) held in `org` on the day `on`, else the latest one
    begun by then; None when the person has no term there (the record is then kept by name)."""
    if org is None or not name or on is None:
        return None
    terms = r.context.cached(
        ("terms", org.pk),
        lambda: list(
            SecretaryTerm.objects.filter(organization=org).select_related("member").order_by("-started_on")
        ),
    )
    digest = r.id_number_digest()
    begun = [
        t
        for t in terms
        if name_key(t.person_name) == name_key(name)
        and t.started_on <= on
        and (digest is None or (t.member is not None and t.member.id_number_hash == digest))
    ]
    holding = [t for t in begun if t.ended_on is None or t.ended_on >= on]
    return (holding or begun or [None])[0]
