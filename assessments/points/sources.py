"""Where member points come from: a registry of set-based functions of the carriers.

Each source is a dotted path to `f(start, end, organization_ids=None) -> dict[member_id, count]`, one
grouped query over the records dated in [start, end]. A path that does not import (a carrier not built
yet) counts zero, so a scheme may name every source from the first day. Tests register fake sources.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib import import_module

from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

MANUAL = "manual"


@dataclass(frozen=True)
class Source:
    """One kind of record a point item counts: its key (stored on items), label and function."""

    key: str
    label: str
    target: str | Callable  # a dotted path, or (in tests) the function itself


_SOURCES: dict[str, Source] = {}


def register(key: str, label: str, target: str | Callable) -> None:
    _SOURCES[key] = Source(key, str(label), target)


def unregister(key: str) -> None:
    _SOURCES.pop(key, None)


for _key, _label, _path in (
    ("meeting_attendance", _("参加三会一课"), "activities.selectors.meetings.member_meeting_attendance"),
    (
        "service_day_attendance",
        _("参加党员服务日/主题党日"),
        "activities.selectors.service_days.member_service_day_attendance",
    ),
    ("forum_attendance", _("参加主题讲坛"), "activities.selectors.forums.member_forum_attendance"),
    ("forum_speeches", _("主题讲坛主讲"), "activities.selectors.forums.member_forum_speeches"),
    ("pairings", _("结对帮扶困难户"), "activities.selectors.pairing.member_pairings"),
    ("visits", _("走访结对户"), "activities.selectors.pairing.member_visits"),
    ("volunteer_hours", _("志愿服务时长(小时)"), "activities.selectors.volunteers.member_volunteer_hours"),
    ("model_posts", _("示范岗"), "activities.selectors.posts.member_model_posts"),
):
    register(_key, _label, _path)


def source_keys() -> list[str]:
    return [*_SOURCES, MANUAL]


def source_choices() -> list[tuple[str, str]]:
    """Every registered source, then 手动加减分 (items a secretary or staff give by hand)."""
    return [(s.key, s.label) for s in _SOURCES.values()] + [(MANUAL, str(_("手动加减分")))]


def source_label(key: str) -> str:
    return dict(source_choices()).get(key, key)


def _function(source: Source) -> Callable | None:
    if callable(source.target):
        return source.target
    module, _dot, name = source.target.rpartition(".")
    try:
        return getattr(import_module(module), name)
    except (ImportError, AttributeError):
        return None


def counts(
    key: str, start: date, end: date, organization_ids: Iterable[int] | None = None
) -> dict[int, Decimal]:
    """What the source `key` counts per member in [start, end]; {} for an unknown or absent source."""
    source = _SOURCES.get(key)
    function = _function(source) if source else None
    if function is None:
        return {}
    ids = None if organization_ids is None else list(organization_ids)
    result = function(start, end, organization_ids=ids)
    return {int(member): Decimal(str(value)) for member, value in result.items() if value}


def available(key: str) -> bool:
    """Whether the source's function imports (the staff page marks the ones that still count zero)."""
    source = _SOURCES.get(key)
    return key == MANUAL or (source is not None and _function(source) is not None)
