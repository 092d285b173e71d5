"""Reading one row's cells for a kind's parser: text, choices, numbers, dates, orgs and people.

A RowReader collects every problem of its row (each placed at its column) instead of stopping at the
first, so one upload lists everything to fix. Orgs are found by accounts.names (full name, short name,
alias, unit), loaded once per import; people by name within their org or the orgs below it, with the
optional 身份证号 column deciding between two people of the same name. Members are loaded once per
org named in the file, never once per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from accounts.models import Member, Organization
from accounts.names import OrganizationNames, name_key
from accounts.services.people import id_number_read
from partybuild.exceptions import DomainError
from partybuild.legacy_excel import ImportProblem, LegacyRow, normalize_text, parse_date

ID_NUMBER = "id_number"
# The optional 身份证号 column every kind that names a person takes (CONTRACT.md).
ID_NUMBER_NAMES = ("身份证号", "身份证号码", "公民身份号码")


@dataclass
class Context:
    """What one import loads once and every row reuses."""

    names: OrganizationNames = field(default_factory=OrganizationNames.load)
    _members: dict[int, list[Member]] = field(default_factory=dict)
    _cache: dict = field(default_factory=dict)

    def cached(self, key, load):
        """`load()` once per import for `key` (e.g. an org's terms), then from memory."""
        if key not in self._cache:
            self._cache[key] = load()
        return self._cache[key]

    def members_under(self, org: Organization) -> list[Member]:
        if org.pk not in self._members:
            self._members[org.pk] = list(
                Member.objects.filter(organization__path__startswith=org.path).select_related("organization")
            )
        return self._members[org.pk]


class RowReader:
    """One row's cells, read by key; `problems` gathers what is wrong, each at its column."""

    def __init__(self, row: LegacyRow, context: Context, headers: dict[str, str]):
        self.row = row
        self.context = context
        self.headers = headers
        self.problems: list[ImportProblem] = []

    def problem(self, key: str | None, message: str) -> None:
        problem = self.row.problem(key, message)
        if key and problem.header is None:
            problem = ImportProblem(
                message, sheet=problem.sheet, row=problem.row, header=self.headers.get(key)
            )
        self.problems.append(problem)

    def _empty(self, key: str, required: bool) -> None:
        if required:
            self.problem(key, _("“%(header)s”为空，请填写") % {"header": self.headers.get(key, key)})

    def text(self, key: str, *, required: bool = True, max_length: int | None = None) -> str:
        value = self.row.get(key)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, date):
            value = value.isoformat()
        text = normalize_text(value) if value is not None else ""
        if not text:
            self._empty(key, required)
        elif max_length and len(text) > max_length:
            self.problem(key, _("内容过长（%(n)s字），最多%(max)s字") % {"n": len(text), "max": max_length})
        return text

    def choice(self, key: str, options: dict[str, str], *, required: bool = True) -> str:
        """The code of the option the cell names (options: label as written → code)."""
        text = self.text(key, required=required)
        if not text:
            return ""
        compact = text.replace(" ", "")
        if compact in options:
            return options[compact]
        self.problem(
            key,
            _("“%(value)s”不是可选的值；请填写：%(options)s")
            % {"value": text, "options": "、".join(options)},
        )
        return ""

    def integer(self, key: str, *, required: bool = True, default: int = 0) -> int:
        value = self.row.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            self._empty(key, required)
            return default
        try:
            number = float(normalize_text(value).rstrip("人名"))
        except ValueError:
            number = -1.5
        if number < 0 or not number.is_integer():
            self.problem(key, _("“%(value)s”不是人数；请填写0或正整数，如 12") % {"value": value})
            return default
        return int(number)

    def date(self, key: str, *, required: bool = True) -> date | None:
        value = self.row.get(key)
        if value is None or (isinstance(value, str) and not normalize_text(value)):
            self._empty(key, required)
            return None
        try:
            return parse_date(value)
        except ValueError as exc:
            self.problem(key, str(exc))
            return None

    def organization(self, key: str) -> Organization | None:
        text = self.text(key)
        if not text:
            return None
        try:
            return self.context.names.resolve(text, what=self.headers.get(key, key))
        except ValueError as exc:
            self.problem(key, str(exc))
            return None

    def id_number_digest(self) -> str | None:
        raw = self.row.get(ID_NUMBER)
        if raw is None or not normalize_text(raw):
            return None
        try:
            return id_number_read(raw).digest
        except DomainError as exc:
            self.problem(ID_NUMBER, exc.message)
            return None

    def member(
        self, key: str, org: Organization | None, *, required: bool = True
    ) -> tuple[str, Member | None]:
        """(the name as written, the member it names in `org` or below). A name no member has is a
        problem when `required`; two members of that name need the 身份证号 column."""
        name = self.text(key)
        if not name or org is None:
            return name, None
        digest = self.id_number_digest()
        same = [m for m in self.context.members_under(org) if name_key(m.name) == name_key(name)]
        if digest is not None:
            same = [m for m in same if m.id_number_hash == digest]
        if len(same) == 1:
            return name, same[0]
        if not same and required:
            self.problem(
                key,
                _(
                    "在“%(org)s”及其下级组织的党员中找不到“%(name)s”%(id)s；请核对姓名，或先在党员名册中登记此人"
                )
                % {"org": org.name, "name": name, "id": _("（按身份证号）") if digest else ""},
            )
        elif len(same) > 1:
            self.problem(
                key,
                _(
                    "“%(org)s”及其下级组织有%(n)s名党员叫“%(name)s”（%(where)s）；请在“身份证号”列填写此人的身份证号"
                )
                % {
                    "org": org.name,
                    "n": len(same),
                    "name": name,
                    "where": "、".join(m.organization.name for m in same),
                },
            )
        return name, None
