"""The default scheme on a hand-computed example: three branches X, Y, Z in 2025-Q1 (as of 2025-04-10).

Records (carriers and points are fake sources, the rest real rows):
- ledger, two tasks due 2025-01-31, weights 2 (T1) and 1 (T2):
  X: T1 on time, T2 on time → (2+1)/3 = 100;  Y: T1 on time, T2 late → (2 + 0.6·1)/3 = 86.667;
  Z: T1 missing, T2 on time → 1/3 = 33.333.
- service days X 1, Y 0.5, Z 0; forums X 1, Y 1, Z 0; meetings X 1, Y 0.5, Z 0.5.
  党建绩效指数 = 60% ledger + 15% days + 10% forums + 15% meetings:
  X = 100;  Y = (60·86.667 + 15·50 + 10·100 + 15·50)/100 = 77.00;  Z = (60·33.333 + 15·50)/100 = 27.50.
- debrief: X scored 92 in March; Y and Z have none (not applicable, weight shared by the others).
  reminders: Z one talk with two open rectifications → 100 − 20 − 2·10 = 60; X, Y 100.
  bulletins: X praised once → 95; Y none → 90; Z criticised once → 70.
  履行党建责任指数 = 40% debrief + 30% reminders + 30% bulletins:
  X = (40·92 + 30·100 + 30·95)/100 = 95.30;  Y = (30·100 + 30·90)/60 = 95.00;  Z = (30·60 + 30·70)/60 = 65.00.
- points index: X 90, Y 80, Z 50 = 党员行为积分指数.
Composite = 50% / 30% / 20%: X = 50 + 28.59 + 18 = 96.59; Y = 38.5 + 28.5 + 16 = 83.00;
Z = 13.75 + 19.5 + 10 = 43.25. Ranks 1, 2, 3. Grades: X would be 优秀, but 20% of three branches
rounds down to none, so X is 良好 with the quota applied; Y 良好; Z 差 and last → 履职不到位.
"""

from datetime import date
from decimal import Decimal

from activities.models import Bulletin, BulletinOrg, Debrief, DebriefSession, Rectification, ReminderTalk
from assessments.models import AssessmentResult, RunState
from assessments.scheme import compute, services, tree
from assessments.scheme.calc import FLAG_DUTY

from .conftest import YEAR


def _records(orgs, ledger_builder, fake_sources):
    x, y, z = orgs
    t1, t2 = ledger_builder.task(2), ledger_builder.task(1)
    due = date(YEAR, 1, 31)
    ledger_builder.owe(x, t1, due, "accepted", date(YEAR, 1, 20))
    ledger_builder.owe(x, t2, due, "submitted", date(YEAR, 1, 31))
    ledger_builder.owe(y, t1, due, "accepted", date(YEAR, 1, 30))
    ledger_builder.owe(y, t2, due, "accepted", date(YEAR, 2, 3))
    ledger_builder.owe(z, t1, due)
    ledger_builder.owe(z, t2, due, "submitted", date(YEAR, 1, 5))
    fake_sources["service_days"].update({x.pk: 1, y.pk: 0.5, z.pk: 0})
    fake_sources["forums"].update({x.pk: 1, y.pk: 1, z.pk: 0})
    fake_sources["meetings"].update({x.pk: 1, y.pk: 0.5, z.pk: 0.5})
    fake_sources["points"].update({x.pk: 90, y.pk: 80, z.pk: 50})
    session = DebriefSession.objects.create(
        year=YEAR, held_on=date(YEAR, 3, 20), kind="committee", title="述职"
    )
    Debrief.objects.create(session=session, organization=x, person_name="甲", recorded_score=Decimal(92))
    talk = ReminderTalk.objects.create(
        organization=z, secretary_name="丙", reason="duty", talked_on=date(YEAR, 2, 10), talked_by="工委书记"
    )
    for n in (1, 2):
        Rectification.objects.create(talk=talk, seq=n, content=f"整改{n}", deadline=date(YEAR, 6, 30))
    for org, mark in ((x, "praise"), (z, "criticise")):
        bulletin = Bulletin.objects.create(issued_on=date(YEAR, 3, 1), title=f"通报{mark}")
        Bulletin.objects.filter(pk=bulletin.pk).update(state="published")
        BulletinOrg.objects.create(bulletin=bulletin, organization=org, mark=mark)


def test_it_reproduces_the_hand_computed_example(three_orgs, ledger_builder, fake_sources):
    _records(three_orgs, ledger_builder, fake_sources)
    run = services.assessment_run_start(actor=None, year=YEAR, period="2025-Q1", as_of=date(YEAR, 4, 10))
    compute.compute_run_inline(run)
    assert run.state == RunState.COMPUTED
    x, y, z = (AssessmentResult.objects.get(run=run, organization=org) for org in three_orgs)
    assert (x.performance_index, y.performance_index, z.performance_index) == (
        Decimal("100.00"),
        Decimal("77.00"),
        Decimal("27.50"),
    )
    assert (x.responsibility_index, y.responsibility_index, z.responsibility_index) == (
        Decimal("95.30"),
        Decimal("95.00"),
        Decimal("65.00"),
    )
    assert (x.conduct_index, y.conduct_index, z.conduct_index) == (Decimal(90), Decimal(80), Decimal(50))
    assert (x.composite, y.composite, z.composite) == (Decimal("96.59"), Decimal("83.00"), Decimal("43.25"))
    assert (x.rank, y.rank, z.rank) == (1, 2, 3)
    assert (x.grade, x.quota_applied) == ("good", True)
    assert (y.grade, y.quota_applied, y.flags) == ("good", False, [])
    assert (z.grade, z.flags) == ("poor", [FLAG_DUTY])


def test_the_explanation_opens_down_to_the_records(three_orgs, ledger_builder, fake_sources):
    _records(three_orgs, ledger_builder, fake_sources)
    run = compute.compute_run_inline(
        services.assessment_run_start(actor=None, year=YEAR, period="2025-Q1", as_of=date(YEAR, 4, 10))
    )
    z = AssessmentResult.objects.get(run=run, organization=three_orgs[2])
    explained = tree.expand(services.spec_of(run.scheme), z, run)
    performance = {c["key"]: c for c in explained["indices"][0]["components"]}
    assert performance["ledger"]["detail"]["missing"] == 1
    assert len(performance["ledger"]["detail"]["assignment_ids"]["missing"]) == 1
    responsibility = {c["key"]: c for c in explained["indices"][1]["components"]}
    assert responsibility["debrief"]["applicable"] is False
    assert responsibility["reminders"]["detail"]["open_rectifications"] == 2


def test_computing_twice_gives_the_same_rows(three_orgs, ledger_builder, fake_sources):
    _records(three_orgs, ledger_builder, fake_sources)
    run = services.assessment_run_start(
        actor=None, year=YEAR, period="2025-Q1", as_of=date(YEAR, 4, 10), chunk_size=2
    )
    assert run.chunks_total == 2
    compute.compute_chunk(run.pk, 0)
    first = list(AssessmentResult.objects.filter(run=run).values_list("organization_id", "composite"))
    # A redelivered chunk (worker killed after its commit) finds its rows and writes nothing twice.
    assert compute.compute_chunk(run.pk, 0) is False
    assert compute.finalize_run(run.pk) is False  # a chunk is still missing
    compute.compute_chunk(run.pk, 1)
    assert compute.finalize_run(run.pk) is True
    assert AssessmentResult.objects.filter(run=run).count() == 3
    assert set(first) <= set(
        AssessmentResult.objects.filter(run=run).values_list("organization_id", "composite")
    )
