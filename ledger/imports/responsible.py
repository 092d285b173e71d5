"""The 责任单位 column: org names (by accounts.names' rules) and group phrases (各基层党组织).

The resolver loads every name once and then answers each cell from memory, so a 10,000-row file
costs no per-row query. An unknown name is an error that lists the closest known names and
phrases, because the usual cause is a typo or an outdated name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import OrgGroupRule
from accounts.names import OrganizationNames, name_key
from partybuild.legacy_excel import normalize_text

# 、，,;； and any whitespace separate several units in one cell.
_SEPARATORS = re.compile(r"[、，,;；/\s]+")
_WHAT = gettext_lazy("责任单位")
_FIX = gettext_lazy("，或先在“党组织”中添加该组织或别名")


@dataclass(frozen=True)
class Responsible:
    """The orgs and group phrases one 责任单位 cell names."""

    org_ids: tuple[int, ...] = ()
    group_ids: tuple[int, ...] = ()
    org_labels: tuple[str, ...] = ()
    group_labels: tuple[str, ...] = ()


@dataclass
class ResponsibleResolver:
    """Org names and group phrases, loaded once from the database."""

    names: OrganizationNames = field(default_factory=OrganizationNames)
    groups: dict[str, int] = field(default_factory=dict)
    group_labels: dict[int, str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> ResponsibleResolver:
        resolver = cls(names=OrganizationNames.load())
        for pk, phrase in OrgGroupRule.objects.values_list("pk", "phrase"):
            resolver.groups.setdefault(name_key(phrase), pk)
            resolver.group_labels[pk] = phrase
        return resolver

    def resolve(self, text: str) -> Responsible:
        """The orgs and groups named in `text`; ValueError listing every unknown or ambiguous name."""
        names = [part for part in _SEPARATORS.split(normalize_text(text)) if part]
        if not names:
            raise ValueError(_("责任单位为空；请填写党组织名称、简称、单位名称或“各基层党组织”等称谓"))
        orgs: dict[int, str] = {}
        group_ids: list[int] = []
        problems: list[str] = []
        for name in names:
            group = self.groups.get(name_key(name))
            if group is not None:
                if group not in group_ids:
                    group_ids.append(group)
                continue
            try:
                org = self.names.resolve(name, what=_WHAT, fix=_FIX, also=self.group_labels.values())
            except ValueError as exc:
                problems.append(str(exc))
                continue
            orgs.setdefault(org.pk, org.name)
        if problems:
            raise ValueError("；".join(problems) if len(problems) > 1 else problems[0])
        return Responsible(
            org_ids=tuple(orgs),
            group_ids=tuple(group_ids),
            org_labels=tuple(orgs.values()),
            group_labels=tuple(self.group_labels[pk] for pk in group_ids),
        )
