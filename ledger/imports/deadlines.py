"""The 完成时限 column as legacy ledgers write it: a date, a month-end phrase, or a rhythm.

`parse_deadline("3月底前", year=2020)` → Deadline(date(2020, 3, 31), "none"). Rhythms (每月, 每季度,
每半年, 每年) give a recurrence and no date. A date that cannot exist (2月30日) is refused with a
Chinese message, never rounded to a nearby day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from partybuild.legacy_excel import DAY, normalize_text, parse_date_with_precision

from ..models import Recurrence


@dataclass(frozen=True)
class Deadline:
    """What a deadline cell means: the date (or None) and how often the task recurs."""

    deadline: date | None
    recurrence: str
    text: str


# Rhythm words, longest first so 每半年 is not read as 每年.
_RHYTHMS = [
    (("每半年", "半年一次", "每半年一次", "按半年"), Recurrence.HALF_YEARLY),
    (("每季度", "每季", "按季度", "每季度一次", "季度"), Recurrence.QUARTERLY),
    (("每月", "按月", "每月一次", "每个月"), Recurrence.MONTHLY),
    (("每年", "每年度", "每年一次", "年度"), Recurrence.YEARLY),
]
# The rest of the year: due on Dec 31 of the ledger year.
_YEAR_END = ("全年", "年底", "年底前", "年内", "年末", "年底之前", "全年持续", "12月底前", "12月底")
_MONTH_DAY = re.compile(r"^(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})[日号])?(?P<end>底|末)?(?:前|之前|以前)?$")
_HALF = {"上半年": (6, 30), "上半年内": (6, 30), "下半年": (12, 31)}

ACCEPTED_FORMS = (
    "2020年3月31日、2020.3.31、2020/3/31、2020-03-31、3月底前、6月30日前、全年、每月、每季度、每半年、每年"
)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _checked(year: int, month: int, day: int | None, original: str) -> date:
    if not 1 <= month <= 12:
        raise ValueError(
            _("完成时限“%(text)s”有误：没有%(month)s月；请改为1至12月") % {"text": original, "month": month}
        )
    if day is None:
        return _month_end(year, month)
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(
            _("完成时限“%(text)s”不存在：%(year)s年%(month)s月没有%(day)s日；请核对后改为实际日期")
            % {"text": original, "year": year, "month": month, "day": day}
        ) from None


def _in_range(value: date, year: int, original: str) -> date:
    # Year-end summaries are often due early next year; anything further off is a wrong year.
    if value.year not in (year, year + 1):
        raise ValueError(
            _("完成时限“%(text)s”不在%(year)s年度台账内；请改正日期，或在导入时选择正确的年度")
            % {"text": original, "year": year}
        )
    return value


def parse_deadline(value: Any, *, year: int) -> Deadline:
    """Read one 完成时限 cell for the ledger `year`; raise ValueError with a Chinese message."""
    if value is None or (isinstance(value, str) and not normalize_text(value)):
        return Deadline(None, Recurrence.NONE, "")
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        return Deadline(_in_range(day, year, day.isoformat()), Recurrence.NONE, day.isoformat())
    text = normalize_text(value)
    compact = text.replace(" ", "").rstrip("。.;；")
    for words, recurrence in _RHYTHMS:
        if compact in words or (compact.startswith(words[0]) and len(compact) <= len(words[0]) + 4):
            return Deadline(None, recurrence, text)
    if compact in _YEAR_END:
        return Deadline(date(year, 12, 31), Recurrence.NONE, text)
    if compact in _HALF:
        month, day = _HALF[compact]
        return Deadline(date(year, month, day), Recurrence.NONE, text)
    match = _MONTH_DAY.match(compact)
    if match:
        month = int(match["m"])
        day = int(match["d"]) if match["d"] else None
        return Deadline(_checked(year, month, day, text), Recurrence.NONE, text)
    bare = re.sub(r"(?:前|之前|以前)$", "", compact)
    try:
        # The inner message only tells an impossible date from an unreadable one: read it in Chinese.
        with translation.override("zh-hans"):
            parsed, precision = parse_date_with_precision(bare if isinstance(value, str) else value)
    except ValueError as exc:
        if "不存在" in str(exc) or "没有" in str(exc):
            raise ValueError(_("完成时限“%(text)s”不存在，请核对后改为实际日期") % {"text": text}) from None
        raise ValueError(
            _("无法识别完成时限“%(text)s”；可写成：%(forms)s") % {"text": text, "forms": ACCEPTED_FORMS}
        ) from None
    if precision != DAY:
        parsed = _month_end(parsed.year, parsed.month)  # "2020年3月" means by the end of March
    return Deadline(_in_range(parsed, year, text), Recurrence.NONE, text)
