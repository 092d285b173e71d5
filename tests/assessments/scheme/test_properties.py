"""Properties of the scheme's arithmetic (assessments.scheme.calc), for any inputs hypothesis finds:
indices in [0, 100]; a penalty never raises a score; more on-time records never lower the performance
index; ranking is deterministic with ties; the excellent quota is never exceeded."""

from __future__ import annotations

import random
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.scheme.calc import (
    INDICES,
    ComponentSpec,
    Ranked,
    SchemeSpec,
    bulletins_value,
    combine,
    ledger_value,
    quota_count,
    rank_peers,
    reminders_value,
)
from assessments.scheme.defaults import DEFAULT_COMPONENTS, DEFAULT_SCHEME

DEFAULT = SchemeSpec(
    index_weights={
        "performance": DEFAULT_SCHEME["performance_weight"],
        "responsibility": DEFAULT_SCHEME["responsibility_weight"],
        "conduct": DEFAULT_SCHEME["conduct_weight"],
    },
    components=tuple(
        ComponentSpec(index=i, key=k, weight=w, params=p) for i, k, w, p, _d in DEFAULT_COMPONENTS
    ),
)
KEYS = [c.key for c in DEFAULT.components]
# Pure arithmetic, but the machine running the suite may be busy: no deadline, no too-slow check.
RELAXED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
value = st.one_of(st.none(), st.floats(min_value=-50, max_value=250, allow_nan=False))
weights = st.decimals(min_value=0, max_value=100, places=2)
counts = st.integers(min_value=0, max_value=50)


@st.composite
def schemes(draw) -> SchemeSpec:
    return SchemeSpec(
        index_weights={i: draw(weights) for i in INDICES},
        components=tuple(
            ComponentSpec(index=c.index, key=c.key, weight=draw(weights), params=c.params)
            for c in DEFAULT.components
        ),
        excellent_quota=draw(st.decimals(min_value=0, max_value=1, places=2)),
    )


@RELAXED
@given(schemes(), st.fixed_dictionaries({key: value for key in KEYS}))
def test_indices_and_composite_stay_within_0_and_100(spec, values):
    out = combine(spec, values)
    for key in (*INDICES, "composite"):
        assert Decimal(0) <= out[key] <= Decimal(100)


@RELAXED
@given(counts, counts, counts, counts, st.integers(min_value=1, max_value=5))
def test_a_penalty_never_raises_a_score(talks, open_items, remind, criticise, more):
    assert reminders_value(talks=talks + more, open_items=open_items) <= reminders_value(
        talks=talks, open_items=open_items
    )
    assert reminders_value(talks=talks, open_items=open_items + more) <= reminders_value(
        talks=talks, open_items=open_items
    )
    base = {"praise": 0, "remind": remind, "criticise": criticise}
    assert bulletins_value(**{**base, "remind": remind + more}) <= bulletins_value(**base)
    assert bulletins_value(**{**base, "criticise": criticise + more}) <= bulletins_value(**base)


@RELAXED
@given(
    st.fixed_dictionaries({key: value for key in KEYS}),
    counts,
    counts,
    counts,
    st.integers(min_value=1, max_value=5),
)
def test_a_penalty_never_raises_the_composite(values, talks, open_items, criticise, more):
    before = {**values, "reminders": reminders_value(talks=talks, open_items=open_items)}
    after = {**values, "reminders": reminders_value(talks=talks + more, open_items=open_items)}
    assert combine(DEFAULT, after)["composite"] <= combine(DEFAULT, before)["composite"]
    worse = {**values, "bulletins": bulletins_value(praise=0, remind=0, criticise=criticise + more)}
    better = {**values, "bulletins": bulletins_value(praise=0, remind=0, criticise=criticise)}
    assert combine(DEFAULT, worse)["responsibility"] <= combine(DEFAULT, better)["responsibility"]


@RELAXED
@given(
    st.fixed_dictionaries({key: value for key in KEYS if key != "ledger"}),
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=1, max_value=10),
    st.booleans(),
)
def test_more_on_time_records_never_lower_the_performance_index(
    values, on_time, late, missing, more, convert
):
    """Adding on-time assignments, or turning missing ones into on-time ones, never lowers it."""

    def performance(on_time: int, late: int, missing: int) -> Decimal:
        due = on_time + late + missing
        ledger = ledger_value(due_w=due, on_time_w=on_time, late_w=late)
        return combine(DEFAULT, {**values, "ledger": ledger})["performance"]

    before = performance(on_time, late, missing)
    if convert and missing:
        step = min(more, missing)
        assert performance(on_time + step, late, missing - step) >= before
    assert performance(on_time + more, late, missing) >= before


composites = st.decimals(min_value=0, max_value=100, places=2)


@st.composite
def result_rows(draw) -> list[Ranked]:
    n = draw(st.integers(min_value=0, max_value=40))
    pool = draw(st.lists(composites, min_size=1, max_size=6))  # a small pool: many ties
    return [
        Ranked(
            org_id=i + 1,
            peer_kind=draw(st.sampled_from(["branch", "general_branch", "organ_committee"])),
            path=f"0001{i:04d}",
            composite=draw(st.sampled_from(pool)),
        )
        for i in range(n)
    ]


def _snapshot(rows: list[Ranked]) -> dict:
    return {r.org_id: (r.rank, r.grade, r.quota_applied, tuple(r.flags)) for r in rows}


@settings(RELAXED, max_examples=60)
@given(schemes(), result_rows(), st.randoms(use_true_random=False))
def test_ranking_is_deterministic_with_ties_and_the_quota_is_never_exceeded(spec, rows, rnd: random.Random):
    first = _snapshot(rank_peers(spec, [Ranked(r.org_id, r.peer_kind, r.path, r.composite) for r in rows]))
    shuffled = [Ranked(r.org_id, r.peer_kind, r.path, r.composite) for r in rows]
    rnd.shuffle(shuffled)
    assert _snapshot(rank_peers(spec, shuffled)) == first
    by_kind: dict[str, list[Ranked]] = {}
    for row in rows:
        by_kind.setdefault(row.peer_kind, []).append(row)
    ranked = {r.org_id: r for r in shuffled}
    for peers in by_kind.values():
        excellent = [p for p in peers if ranked[p.org_id].grade == "excellent"]
        assert len(excellent) <= quota_count(len(peers), spec.excellent_quota)
        for a in peers:
            for b in peers:
                # Equal composites share a rank; a higher composite never ranks below a lower one.
                if a.composite == b.composite:
                    assert ranked[a.org_id].rank == ranked[b.org_id].rank
                elif a.composite > b.composite:
                    assert ranked[a.org_id].rank < ranked[b.org_id].rank
