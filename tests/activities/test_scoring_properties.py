"""Properties of live scoring, for any input hypothesis finds (bounded examples, kept small for CI):
a score stays within its template's range; dropping the extremes never moves the mean outside
[min, max]; ranks follow the documented tie rule whatever order the subjects were added in."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activities import services
from activities.models import RaterKind, Score, ScoringCriterion, ScoringReviewer, ScoringTemplate
from activities.services.scoring import normalise_points, subject_results, weighted_total
from partybuild.exceptions import DomainError
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
EXAMPLES = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

criteria = st.lists(
    st.fixed_dictionaries(
        {
            "weight": st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100), places=2),
            "max_points": st.integers(min_value=1, max_value=100),
        }
    ),
    min_size=1,
    max_size=6,
)


@EXAMPLES
@given(data=st.data(), spec=criteria)
def test_a_weighted_total_lies_between_zero_and_the_sum_of_the_weights(data, spec):
    rules = [{"id": i + 1, "name": f"项目{i}", **c} for i, c in enumerate(spec)]
    points = {str(c["id"]): data.draw(st.integers(0, c["max_points"])) for c in rules}
    total = weighted_total(rules, points)
    ceiling = sum(c["weight"] for c in rules)
    assert Decimal(0) <= total <= ceiling.quantize(Decimal("0.01"))
    if all(points[str(c["id"])] == c["max_points"] for c in rules):
        assert total == ceiling


class _Round:
    def __init__(self, rules):
        self.criteria = rules


@EXAMPLES
@given(spec=criteria, value=st.integers(min_value=-50, max_value=200))
def test_points_outside_a_criterion_range_are_refused(spec, value):
    rules = [{"id": i + 1, "name": f"项目{i}", **c} for i, c in enumerate(spec)]
    points = {str(c["id"]): 0 for c in rules}
    points[str(rules[0]["id"])] = value
    if 0 <= value <= rules[0]["max_points"]:
        assert normalise_points(_Round(rules), points)[str(rules[0]["id"])] == value
    else:
        with pytest.raises(DomainError):
            normalise_points(_Round(rules), points)


@pytest.fixture
def template(db):
    template = ScoringTemplate.objects.create(name="性质测试评分表")
    ScoringCriterion.objects.create(template=template, name="总分", weight=100, max_points=100)
    return template


@pytest.fixture
def raters(db):
    return [UserFactory(username=f"prop{i}") for i in range(12)]


def _round_with_scores(template, raters, totals_by_subject: list[list[Decimal]]):
    """A round whose subjects carry exactly these totals (rows written directly: the service's arithmetic
    is tested above; this tests what close makes of any totals)."""
    round = services.scoring_round_open(
        actor=None, title="性质测试", template=template, rater_kind=RaterKind.REVIEWERS
    )
    reviewers = ScoringReviewer.objects.bulk_create(ScoringReviewer(round=round, user=u) for u in raters)
    rows = []
    for index, totals in enumerate(totals_by_subject):
        subject = services.scoring_subject_add(actor=None, round=round, label=f"对象{index}")
        rows += [
            Score(round=round, subject=subject, reviewer=reviewer, total=total, points={})
            for reviewer, total in zip(reviewers, totals, strict=False)
        ]
    Score.objects.bulk_create(rows)
    return round


totals = st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=1, max_size=12)


@EXAMPLES
@given(values=totals)
def test_the_mean_after_dropping_extremes_stays_within_min_and_max(template, raters, values):
    with transaction.atomic():
        round = _round_with_scores(template, raters, [values])
        (result,) = subject_results(round).values()
        assert min(values) <= result["score"] <= max(values)
        assert result["trimmed"] == (len(values) >= 5)
        transaction.set_rollback(True)


@EXAMPLES
@given(
    scores=st.lists(
        st.sampled_from([Decimal("60.00"), Decimal("75.50"), Decimal("90.00")]), min_size=2, max_size=6
    ),
    order=st.randoms(use_true_random=False),
)
def test_ties_share_a_rank_whatever_order_the_subjects_came_in(template, raters, scores, order):
    labelled = list(enumerate(scores))
    order.shuffle(labelled)
    with transaction.atomic():
        round = _round_with_scores(template, raters[:1], [[score] for _i, score in labelled])
        services.round_close(actor=None, round=round)
        ranks = {}
        for subject in round.subjects.all():
            original = labelled[int(subject.label.removeprefix("对象"))][0]
            ranks[original] = subject.result_rank
        transaction.set_rollback(True)
    for index, score in enumerate(scores):
        # Competition ranking: 1 + the number of subjects scoring strictly higher.
        assert ranks[index] == 1 + sum(1 for other in scores if other > score)
