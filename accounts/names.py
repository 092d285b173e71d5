"""Finding an org by the name a person or a legacy file writes: full name, short name, alias or unit.

One set of rules for every caller (the org and member imports, the ledger's 责任单位 column):
names are compared after normalize_text with every space removed; a full name always wins (but a
retired org's name that an active org keeps as an alias, after a merge, means the active org); a
short name or alias shared by two active orgs is ambiguous and names both (a retired org sharing it
yields to the active ones); a unit's name (市税务局) stands for the unit's top org (the shallowest,
first in the tree) unless an org is called that itself. An unknown name is an error listing the
closest known names, because the usual cause is a typo or an old name.
Everything is loaded once (two queries), so a 10,000-row file costs no per-row query.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from django.utils.translation import gettext as _

from partybuild.legacy_excel import normalize_text

from .models import Organization, Unit


def name_key(text: object) -> str:
    """A name as compared: half-width, no spaces at all ("市税务局 党支部" = "市税务局党支部")."""
    return normalize_text(text).replace(" ", "")


def _rank(org: Organization) -> tuple:
    """Which of a unit's orgs its name stands for: active before retired, shallowest, first in the tree."""
    return (not org.is_active, org.depth, org.path)


class OrganizationNames:
    """Name → org lookups over every org (retired ones too, so they can be named as such)."""

    def __init__(self, orgs: Iterable[Organization] = (), units: Iterable[tuple[int, str, str]] = ()):
        self.full: dict[str, Organization] = {}
        self.other: dict[str, dict[int, Organization]] = {}
        self.unit_ids: dict[str, int] = {}
        self.unit_top: dict[int, Organization] = {}
        self.shown: dict[str, str] = {}  # key → the name as first written, for suggestions
        self.known_units: set[int] = set()
        for unit_id, name, short_name in units:
            self.known_units.add(unit_id)
            for text in (name, short_name):
                if text and name_key(text):
                    self.unit_ids.setdefault(name_key(text), unit_id)
                    self.shown.setdefault(name_key(text), normalize_text(text))
        for org in orgs:
            self.add(org)

    @classmethod
    def load(cls) -> OrganizationNames:
        orgs = Organization.objects.select_related("unit").order_by("path")
        return cls(orgs, Unit.objects.values_list("pk", "name", "short_name"))

    def add(self, org: Organization) -> None:
        """Make `org` findable (also one just created by an import)."""
        key = name_key(org.name)
        self.full[key] = org
        self.shown[key] = org.name
        for text in (org.short_name, *(org.aliases or [])):
            if text and name_key(text):
                self.other.setdefault(name_key(text), {})[org.pk] = org
                self.shown.setdefault(name_key(text), normalize_text(text))
        if org.unit_id is not None:
            if org.unit_id not in self.known_units and "unit" in org._state.fields_cache:
                # a unit created by the same import (the org list is the unit register too)
                self.known_units.add(org.unit_id)
                self.unit_ids.setdefault(name_key(org.unit.name), org.unit_id)
            top = self.unit_top.get(org.unit_id)
            if top is None or _rank(org) < _rank(top):
                self.unit_top[org.unit_id] = org

    def matches(self, name: object) -> list[Organization]:
        """Every org `name` could mean under the rules above: none, one, or several (ambiguous)."""
        return self._matches(name_key(name))

    def _matches(self, key: str) -> list[Organization]:
        if not key:
            return []
        if key in self.full:
            org = self.full[key]
            if org.is_active:
                return [org]
            # A retired org's name kept as an alias by the org it was merged into means that org.
            heirs = [other for other in self.other.get(key, {}).values() if other.is_active]
            return heirs or [org]
        if key in self.other:
            named = list(self.other[key].values())
            # A short name or alias a retired org shares with active ones (after a merge) means those.
            return [org for org in named if org.is_active] or named
        unit_id = self.unit_ids.get(key)
        if unit_id is not None and unit_id in self.unit_top:
            return [self.unit_top[unit_id]]
        return []

    def find(self, name: object) -> Organization | None:
        """The one org `name` means, or None (unknown or ambiguous)."""
        found = self.matches(name)
        return found[0] if len(found) == 1 else None

    def resolve(
        self, name: object, *, what: str, fix: str = "", active_only: bool = True, also: Iterable[str] = ()
    ) -> Organization:
        """The one org `name` means; otherwise ValueError saying why, in Chinese, with what to do.

        `what` names the column for the message (上级党组织, 所在党支部, 责任单位); `fix` is one more way
        out for an unknown name (", or add it to this file"); `also` are other words the cell may hold
        (the ledger's group phrases), offered among the suggestions. Callers that resolve thousands of
        cells pass gettext_lazy texts: they are translated only for a message.
        """
        found = self._matches(name_key(name))
        text = normalize_text(name) if len(found) != 1 else ""
        if not found:
            raise ValueError(
                _(
                    "找不到%(what)s“%(name)s”（%(hint)s）；请填写系统中已有党组织的全称、简称、别名或单位名称%(fix)s"
                )
                % {"what": what, "name": text, "hint": self.suggestions(text, also=also), "fix": fix}
            )
        if len(found) > 1:
            raise ValueError(
                _("%(what)s“%(name)s”对应多个党组织（%(full)s）；请改写为其中一个的全称")
                % {"what": what, "name": text, "full": _("、").join(sorted(o.name for o in found))}
            )
        org = found[0]
        if active_only and not org.is_active:
            raise ValueError(
                _("%(what)s“%(name)s”（%(full)s）已撤销；请改为现有的党组织，或先在“党组织”中恢复它")
                % {"what": what, "name": normalize_text(name), "full": org.name}
            )
        return org

    def suggestions(self, name: object, *, also: Iterable[str] = (), count: int = 3) -> str:
        """相近的名称：A、B（全称）… — the closest names as written, each with its full name if different."""
        extra = {name_key(word): normalize_text(word) for word in also}
        known = [*self.full, *self.other, *self.unit_ids, *extra]
        close = difflib.get_close_matches(name_key(name), known, n=count, cutoff=0.5)
        if not close:
            return _("没有相近的名称")
        shown, seen = [], set()
        for key in close:
            if key in extra and key not in self.shown:
                shown.append(extra[key])
                continue
            targets = [o for o in self.matches(key) if o.pk not in seen]
            if not targets:
                continue  # an org already offered under a closer name
            seen.update(o.pk for o in targets)
            written = self.shown.get(key, key)
            fulls = [o.name for o in targets if o.name != written]
            shown.append(f"{written}（{_('、').join(fulls)}）" if fulls else written)
        return _("相近的名称：%(names)s") % {"names": _("、").join(dict.fromkeys(shown))}
