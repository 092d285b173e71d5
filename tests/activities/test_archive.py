"""实绩档案: assembled live from the six systems and the ledger's summary tables, scoped per role, flagged."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import SecretaryTerm
from accounts.services.people import secretary_term_create
from activities import services
from activities.models import DebriefKind
from activities.selectors import archive as archives
from ledger import services as ledger
from ledger.models import Assignment, Recurrence
from tests.activities.scoring_world import make_reviewers, make_session, make_template, points
from tests.factories import make_org

pytestmark = pytest.mark.django_db

TODAY = date(2020, 6, 15)
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _talk(staff, term, day=date(2020, 2, 1)):
    return services.appointment_talk_create(
        actor=staff, term=term, talked_on=day, talked_by="工委书记", pledge="履职尽责，抓好党建"
    )


def _reminder(staff, term, *, day=date(2020, 3, 2), deadline=date(2020, 4, 30)):
    return services.reminder_talk_create(
        actor=staff,
        organization=term.organization,
        term=term,
        reason="duty",
        reason_detail="三会一课记录不全",
        talked_on=day,
        talked_by="工委副书记",
        items=[{"content": "补齐会议记录", "deadline": deadline}],
    )


def _closed_debrief(staff, term, *, year=2020):
    """A closed 向工委述职 session where the term's secretary was scored by two reviewers."""
    session = make_session(staff, template=make_template(f"评分表{year}"), held_on=date(year, 6, 1))
    debrief = services.debrief_add(
        actor=staff, session=session, organization=term.organization, person_name="", term=term
    )
    round = session.round
    reviewers = make_reviewers(2, prefix=f"r{year}")
    services.scoring_reviewers_invite(actor=staff, round=round, users=reviewers)
    for reviewer in reviewers:
        services.score_submit(
            round=round, subject=debrief.subject, points=points(round, 10, 5), actor=reviewer
        )
    services.round_close(actor=staff, round=round)
    return debrief


def _archive(user, term, today=TODAY):
    return archives.archive_build(user, archives.archive_term(user, term.pk), today=today)


# --- live -------------------------------------------------------------------------------------------


def test_it_shows_a_new_talk_debrief_and_rectification_at_once(committee_staff, term):
    before = _archive(committee_staff, term)
    assert before.talk is None and before.debriefs == [] and before.reminder_talks == []
    assert before.flags == {"no_talk": True, "no_debrief": True, "open_items": False}

    _talk(committee_staff, term)
    _closed_debrief(committee_staff, term)
    talk = _reminder(committee_staff, term)
    after = _archive(committee_staff, term)
    assert after.talk.pledge == "履职尽责，抓好党建"
    [debrief] = after.debriefs
    assert (debrief.result_score, debrief.result_rank, debrief.result_grade) == (100, 1, "good")
    assert [item.content for item in after.rectifications] == ["补齐会议记录"]
    assert after.flags == {"no_talk": False, "no_debrief": False, "open_items": True}

    item = talk.rectifications.get()
    services.rectification_report(
        actor=None,
        rectification=item,
        report="已补齐",
        files=[SimpleUploadedFile("整改.png", PNG, content_type="image/png")],
    )
    services.rectification_close(actor=committee_staff, rectification=item)
    closed = _archive(committee_staff, term)
    assert closed.items_open == 0 and closed.is_complete


def test_it_counts_an_item_past_its_deadline_as_overdue(committee_staff, term):
    _reminder(committee_staff, term, deadline=date(2020, 4, 30))
    assert _archive(committee_staff, term, today=date(2020, 4, 30)).items_overdue == 0
    assert _archive(committee_staff, term, today=date(2020, 5, 1)).items_overdue == 1


def test_it_takes_imported_rows_naming_the_person_within_the_term_only(committee_staff, term, org_a):
    inside = services.reminder_talk_create(
        actor=committee_staff,
        organization=org_a,
        secretary_name="王芳",
        reason="other",
        talked_on=date(2020, 3, 1),
        talked_by="工委书记",
    )
    services.reminder_talk_create(  # before the term began: the predecessor's business
        actor=committee_staff,
        organization=org_a,
        secretary_name="王芳",
        reason="other",
        talked_on=date(2019, 12, 1),
        talked_by="工委书记",
    )
    services.reminder_talk_create(  # another person of the same org
        actor=committee_staff,
        organization=org_a,
        secretary_name="李四",
        reason="other",
        talked_on=date(2020, 3, 1),
        talked_by="工委书记",
    )
    assert [t.pk for t in _archive(committee_staff, term).reminder_talks] == [inside.pk]


def test_it_lists_published_bulletins_naming_the_org_during_the_term_with_their_mark(
    committee_staff, term, org_b
):
    def bulletin(org, mark, day, publish=True):
        draft = services.bulletin_create(
            actor=committee_staff, kind="bulletin", issued_on=day, title=f"通报{day}", orgs=[(org, mark)]
        )
        return services.bulletin_publish(actor=committee_staff, bulletin=draft) if publish else draft

    praised = bulletin(term.organization, "praise", date(2020, 3, 1))
    bulletin(term.organization, "remind", date(2019, 3, 1))  # before the term
    bulletin(term.organization, "criticise", date(2020, 4, 1), publish=False)  # a draft
    bulletin(org_b, "criticise", date(2020, 4, 1))  # another org
    assert [(b.bulletin_id, b.get_mark_display()) for b in _archive(committee_staff, term).bulletins] == [
        (praised.pk, "表扬")
    ]


def test_it_reads_the_orgs_ledger_completion_from_the_summary_tables(
    committee_staff, secretary_a, term, org_a, org_b
):
    plan = ledger.plan_create(year=2020, title="2020年台账", by=committee_staff)
    item = ledger.item_create(plan=plan, title="基层组织建设", seq=1, by=committee_staff)
    task = ledger.task_create(
        item=item,
        title="主题党日",
        by=committee_staff,
        recurrence=Recurrence.MONTHLY,
        responsible_orgs=[org_a, org_b],
    )
    for period in ("2020-M02", "2020-M03"):
        record = ledger.record_submit(
            assignment=Assignment.objects.get(task=task, organization=org_a, period=period),
            user=secretary_a,
            content="开展主题党日活动",
            done_on=date(2020, int(period[-2:]), 5),
            files=[SimpleUploadedFile("photo.png", PNG, content_type="image/png")],
        )
        ledger.record_review(record=record, user=committee_staff, accept=True)
    archive = _archive(committee_staff, term)
    [year] = archive.ledger
    # The org's monthly assignments due in 2020 while the term ran, two of them accepted.
    assert (year["key"], year["accepted"]) == (2020, 2)
    assert archive.ledger_totals["accepted"] == 2
    assert archive.ledger_totals["total"] == year["total"] > 2
    listed = archives.archives_for_year(committee_staff, 2020, today=TODAY).get(pk=term.pk)
    assert (listed.ledger_accepted, listed.ledger_total) == (2, year["total"])


# --- scoping ------------------------------------------------------------------------------------------


def test_a_secretary_reads_their_own_archive_and_no_one_elses(
    committee_staff, secretary_a, secretary_b, term, org_a, org_b
):
    deputy = secretary_term_create(
        actor=committee_staff,
        organization=org_a,
        person_name="赵六",
        role="deputy",
        started_on=date(2020, 1, 1),
    )
    other = secretary_term_create(
        actor=committee_staff, organization=org_b, person_name="钱七", started_on=date(2020, 1, 1)
    )
    assert list(archives.archive_terms_visible_to(secretary_a)) == [term]
    assert list(archives.own_archives(secretary_a)) == [term]
    assert list(archives.archive_terms_visible_to(secretary_b)) == []
    for pk in (deputy.pk, other.pk):
        with pytest.raises(SecretaryTerm.DoesNotExist):
            archives.archive_term(secretary_a, pk)
    staff_sees = set(archives.archive_terms_visible_to(committee_staff).values_list("pk", flat=True))
    assert staff_sees == {term.pk, deputy.pk, other.pk}


def test_the_admin_roles_read_no_archive(term):
    from accounts.models import Role
    from tests.factories import UserFactory

    for role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN):
        admin = UserFactory(username=f"adm_{role}", role=role)
        assert list(archives.archive_terms_visible_to(admin)) == []


def test_findings_and_talk_reasons_reach_staff_not_the_reporting_client(
    committee_staff, reporting_client, secretary_a, term
):
    _reminder(committee_staff, term)
    staff, reporting, own = (
        _archive(user, term) for user in (committee_staff, reporting_client, secretary_a)
    )
    assert (staff.show_findings, staff.show_reasons) == (True, True)
    assert (reporting.show_findings, reporting.show_reasons) == (False, False)
    assert (own.show_findings, own.show_reasons) == (False, True)


def test_the_reporting_client_sees_a_debrief_result_only_once_the_session_is_closed(
    committee_staff, reporting_client, term
):
    session = make_session(committee_staff, held_on=date(2020, 6, 1))
    services.debrief_add(
        actor=committee_staff, session=session, organization=term.organization, person_name="", term=term
    )
    assert _archive(reporting_client, term).debriefs == []
    assert len(_archive(committee_staff, term).debriefs) == 1
    services.round_close(actor=committee_staff, round=session.round)
    assert len(_archive(reporting_client, term).debriefs) == 1


# --- the list: flags and query counts -------------------------------------------------------------------


def test_the_list_flags_no_talk_no_debrief_and_open_items(committee_staff, term, org_b):
    bare = secretary_term_create(
        actor=committee_staff, organization=org_b, person_name="钱七", started_on=date(2020, 1, 1)
    )
    _talk(committee_staff, term)
    _closed_debrief(committee_staff, term)
    rows = {t.pk: t for t in archives.archives_for_year(committee_staff, 2020, today=TODAY)}
    assert (rows[term.pk].has_talk, rows[term.pk].has_debrief, rows[term.pk].items_open) == (True, True, 0)
    assert (rows[bare.pk].has_talk, rows[bare.pk].has_debrief) == (False, False)

    def flagged(flag):
        return [t.pk for t in archives.archives_filtered(committee_staff, year=2020, flag=flag, today=TODAY)]

    assert flagged("complete") == [term.pk]
    assert flagged("no_talk") == [bare.pk] == flagged("no_debrief")
    _reminder(committee_staff, term)
    assert flagged("open_items") == [term.pk]
    assert flagged("complete") == []
    # A debrief of 2020 is not one of 2021: both terms, still in office, are flagged for 2021.
    flagged_2021 = archives.archives_filtered(committee_staff, year=2021, flag="no_debrief", today=TODAY)
    assert {t.pk for t in flagged_2021} == {term.pk, bare.pk}


def test_the_list_holds_the_terms_in_office_at_any_time_in_the_year(committee_staff, org_a, org_b):
    ended = secretary_term_create(
        actor=committee_staff, organization=org_a, person_name="甲", started_on=date(2018, 1, 1)
    )
    ended.ended_on = date(2019, 3, 1)
    ended.save()
    later = secretary_term_create(
        actor=committee_staff, organization=org_b, person_name="乙", started_on=date(2021, 1, 1)
    )
    assert [t.pk for t in archives.archives_for_year(committee_staff, 2019)] == [ended.pk]
    assert [t.pk for t in archives.archives_for_year(committee_staff, 2020)] == []
    assert [t.pk for t in archives.archives_for_year(committee_staff, 2021)] == [later.pk]


def _many_terms(staff, root, count, start):
    for i in range(start, start + count):
        org = make_org(root, f"中共测试第{i}支部委员会")
        term = secretary_term_create(
            actor=staff, organization=org, person_name=f"书记{i}", started_on=date(2020, 1, 1)
        )
        _talk(staff, term)
        _reminder(staff, term)


def test_the_list_is_one_query_for_ten_terms_as_for_one(committee_staff, root_org):
    def run():
        with CaptureQueriesContext(connection) as queries:
            rows = list(
                archives.archives_filtered(committee_staff, year=2020, flag="open_items", today=TODAY)
            )
            [archives.completion_rate(row) for row in rows]
        return len(rows), len(queries)

    _many_terms(committee_staff, root_org, 1, 0)
    one, few = run()
    _many_terms(committee_staff, root_org, 9, 1)
    ten, many = run()
    assert (one, ten) == (1, 10)
    assert many == few


def test_an_archive_is_read_in_a_constant_number_of_queries(
    committee_staff, term, django_assert_max_num_queries
):
    _talk(committee_staff, term)

    def count():
        with CaptureQueriesContext(connection) as queries:
            archive = _archive(committee_staff, term)
            [item.content for item in archive.rectifications]
            [(d.session.title, d.result_score) for d in archive.debriefs]
            [b.bulletin.title for b in archive.bulletins]
        return len(queries)

    _reminder(committee_staff, term)
    _closed_debrief(committee_staff, term, year=2020)
    few = count()
    for month in (4, 5, 6):
        _reminder(committee_staff, term, day=date(2020, month, 1), deadline=date(2020, month, 28))
    _closed_debrief(committee_staff, term, year=2021)
    assert count() == few
    with django_assert_max_num_queries(8):
        _archive(committee_staff, term)


def test_a_debrief_session_kind_does_not_matter_for_the_flag(committee_staff, term):
    session = make_session(committee_staff, kind=DebriefKind.TO_MEMBERS, held_on=date(2020, 7, 1))
    services.debrief_add(
        actor=committee_staff, session=session, organization=term.organization, person_name="", term=term
    )
    assert _archive(committee_staff, term).flags["no_debrief"] is False
