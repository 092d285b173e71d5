"""The scheme's arithmetic as pure functions (no database), so the property tests can reach them:
component values → three indices → composite → grade; then, over a run's results, rank among peers,
the excellent quota and the "履职不到位" flag.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

INDICES = ("performance", "responsibility", "conduct")
FLAG_DUTY = "duty_unfulfilled"  # 履职不到位
FLAG_LABELS = {FLAG_DUTY: _("履职不到位")}
GRADES = ("excellent", "good", "fair", "poor")
BOTTOM_RANK_MIN_PEERS = 3
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class ComponentSpec:
    index: str
    key: str
    weight: Decimal
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SchemeSpec:
    """What computation needs of a Scheme (made by `spec_of(scheme)` in services)."""

    index_weights: dict[str, Decimal]
    components: tuple[ComponentSpec, ...]
    excellent_from: Decimal = Decimal(90)
    good_from: Decimal = Decimal(80)
    fair_from: Decimal = Decimal(60)
    excellent_quota: Decimal = Decimal("0.20")
    flag_bottom_rank: bool = True
    flag_poor_grade: bool = True


def clamp(value: float, low: float = 0.0, high: float = 100.0) -> float:
    return max(low, min(high, value))


def money(value: float | Decimal) -> Decimal:
    """Two decimals, half up (indices and composites are stored so)."""
    return Decimal(str(value)).quantize(_CENT, rounding=ROUND_HALF_UP)


# ----------------------------------------------------------------------------- component values


def ledger_value(*, due_w: float, on_time_w: float, late_w: float, late_credit: float = 0.6) -> float | None:
    """Weighted share of the period's due tasks done: on time 100%, late `late_credit`; None when none due."""
    if due_w <= 0:
        return None
    return clamp(100.0 * (on_time_w + late_credit * late_w) / due_w)


def reminders_value(
    *, talks: int, open_items: int, base=100, per_talk=20, per_open_rectification=10
) -> float:
    return clamp(float(base) - float(per_talk) * talks - float(per_open_rectification) * open_items)


def bulletins_value(
    *, praise: int, remind: int, criticise: int, base=90, per_praise=5, per_remind=10, per_criticise=20
) -> float:
    return clamp(
        float(base)
        + float(per_praise) * praise
        - float(per_remind) * remind
        - float(per_criticise) * criticise
    )


def ratio_value(ratio: float | None) -> float:
    """A carrier's compliance ratio (0..1; missing → 0) as 0–100."""
    return clamp(100.0 * float(ratio or 0))


# ----------------------------------------------------------------------------------- combination


def weighted(parts: list[tuple[Decimal, float | None]]) -> float:
    """Weighted mean of the applicable parts (value not None); 0 when none applies."""
    applicable = [(float(w), v) for w, v in parts if v is not None and w > 0]
    total = sum(w for w, _v in applicable)
    if total <= 0:
        return 0.0
    return clamp(sum(w * v for w, v in applicable) / total)


def combine(spec: SchemeSpec, values: dict[str, float | None]) -> dict[str, Decimal]:
    """Component values (key → 0–100 or None: not applicable) → the three indices and the composite."""
    out: dict[str, Decimal] = {}
    for index in INDICES:
        parts = [(c.weight, values.get(c.key)) for c in spec.components if c.index == index]
        out[index] = money(weighted(parts))
    composite = weighted([(spec.index_weights[i], float(out[i])) for i in INDICES])
    out["composite"] = money(composite)
    return out


def grade_of(spec: SchemeSpec, composite: Decimal) -> str:
    if composite >= spec.excellent_from:
        return "excellent"
    if composite >= spec.good_from:
        return "good"
    if composite >= spec.fair_from:
        return "fair"
    return "poor"


def quota_count(peers: int, quota: Decimal) -> int:
    """How many of `peers` may be 优秀: the quota share, rounded down (3 peers at 20% → 0)."""
    return math.floor(peers * float(quota) + 1e-9)


@dataclass
class Ranked:
    org_id: int
    peer_kind: str
    path: str
    composite: Decimal
    rank: int = 0
    peer_count: int = 0
    grade: str = ""
    quota_applied: bool = False
    flags: list[str] = field(default_factory=list)


def rank_peers(spec: SchemeSpec, rows: list[Ranked]) -> list[Ranked]:
    """Rank within each peer kind (composite descending; ties share a rank, "1, 2, 2, 4"; listed by org
    path within a tie, so the order is deterministic), grade, cap 优秀 at the quota (the first candidates
    in that order keep it, the others become 良好 with `quota_applied`), and flag 履职不到位."""
    by_kind: dict[str, list[Ranked]] = {}
    for row in rows:
        by_kind.setdefault(row.peer_kind, []).append(row)
    for peers in by_kind.values():
        peers.sort(key=lambda r: (-r.composite, r.path, r.org_id))
        previous, rank = None, 0
        for position, row in enumerate(peers, start=1):
            if row.composite != previous:
                rank, previous = position, row.composite
            row.rank, row.peer_count = rank, len(peers)
            row.grade, row.quota_applied, row.flags = grade_of(spec, row.composite), False, []
        allowed = quota_count(len(peers), spec.excellent_quota)
        excellent = [row for row in peers if row.grade == "excellent"]
        for row in excellent[allowed:]:
            row.grade, row.quota_applied = "good", True
        last_rank = peers[-1].rank if peers else 0
        for row in peers:
            bottom = spec.flag_bottom_rank and len(peers) >= BOTTOM_RANK_MIN_PEERS and row.rank == last_rank
            # Everybody tied for last is not "the bottom" of anything: no flag when all peers are equal.
            bottom = bottom and peers[0].composite != row.composite
            if bottom or (spec.flag_poor_grade and row.grade == "poor"):
                row.flags.append(FLAG_DUTY)
    return rows
