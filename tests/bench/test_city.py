"""The city generator (bench/city) builds consistent data of the size asked for, on the test database."""

from collections import Counter
from datetime import date

import pytest
from django.db.models import F

from accounts import authz
from accounts.identity.otp import otp_required
from accounts.models import GRASSROOTS_KINDS, Member, Organization, Role, RoleAssignment, SecretaryTerm, User
from bench.city.context import PASSWORD, Sizes
from bench.city.core import build
from ledger.models import Assignment, AssignmentRollup, PeriodClosure, Plan, Record, RecordState, Task
from ledger.services.plans import task_organizations, task_periods

TODAY = date(2026, 11, 30)
SIZES = Sizes(orgs=80, members=800, years=2, assignments=2000, secretary_logins=20, today=TODAY)

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return build(SIZES)[0]


def test_it_builds_the_counts_it_was_asked_for(city):
    assert Organization.objects.count() == 80
    assert Member.objects.count() == 800
    assert sorted(Plan.objects.values_list("year", flat=True)) == [2025, 2026]
    assert Task.objects.count() == 2 * 60
    # The assignment target is met within the rounding of each task's share of orgs.
    assert 0.9 * 2000 <= Assignment.objects.count() <= 1.1 * 2000
    assert User.objects.filter(username__startswith="city_sec_").count() == 20


def test_the_org_tree_is_a_valid_materialized_path_tree_with_every_kind(city):
    assert all(problems == [] for problems in Organization.objects.find_problems())
    kinds = Counter(Organization.objects.values_list("kind", flat=True))
    assert kinds["committee"] == 1 and kinds["office"] == 2
    assert kinds["branch"] > kinds["general_branch"] > 0 and kinds["organ_committee"] > 0
    assert Organization.objects.filter(kind__in=GRASSROOTS_KINDS, unit__isnull=True).count() == 0
    assert Member.objects.exclude(organization__kind__in=GRASSROOTS_KINDS).count() == 0


def test_every_assignment_is_owed_by_its_task_as_the_ledger_rule_says(city):
    # ledger.services.plans is the rule the product uses; the generator writes exactly its result.
    for task in Task.objects.select_related("item__plan").prefetch_related("responsible_groups"):
        periods = {code: (start, due) for code, start, due in task_periods(task)}
        expected = {
            (org, code, *dates) for org in task_organizations(task) for code, dates in periods.items()
        }
        written = set(task.assignments.values_list("organization_id", "period", "period_start", "due_date"))
        assert written == expected, task.title
    assert Task.objects.filter(responsible_groups__isnull=False).count() == 2 * 2


def test_records_match_their_assignments_and_every_state_occurs(city):
    states = Counter(Assignment.objects.with_status().values_list("record_state", flat=True))
    assert all(states[state] > 0 for state in RecordState.values)
    assert Assignment.objects.filter(record__isnull=True).exists()
    # Nothing is submitted in the future, and nothing reviewed before it was submitted.
    assert not Record.objects.filter(submitted_at__date__gt=TODAY).exists()
    assert not Record.objects.filter(reviewed_at__lt=F("first_submitted_at")).exists()
    # The summaries read the rollup table: the build fills it from the rows it wrote.
    assert AssignmentRollup.objects.exists()


def test_quarters_that_ended_a_month_ago_are_closed_with_their_history(city):
    closed = set(PeriodClosure.objects.filter(is_closed=True).values_list("period", flat=True))
    assert closed == {"2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"}
    assert PeriodClosure.history.count() == len(closed)
    # A closed quarter has nothing waiting for review.
    waiting = Record.objects.filter(state=RecordState.SUBMITTED, assignment__due_date__lt=date(2026, 10, 1))
    assert not waiting.exists()


def test_secretaries_log_in_with_the_role_of_their_term(city, client):
    secretary = User.objects.filter(username__startswith="city_sec_").first()
    grant = RoleAssignment.objects.get(user=secretary)
    term = SecretaryTerm.objects.get(pk=grant.term_id)
    assert grant.role == Role.SECRETARY and grant.organization_id == term.organization_id
    assert secretary.member_id == term.member_id and term.ended_on is None

    response = client.post("/login/", {"username": secretary.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.get("/ledger/my/").status_code == 200


def test_bench_staff_are_demo_accounts_so_they_need_no_second_factor(city):
    staff = User.objects.get(username="city_dash1")
    assert authz.is_committee_staff(staff)
    assert not otp_required(staff)
    assert authz.reads_every_org(User.objects.get(username="city_report"))


def test_it_writes_the_six_systems_records_consistently(city):
    from activities.models import (
        AppointmentTalk,
        Bulletin,
        BulletinCounter,
        BulletinReceipt,
        Debrief,
        DebriefSession,
        Letter,
        Rectification,
        ReminderTalk,
        Score,
        Vetting,
    )
    from activities.selectors.vetting import talks_due

    # Vettings approved into terms, talks for most terms and some still due.
    assert Vetting.objects.filter(term__isnull=False).exists()
    assert not Vetting.objects.exclude(candidate_id=F("term__member_id")).exists()
    assert AppointmentTalk.objects.exists()
    assert talks_due(User.objects.get(username="city_staff"), today=TODAY).exists()
    # ~10 bulletins a year, numbered 1…N without gaps, each year's counter at its last number.
    for year in (2025, 2026):
        numbers = list(
            Bulletin.objects.filter(year=year, number__isnull=False).values_list("number", flat=True)
        )
        assert sorted(numbers) == list(range(1, len(numbers) + 1)) and len(numbers) >= 9
        assert BulletinCounter.objects.get(year=year).last_number == len(numbers)
    assert Bulletin.objects.filter(named_orgs__isnull=False).exists()
    assert BulletinReceipt.objects.filter(read_at__isnull=True).exists()
    assert BulletinReceipt.objects.filter(read_at__isnull=False).exists()
    # Reminder talks with items in every state, some overdue, and a letter.
    assert ReminderTalk.objects.exists() and Letter.objects.exists()
    assert {s for s in Rectification.objects.values_list("state", flat=True)} == {
        "open",
        "reported",
        "closed",
    }
    assert Rectification.objects.overdue(TODAY).exists()
    # One closed debrief session a year, every secretary scored by every reviewer, ranks from 1.
    sessions = DebriefSession.objects.select_related("round")
    assert sorted(s.year for s in sessions) == [2025, 2026] and all(s.is_closed for s in sessions)
    debriefs = Debrief.objects.select_related("subject")
    assert debriefs.exists() and all(d.subject.result_score is not None for d in debriefs)
    assert Score.objects.count() == debriefs.count() * 6
    assert min(d.subject.result_rank for d in debriefs) == 1


def test_the_six_systems_pages_bench_pages_measures_answer_on_the_city(city, client):
    """bench/pages.py's new pages and API lists exist and answer 200 for the logins it measures them as."""
    from collections import defaultdict

    from bench.pages import activity_targets, pages

    # The ledger's targets need a bigger city; the six systems' pages need only these.
    grant = RoleAssignment.objects.filter(role=Role.SECRETARY, organization__kind="branch").first()
    branch = grant.user
    t = defaultdict(int, year=TODAY.year, **activity_targets(grant.organization_id))
    organ = RoleAssignment.objects.filter(role=Role.SECRETARY, organization__kind="organ_committee").first()
    logins = {
        "staff": "city_staff",
        "staff_api": "city_staff",
        "branch": branch,
        "branch_api": branch,
        # The small city may have no 机关党委 secretary: their pages are then opened as the branch's.
        "organ": organ.user if organ else branch,
    }
    prefixes = ("/activities/", "/api/v1/activities/", "/reports/", "/api/v1/reports/")
    measured = [p for p in pages(t) if p.path.startswith(prefixes)]
    assert len(measured) >= 28
    for page in measured:
        who = logins[page.who]
        client.force_login(who if isinstance(who, User) else User.objects.get(username=who))
        response = client.get(page.path)
        assert response.status_code == 200, (page.name, page.who, page.path, response.status_code)
