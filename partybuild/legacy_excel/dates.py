"""Dates written every way legacy files write them; impossible dates raise instead of guessing."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from .text import normalize_text

DAY, MONTH = "day", "month"
_TEXT_DATE = re.compile(
    r"^(?P<y>\d{4})\s*[年./\-]\s*(?P<m>\d{1,2})\s*(?:月)?\s*"
    r"(?:[./\-]?\s*(?P<d>\d{1,2})\s*[日号]?)?"
    r"(?:\s+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?$"
)
_COMPACT_DATE = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})?$")


def _build_date(year: int, month: int, day: int | None, original: Any) -> tuple[date, str]:
    if not 1 <= month <= 12:
        raise ValueError(
            _("日期“%(value)s”有误：没有%(month)s月，请改为1至12月之间的正确日期")
            % {"value": original, "month": month}
        )
    try:
        return date(year, month, day or 1), (DAY if day else MONTH)
    except ValueError:
        raise ValueError(
            _("日期“%(value)s”不存在：%(year)s年%(month)s月没有%(day)s日，请核对原始材料后改正")
            % {"value": original, "year": year, "month": month, "day": day}
        ) from None


def parse_date_with_precision(value: Any) -> tuple[date, str]:
    """Like parse_date, also saying whether the source gave a day ("day") or only a month ("month")."""
    if isinstance(value, datetime):
        return value.date(), DAY
    if isinstance(value, date):
        return value, DAY
    if isinstance(value, bool) or value is None:
        raise ValueError(_("日期为空，请填写日期，如 2019-03-31"))
    if isinstance(value, int | float):
        return _parse_number(value)
    text = normalize_text(value)
    if not text:
        raise ValueError(_("日期为空，请填写日期，如 2019-03-31"))
    compact = _COMPACT_DATE.match(text.replace(" ", ""))
    match = compact or _TEXT_DATE.match(text)
    if not match:
        raise ValueError(
            _(
                "无法识别日期“%(value)s”；请写成 2019-03-31、2019年3月31日、2019.3.31 或 2019/3/31"
                "（只知道年月可写 1969.01 或 1969年1月）"
            )
            % {"value": value}
        )
    day = match["d"]
    return _build_date(int(match["y"]), int(match["m"]), int(day) if day else None, value)


def _parse_number(value: int | float) -> tuple[date, str]:
    # 1969.01 typed into a number cell: year.month. 1969.1 could be January or October → refuse.
    if 1900 <= value < 2100 and value != int(value):
        decimals = repr(float(value)).split(".")[1]
        if len(decimals) != 2:
            raise ValueError(
                _(
                    "日期“%(value)s”无法确定月份（可能是%(year)s年1月或10月）；"
                    "请把单元格设为文本，写成 1969.01 或 1969.10 这样的两位月份"
                )
                % {"value": value, "year": int(value)}
            )
        return _build_date(int(value), int(decimals), None, value)
    if 1900 <= value < 2100:
        raise ValueError(
            _("日期“%(value)s”只有年份；请写明年月，如 %(year)s.01 或 %(year)s年1月")
            % {"value": value, "year": int(value)}
        )
    if 1 <= value <= 2958465:  # Excel's serial-number range
        converted = from_excel(value)
        return (converted.date() if isinstance(converted, datetime) else converted), DAY
    raise ValueError(_("无法识别日期“%(value)s”；请写成 2019-03-31 这样的日期") % {"value": value})


def parse_date(value: Any) -> date:
    """Read a date written any common way; raise ValueError (in Chinese) rather than guess.

    Accepts date/datetime cells, Excel serial numbers, 2019年3月31日, 2019.3.31, 2019/3/31,
    2019-03-31, 20190331, full-width digits, and year-month forms 1969.01 / 1969年1月 (→ the 1st;
    parse_date_with_precision tells which). 2019-02-30 or 2019年13月1日 raise.
    """
    return parse_date_with_precision(value)[0]


def parse_optional_date(value: Any) -> date | None:
    """None for an empty cell, else parse_date."""
    if value is None or (isinstance(value, str) and not normalize_text(value)):
        return None
    return parse_date(value)
