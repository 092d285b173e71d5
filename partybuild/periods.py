"""Periods shared by the ledger, carriers and assessments: month, quarter, half-year, year.

A period has a stable text code used in URLs, filters and database columns:
`2020-M03` (March), `2020-Q1`, `2020-H1`, `2020-Y`. Codes sort chronologically within a kind.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTH, QUARTER, HALF, YEAR = "M", "Q", "H", "Y"
KIND_LABELS = {MONTH: "月", QUARTER: "季度", HALF: "半年", YEAR: "年度"}
_MONTHS_PER_KIND = {MONTH: 1, QUARTER: 3, HALF: 6, YEAR: 12}
_CODE_RE = re.compile(r"^(?P<year>\d{4})-(?:(?P<kind>[MQH])(?P<index>\d{1,2})|Y)$")


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
        if self.kind == YEAR:
            return f"{self.year}年"
        if self.kind == MONTH:
            return f"{self.year}年{self.index}月"
        if self.kind == QUARTER:
            return f"{self.year}年第{self.index}季度"
        return f"{self.year}年{'上' if self.index == 1 else '下'}半年"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def months(self) -> list[Period]:
        return [Period(self.year, MONTH, m) for m in range(self.first_month, self.last_month + 1)]

    def __str__(self) -> str:
        return self.code


def periods_of_year(year: int, kind: str) -> list[Period]:
    return [Period(year, kind, i) for i in range(1, 12 // _MONTHS_PER_KIND[kind] + 1)]


def quarter_of(day: date) -> Period:
    return Period.containing(day, QUARTER)
