"""Periods shared by the ledger, carriers and assessments: month, quarter, half-year, year.

A period has a stable text code used in URLs, filters and database columns:
`2020-M03` (March), `2020-Q1`, `2020-H1`, `2020-Y`. Codes sort chronologically within a kind.
"""

from __future__ import annotations

import argparse
import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

MONTH, QUARTER, HALF, YEAR = "M", "Q", "H", "Y"
# The years the ledger holds: anything else in a URL, form, file or command is refused before any query.
YEAR_MIN, YEAR_MAX = 2000, 2100
_YEAR_RE = re.compile(r"^(\d{4})\s*(?:年|年度)?$")
_MONTHS_PER_KIND = {MONTH: 1, QUARTER: 3, HALF: 6, YEAR: 12}
_CODE_RE = re.compile(r"^(?P<year>\d{4})-(?:(?P<kind>[MQH])(?P<index>\d{1,2})|Y)$")
# What people type into a period filter (after NFKC and without spaces): 2026年7月, 2026-07, 2026.7,
# 2026年第3季度, 2026年三季度, 2026Q3, 2026年上半年, 2026年, 2026年全年, 2026年度.
_HUMAN_FORMS = [
    (MONTH, re.compile(r"^(?P<year>\d{4})(?:年|[-/.])(?P<index>\d{1,2})月?$")),
    (QUARTER, re.compile(r"^(?P<year>\d{4})年?(?:第?(?P<index>[1-4一二三四])季度?|Q(?P<q>[1-4]))$", re.I)),
    (HALF, re.compile(r"^(?P<year>\d{4})年?(?P<index>[上下])半年$")),
    (YEAR, re.compile(r"^(?P<year>\d{4})(?:年|年度|年全年)?$")),
]
_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "上": 1, "下": 2}


@dataclass(frozen=True, order=True)
class Period:
    """One month, quarter, half-year or year."""

    year: int
    kind: str
    index: int = 1

    def __post_init__(self) -> None:
        if self.kind not in _MONTHS_PER_KIND:
            raise ValueError(f"unknown period kind {self.kind!r}")
        count = 12 // _MONTHS_PER_KIND[self.kind]
        if not 1 <= self.index <= count:
            raise ValueError(f"period index {self.index} out of range for kind {self.kind}")

    @classmethod
    def parse(cls, code: str) -> Period:
        match = _CODE_RE.match(code.strip())
        if not match:
            raise ValueError(f"不是有效的期间代码：{code}（示例：2020-M03、2020-Q1、2020-H1、2020-Y）")
        year = int(match["year"])
        if match["kind"] is None:
            return cls(year, YEAR, 1)
        return cls(year, match["kind"], int(match["index"]))

    @classmethod
    def parse_human(cls, text: str) -> Period:
        """A period as people write it (2026年7月, 2026年第3季度, 2026-07) or as a code (2026-M07)."""
        compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
        try:
            return cls.parse(compact.upper())
        except ValueError:
            pass
        for kind, pattern in _HUMAN_FORMS:
            match = pattern.match(compact)
            if not match:
                continue
            index = match.groupdict().get("index") or match.groupdict().get("q") or "1"
            try:
                return cls(int(match["year"]), kind, _NUMERALS.get(index) or int(index))
            except ValueError:
                break
        raise ValueError(
            _("无法识别期间“%(text)s”，请写成 2026年7月、2026年第3季度、2026年上半年、2026年 或 2026-07")
            % {"text": text}
        )

    @classmethod
    def containing(cls, day: date, kind: str) -> Period:
        span = _MONTHS_PER_KIND[kind]
        return cls(day.year, kind, (day.month - 1) // span + 1)

    @property
    def code(self) -> str:
        if self.kind == YEAR:
            return f"{self.year}-Y"
        if self.kind == MONTH:
            return f"{self.year}-M{self.index:02d}"
        return f"{self.year}-{self.kind}{self.index}"

    @property
    def first_month(self) -> int:
        return (self.index - 1) * _MONTHS_PER_KIND[self.kind] + 1

    @property
    def last_month(self) -> int:
        return self.first_month + _MONTHS_PER_KIND[self.kind] - 1

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        return date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    @property
    def label(self) -> str:
        """2020年3月, 2020年第1季度, 2020年上半年, 2020年 (translated in English mode)."""
        values = {"year": self.year, "index": self.index}
        if self.kind == YEAR:
            return _("%(year)d年") % values
        if self.kind == MONTH:
            return _("%(year)d年%(index)d月") % values
        if self.kind == QUARTER:
            return _("%(year)d年第%(index)d季度") % values
        return (_("%(year)d年上半年") if self.index == 1 else _("%(year)d年下半年")) % values

    @property
    def short_label(self) -> str:
        """The label without the year, for column headers inside one year's sheet: 3月, 第1季度, 全年."""
        if self.kind == YEAR:
            return _("全年")
        if self.kind == MONTH:
            return _("%(index)d月") % {"index": self.index}
        if self.kind == QUARTER:
            return _("第%(index)d季度") % {"index": self.index}
        return _("上半年") if self.index == 1 else _("下半年")

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return self.code


def period_label(code: str) -> str:
    """A period code as people read it: 2026-M09 → 2026年9月, 2026-Q3 → 2026年第3季度, 2026-H1 →
    2026年上半年, 2026-Y → 2026年. Anything that is not a code is shown as it is."""
    try:
        return Period.parse(code).label
    except (ValueError, AttributeError):
        return code


def year_label(year: int) -> str:
    """A whole year as people read it: 2026年."""
    return Period(year, YEAR).label


def parse_year(value: object) -> int:
    """A ledger year from a query string, form, file or command line: 2026, " 2026 ", "2026年".

    ValueError, with a Chinese message saying what to write, for anything else or a year outside
    YEAR_MIN–YEAR_MAX (which would reach date() and the database's year lookups as an error).
    """
    text = str(value).strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    match = _YEAR_RE.match(text) if not isinstance(value, bool) else None
    if match and YEAR_MIN <= int(match[1]) <= YEAR_MAX:
        return int(match[1])
    raise ValueError(
        _("年度“%(value)s”不正确；请填写%(min)s至%(max)s之间的四位年份，如 2026")
        % {"value": value, "min": YEAR_MIN, "max": YEAR_MAX}
    )


def year_argument(value: str) -> int:
    """parse_year as a management command's `--year` type: a bad year ends the command with the message."""
    try:
        return parse_year(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def periods_of_year(year: int, kind: str) -> list[Period]:
    return [Period(year, kind, i) for i in range(1, 12 // _MONTHS_PER_KIND[kind] + 1)]


def quarter_of(day: date) -> Period:
    return Period.containing(day, QUARTER)
