"""The kinds of record the import framework knows: a small declarative spec per kind.

A kind says which columns its workbook has (the canonical header of /work/shared/CONTRACT.md first,
then synonyms), how one row becomes the keyword arguments of a service (`parse`), the row's natural
key (a second import of the same file finds every key and changes nothing), and how a parsed row is
written (`write`, calling the services and answering "new", "updated" or "unchanged"). The engine
(activities.imports.engine) does the rest for every kind alike: reading, placing errors, all-or-nothing,
dry runs, the audit event. A new kind is a module under activities/imports/kinds/ that calls register().
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"


@dataclass(frozen=True)
class ColumnSpec:
    """One column: its key in code, the header a template shows, other headers accepted, and a hint."""

    key: str
    header: str
    synonyms: tuple[str, ...] = ()
    required: bool = True
    hint: str = ""

    @property
    def names(self) -> list[str]:
        return [self.header, *self.synonyms]


@dataclass(frozen=True)
class RecordKind:
    """One importable kind of record (see the module docstring)."""

    name: str
    label: str
    model: type[Model]
    columns: tuple[ColumnSpec, ...]
    # (reader) → parsed values; problems go to reader.problem(...) and the return value is then ignored.
    parse: Callable[[Any], dict]
    key: Callable[[dict], tuple]
    # (parsed, actor) → NEW / UPDATED / UNCHANGED; raises DomainError / ValidationError to refuse the row.
    write: Callable[[dict, Any], str]
    describe: Callable[[dict], str]
    # The permission the portal's import pages ask (the services ask again for each row).
    permission: str
    # Rows are written in this order (e.g. by start date, so a later term ends an earlier one).
    order: Callable[[dict], Any] | None = None
    # A service error about a model field is shown in this column.
    field_columns: dict[str, str] = field(default_factory=dict)
    # The columns of the natural key, named in the message about a repeated row.
    key_columns: tuple[str, ...] = ()
    # The kind names people: it also takes the optional 身份证号 column (two people of one name).
    takes_id_number: bool = False
    # The list page the portal returns to after an import.
    list_url_name: str = ""

    @property
    def synonyms(self) -> dict[str, list[str]]:
        return {column.key: column.names for column in self.columns}

    @property
    def required(self) -> set[str]:
        return {column.key for column in self.columns if column.required}

    def header_of(self, key: str) -> str:
        return next((c.header for c in self.columns if c.key == key), key)


_KINDS: dict[str, RecordKind] = {}
# Modules that register kinds (one per area).
KIND_MODULES = [
    "activities.imports.kinds.terms",
    "activities.imports.kinds.vetting",
    "activities.imports.kinds.talks",
    "activities.imports.kinds.bulletins",
    "activities.imports.kinds.reminders",
    "activities.imports.kinds.debriefs",
    "activities.imports.kinds.posts",
    "activities.imports.kinds.days",
    "activities.imports.kinds.meetings",
    "activities.imports.kinds.pairing",
    "activities.imports.kinds.forums",
    "activities.imports.kinds.selections",
    "activities.imports.kinds.brands",
]


def register(kind: RecordKind) -> RecordKind:
    _KINDS[kind.name] = kind
    return kind


def _load() -> None:
    for module in KIND_MODULES:
        importlib.import_module(module)


def all_kinds() -> list[RecordKind]:
    _load()
    return list(_KINDS.values())


class UnknownKind(LookupError):
    pass


def get_kind(name: str) -> RecordKind:
    _load()
    try:
        return _KINDS[name]
    except KeyError:
        raise UnknownKind(
            _("没有“%(name)s”这种导入类型；可用的类型：%(kinds)s")
            % {"name": name, "kinds": "、".join(sorted(_KINDS))}
        ) from None
