"""seed_demo: the demo year a fresh install shows, its logins, its scoping and its idempotence."""

import re
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from rest_framework.test import APIClient

from accounts import authz
from accounts.models import (
    GRASSROOTS_KINDS,
    Member,
    MemberClass,
    MemberTransfer,
    Organization,
    PartyStanding,
    Role,
    RoleAssignment,
    SecretaryRole,
    SecretaryTerm,
    User,
)
from accounts.selectors import members_visible_to, organizations_visible_to
from ledger.models import Assignment, AssignmentRollup, PeriodClosure, Plan, Record, RecordState, Status
from ledger.selectors import assignments_visible_to, records_visible_to, status_expression
from ledger.services.rollup import rollup_counts_by_key

TODAY = date(2026, 11, 23)
DEMO_ARGS = ["--year", "2026", "--today", TODAY.isoformat()]


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *DEMO_ARGS, *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def small_demo_once(django_db_setup, django_db_blocker):
    """Seed the small demo once for the class below, inside a transaction rolled back at the end.

    Each test's own `db` transaction nests inside it as a savepoint, so tests still cannot see each
    other's changes, and seeding (a few seconds) is paid once instead of once per test.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        yield seed("--scale", "small")
        transaction.set_rollback(True)


@pytest.fixture
def small_demo(small_demo_once, db) -> str:
    return small_demo_once


def _org_of(username: str) -> Organization:
    """The org a demo secretary leads (their role assignment's org)."""
    return RoleAssignment.objects.get(user__username=username, role=Role.SECRETARY).organization


def statuses(queryset) -> dict[str, int]:
    rows = queryset.annotate(s=status_expression(TODAY)).values("s").annotate(n=Count("pk"))
    return {row["s"]: row["n"] for row in rows}


class TestSmallDemo:
    """The small scale (6 orgs, 60 members, a few tasks), seeded once for all these tests."""

    def test_it_creates_a_login_for_every_role_with_the_demo_password(self, small_demo):
        roles = dict(RoleAssignment.objects.values_list("user__username", "role"))
        assert roles["staff"] == Role.COMMITTEE_STAFF
        assert roles["reviewer"] == Role.REVIEWER
        assert roles["report"] == Role.REPORTING
        assert roles["member01"] == Role.MEMBER
        assert roles["sysadmin"] == Role.SYSTEM_ADMIN
        assert roles["secadmin"] == Role.SECURITY_ADMIN
        assert roles["auditadmin"] == Role.AUDIT_ADMIN
        assert roles["sec01"] == Role.SECRETARY
        # No standing superuser, not even in the demo (三员分立).
        assert not User.objects.filter(is_superuser=True).exists()
        assert set(User.objects.filter(is_staff=True).values_list("username", flat=True)) == {
            "staff",
            "sysadmin",
            "secadmin",
            "auditadmin",
        }
        assert User.objects.get(username="sec01").check_password("Demo#2026")
        assert User.objects.get(username="auditadmin").check_password("Demo#2026")
        assert "Demo#2026" in small_demo

    def test_it_marks_every_demo_login_as_a_demo_account_with_a_policy_password(self, small_demo):
        users = list(User.objects.select_related("security"))
        assert users and all(user.security.is_demo for user in users)
        # The demo password passes the policy that every other password must pass.
        validate_password("Demo#2026", user=User(username="staff", display_name="工委组织科干部"))

    def test_it_gives_each_role_its_own_permissions(self, small_demo):
        staff = User.objects.get(username="staff")
        assert staff.has_perm("ledger.change_task")
        assert staff.has_perm("accounts.change_member")
        assert not staff.has_perm("accounts.change_user")
        assert User.objects.get(username="sysadmin").has_perm("accounts.change_user")
        assert not User.objects.get(username="auditadmin").has_perm("ledger.change_record")

    def test_it_gives_every_grassroots_org_a_secretary_login_through_its_term(self, small_demo):
        grassroots = Organization.objects.filter(kind__in=GRASSROOTS_KINDS)
        assert grassroots.count() == 6
        secretaries = RoleAssignment.objects.filter(role=Role.SECRETARY)
        assert secretaries.count() == 6
        assert set(secretaries.values_list("organization", flat=True)) == set(
            grassroots.values_list("pk", flat=True)
        )
        # Each secretary's role comes from their current term of office.
        assert all(a.term.member_id == a.user.member_id for a in secretaries.select_related("term", "user"))
        chiefs = SecretaryTerm.objects.filter(role=SecretaryRole.SECRETARY, ended_on__isnull=True)
        assert set(chiefs.values_list("organization", flat=True)) == set(
            grassroots.values_list("pk", flat=True)
        )
        sec01 = User.objects.get(username="sec01")
        assert sec01.member.name in sec01.display_name

    def test_it_links_member01_to_a_member_of_sec01s_branch(self, small_demo):
        member01 = User.objects.get(username="member01")
        assert member01.member is not None
        assert member01.member.organization == _org_of("sec01")

    def test_the_secretary_sees_only_their_own_org(self, small_demo):
        sec01 = User.objects.get(username="sec01")
        org = _org_of("sec01")
        assert list(organizations_visible_to(sec01)) == [org]
        assert set(members_visible_to(sec01).values_list("organization", flat=True)) == {org.pk}
        assert set(assignments_visible_to(sec01, today=TODAY).values_list("organization", flat=True)) == {
            org.pk
        }
        assert set(records_visible_to(sec01).values_list("assignment__organization", flat=True)) == {org.pk}
        assert Record.objects.exclude(assignment__organization=org).exists()

    def test_a_secretary_gets_404_for_another_orgs_assignment_page(self, small_demo, client):
        sec01 = User.objects.get(username="sec01")
        mine = Assignment.objects.filter(organization=_org_of("sec01")).first()
        theirs = Assignment.objects.exclude(organization=_org_of("sec01")).first()
        client.force_login(sec01)
        assert client.get(f"/ledger/assignments/{mine.pk}/").status_code == 200
        assert client.get(f"/ledger/assignments/{theirs.pk}/").status_code == 404

    def test_it_prints_how_the_reporting_client_gets_a_token_that_reads_every_org(self, small_demo):
        assert "/api/v1/auth/token/" in small_demo
        api = APIClient()
        answer = api.post("/api/v1/auth/token/", {"username": "report", "password": "Demo#2026"})
        assert answer.status_code == 200, answer.content
        api.credentials(HTTP_AUTHORIZATION=f"Token {answer.json()['token']}")
        response = api.get("/api/v1/organizations/")
        assert response.status_code == 200
        assert response.json()["count"] == Organization.objects.count()

    def test_members_carry_only_a_masked_id_number_and_a_hash(self, small_demo):
        masked = re.compile(r"^520181\*{12}$")
        rows = list(Member.objects.values_list("id_number_masked", "id_number_hash"))
        assert len(rows) == 60
        assert all(masked.match(m) and re.fullmatch(r"[0-9a-f]{64}", h) for m, h in rows)
        full_number = re.compile(r"\d{17}[\dX]")
        for values in Member.objects.values():
            # The hash is checked above as 64 hex digits: a run of 18 decimal digits inside it is chance
            # (it happened on PostgreSQL), not a stored ID number.
            values.pop("id_number_hash")
            assert not any(full_number.search(str(v)) for v in values.values())

    def test_it_builds_a_ledger_with_every_status_and_closes_the_first_two_quarters(self, small_demo):
        plan = Plan.objects.get(year=2026)
        assert plan.items.count() >= 3
        assignments = Assignment.objects.filter(task__item__plan=plan)
        counts = statuses(assignments)
        assert set(counts) == {s.value for s in Status}
        assert counts[Status.ACCEPTED] > counts[Status.OVERDUE]
        closed = set(PeriodClosure.objects.filter(is_closed=True).values_list("period", flat=True))
        assert closed == {"2026-Q1", "2026-Q2"}
        assert "2026-Q1、2026-Q2" in small_demo

    def test_records_in_closed_quarters_are_all_reviewed(self, small_demo):
        first_half = Record.objects.filter(assignment__due_date__lt=date(2026, 7, 1))
        assert first_half.exists()
        assert not first_half.filter(state=RecordState.SUBMITTED).exists()

    def test_records_are_as_the_services_leave_them_and_the_summary_table_agrees(self, small_demo):
        for record in Record.objects.select_related("assignment"):
            assert record.first_submitted_at <= record.submitted_at
            assert (record.reviewed_at is not None) == (record.state != RecordState.SUBMITTED)
            assert record.done_on <= record.submitted_at.date()
            if record.state == RecordState.RETURNED:
                assert record.review_comment
        states = dict(Assignment.objects.with_status(TODAY).values_list("pk", "record_state"))
        assert {pk for pk, state in states.items() if state == RecordState.NONE} == set(
            Assignment.objects.filter(record__isnull=True).values_list("pk", flat=True)
        )
        table = {
            (r.organization_id, r.item_id, r.period, r.due_date): r.total
            for r in AssignmentRollup.objects.filter(total__gt=0)
        }
        raw = {key: counts[0] for key, counts in rollup_counts_by_key(Assignment.objects.all()).items()}
        assert table == raw

    def test_some_records_are_late_and_most_are_on_time(self, small_demo):
        records = Record.objects.select_related("assignment")
        late = [r for r in records if r.submitted_at.date() > r.assignment.due_date]
        assert 0 < len(late) < len(records) / 3

    def test_it_shows_one_renamed_org_and_one_transfer(self, small_demo, client):
        renamed = Organization.objects.get(short_name="市人社局机关党支部")
        assert renamed.aliases == [
            "市人力资源和社会保障局",
            "中共清镇市人力资源和社会保障局支部委员会",
            "市人力资源和社会保障局党支部",
        ]
        transfer = MemberTransfer.objects.select_related("member").get()
        assert transfer.from_organization == _org_of("sec01")
        assert transfer.to_organization == _org_of("sec02")
        assert transfer.member.organization == _org_of("sec02")
        assert not hasattr(transfer.member, "user")
        client.force_login(User.objects.get(username="staff"))
        assert (
            "自" + _org_of("sec01").name + "转入"
            in client.get("/members/?q=" + transfer.member.name).content.decode()
        )

    def test_it_runs_vettings_to_terms_to_talks_with_some_talks_pending_and_one_overdue(self, small_demo):
        from activities.models import Vetting, VettingConclusion
        from activities.selectors.vetting import own_talks_due, talks_due

        assert "六项制度" in small_demo
        approved = Vetting.objects.filter(conclusion=VettingConclusion.APPROVED, visited_on__year=2026)
        assert approved.count() >= 3
        assert all(v.term_id and v.term.started_on == v.approved_on for v in approved)
        staff = User.objects.get(username="staff")
        due = list(talks_due(staff, today=TODAY))
        new_terms_due = [t for t in due if t.started_on.year == 2026]
        assert len(new_terms_due) >= 2
        assert [t.talk_overdue for t in new_terms_due].count(True) == 1
        # sec02's own term still waits for its talk: their home page shows it.
        assert own_talks_due(User.objects.get(username="sec02"), today=TODAY).exists()
        assert not own_talks_due(User.objects.get(username="sec01"), today=TODAY).exists()

    def test_if_empty_is_a_no_op_the_second_time(self, small_demo):
        before = [m.objects.count() for m in (Organization, Member, User, Assignment, Record, SecretaryTerm)]
        output = seed("--scale", "small", "--if-empty")
        assert "跳过" in output
        assert [
            m.objects.count() for m in (Organization, Member, User, Assignment, Record, SecretaryTerm)
        ] == before

    def test_without_if_empty_it_refuses_to_seed_over_existing_data(self, small_demo):
        with pytest.raises(CommandError, match="已有党组织数据"):
            seed("--scale", "small")
        assert User.objects.filter(username="sec01").count() == 1


def test_at_full_scale_it_builds_about_forty_orgs_and_twelve_hundred_members(db):
    output = seed()
    assert Organization.objects.filter(kind__in=GRASSROOTS_KINDS).count() == 40
    assert RoleAssignment.objects.filter(role=Role.SECRETARY).count() == 40
    assert Member.objects.count() == 1200
    classes = dict(Member.objects.values_list("member_class").annotate(n=Count("pk")))
    assert 0.74 < classes[MemberClass.NORMAL] / 1200 < 0.86
    assert 0.08 < classes[MemberClass.ELDERLY] / 1200 < 0.16
    assert 0.05 < classes[MemberClass.MOBILE] / 1200 < 0.11
    assert Member.objects.filter(standing=PartyStanding.PROBATIONARY).exists()
    assert set(Member.objects.values_list("ethnicity", flat=True)) >= {"汉族", "布依族", "苗族"}
    plan = Plan.objects.get(year=2026)
    assert 10 <= plan.items.count() <= 25
    assert 30 <= sum(item.tasks.count() for item in plan.items.all()) <= 52
    sec01 = User.objects.get(username="sec01")
    assert Record.objects.filter(assignment__organization__in=authz.secretary_org_ids(sec01)).count() >= 40
    assert "1200" in output
