"""The 责任单位 column: org full names, short names, aliases, unit names and group phrases.

The resolver loads every name once (three queries) and then answers each cell from memory, so a
10,000-row file costs no per-row query. An unknown name is an error that lists the closest known
names (difflib), because the usual cause is a typo or an outdated name.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from accounts.models import Organization, OrgGroupRule, Unit
from partybuild.legacy_excel import normalize_text

# 、，,;； and any whitespace separate several units in one cell.
_SEPARATORS = re.compile(r"[、，,;；/\s]+")


def _key(text: str) -> str:
    return normalize_text(text).replace(" ", "")


@dataclass(frozen=True)
class Responsible:
    """The orgs and group phrases one 责任单位 cell names."""

    org_ids: tuple[int, ...] = ()
    group_ids: tuple[int, ...] = ()
    org_labels: tuple[str, ...] = ()
    group_labels: tuple[str, ...] = ()


@dataclass
class ResponsibleResolver:
    """Name → org/group lookups built once from the database."""

    orgs: dict[str, set[int]] = field(default_factory=dict)
    groups: dict[str, int] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)
    group_labels: dict[int, str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> ResponsibleResolver:
        resolver = cls()
        rows = Organization.objects.filter(is_active=True).values_list(
            "pk", "name", "short_name", "aliases", "unit_id", "depth", "path"
        )
        top_of_unit: dict[int, tuple[int, str, int]] = {}
        for pk, name, short_name, aliases, unit_id, depth, path in rows:
            resolver.labels[pk] = name
            for text in (name, short_name, *(aliases or [])):
                if text:
                    resolver.orgs.setdefault(_key(text), set()).add(pk)
            # A unit name stands for that unit's top org: the shallowest one (first in the tree).
            if unit_id is not None and (
                unit_id not in top_of_unit or (depth, path) < top_of_unit[unit_id][1:]
            ):
                top_of_unit[unit_id] = (pk, depth, path)
        for unit_id, name, short_name in Unit.objects.values_list("pk", "name", "short_name"):
            if unit_id not in top_of_unit:
                continue
            for text in (name, short_name):
                key = _key(text) if text else ""
                # An org's own name wins over a unit name written the same way.
                if key and key not in resolver.orgs:
                    resolver.orgs[key] = {top_of_unit[unit_id][0]}
        for pk, phrase in OrgGroupRule.objects.values_list("pk", "phrase"):
            resolver.groups.setdefault(_key(phrase), pk)
            resolver.group_labels[pk] = phrase
        return resolver

    def suggestions(self, name: str, count: int = 3) -> list[str]:
        known = list(self.orgs) + list(self.groups)
        return difflib.get_close_matches(_key(name), known, n=count, cutoff=0.5)

    def resolve(self, text: str) -> Responsible:
        """The orgs and groups named in `text`; ValueError listing every unknown or ambiguous name."""
        names = [part for part in _SEPARATORS.split(normalize_text(text)) if part]
        if not names:
            raise ValueError(_("责任单位为空；请填写党组织名称、简称、单位名称或“各基层党组织”等称谓"))
        org_ids: list[int] = []
        group_ids: list[int] = []
        problems: list[str] = []
        for name in names:
            key = _key(name)
            if key in self.groups:
                if self.groups[key] not in group_ids:
                    group_ids.append(self.groups[key])
                continue
            found = self.orgs.get(key)
            if not found:
                close = self.suggestions(name)
                hint = (
                    _("相近的名称：%(names)s") % {"names": _("、").join(close)}
                    if close
                    else _("没有相近的名称")
                )
                problems.append(
                    _(
                        "找不到责任单位“%(name)s”（%(hint)s）；请改成系统中的党组织全称、简称、别名或单位名称，"
                        "或先在“党组织”中添加该组织或别名"
                    )
                    % {"name": name, "hint": hint}
                )
                continue
            if len(found) > 1:
                full = _("、").join(sorted(self.labels[pk] for pk in found))
                problems.append(
                    _("责任单位“%(name)s”对应多个党组织（%(full)s）；请改写为其中一个的全称")
                    % {"name": name, "full": full}
                )
                continue
            pk = next(iter(found))
            if pk not in org_ids:
                org_ids.append(pk)
        if problems:
            raise ValueError("；".join(problems) if len(problems) > 1 else problems[0])
        return Responsible(
            org_ids=tuple(org_ids),
            group_ids=tuple(group_ids),
            org_labels=tuple(self.labels[pk] for pk in org_ids),
            group_labels=tuple(self.group_labels[pk] for pk in group_ids),
        )
