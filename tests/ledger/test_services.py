from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import OrgKind
from ledger import services
from ledger.models import Assignment, Record, RecordState
from partybuild.exceptions import DomainError, PermissionDeniedError
from tests.factories import make_org

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.4\n%...\n"


def test_it_creates_one_assignment_per_org_for_a_one_off_task_due_on_its_deadline(task_once, org_a, org_b):
    rows = list(
        task_once.assignments.order_by("organization_id").values_list("organization_id", "period", "due_date")
    )
    assert rows == [(org_a.pk, "2020-Y", date(2020, 6, 30)), (org_b.pk, "2020-Y", date(2020, 6, 30))]


@pytest.mark.parametrize(
    ("fixture", "periods", "last_due"),
    [
        ("task_monthly", 12, date(2020, 12, 31)),
        ("task_quarterly", 4, date(2020, 12, 31)),
        ("task_half_yearly", 2, date(2020, 12, 31)),
        ("task_yearly", 1, date(2020, 12, 31)),
    ],
)
def test_it_creates_assignments_for_every_period_of_a_recurring_task(
    request, org_a, fixture, periods, last_due
):
    task = request.getfixturevalue(fixture)
    mine = task.assignments.filter(organization=org_a).order_by("due_date")
    assert mine.count() == periods
    assert mine.last().due_date == last_due


def test_it_dates_monthly_assignments_at_month_end(task_monthly, org_a):
    feb = Assignment.objects.get(task=task_monthly, organization=org_a, period="2020-M02")
    assert (feb.period_start, feb.due_date) == (date(2020, 2, 1), date(2020, 2, 29))


def test_it_uses_a_deadline_inside_a_period_only_for_that_period(ledger_item, committee_staff, org_a):
    task = services.task_create(
        item=ledger_item,
        title="季度学习",
        by=committee_staff,
        recurrence="quarterly",
        deadline=date(2020, 5, 15),
        responsible_orgs=[org_a],
    )
    dues = dict(task.assignments.values_list("period", "due_date"))
    assert dues == {
        "2020-Q1": date(2020, 3, 31),
        "2020-Q2": date(2020, 5, 15),
        "2020-Q3": date(2020, 9, 30),
        "2020-Q4": date(2020, 12, 31),
    }


def test_it_assigns_a_task_to_every_org_a_group_phrase_stands_for(
    ledger_item, committee_staff, org_a, org_b, organ_committee
):
    task = services.task_create(
        item=ledger_item, title="支部达标创建", by=committee_staff, responsible_groups=["各基层党支部"]
    )
    assert set(task.assignments.values_list("organization_id", flat=True)) == {org_a.pk, org_b.pk}


def test_it_refuses_an_unknown_group_phrase_naming_it(ledger_item, committee_staff):
    with pytest.raises(DomainError, match="各街道党工委"):
        services.task_create(
            item=ledger_item, title="任务", by=committee_staff, responsible_groups=["各街道党工委"]
        )


def test_generating_assignments_again_creates_nothing(task_monthly):
    assert services.assignments_generate(task=task_monthly) == 0
    assert task_monthly.assignments.count() == 24


def test_it_keeps_history_for_generated_assignments(task_yearly):
    assignment = task_yearly.assignments.first()
    assert assignment.history.count() == 1


def test_updating_a_task_adds_new_orgs_and_removes_unrecorded_assignments(
    task_monthly, committee_staff, org_a, org_b, record_a, root_org
):
    org_c = make_org(root_org, "中共清镇市教育局支部委员会", kind=OrgKind.BRANCH)
    services.task_update(task=task_monthly, by=committee_staff, responsible_orgs=[org_c])
    kept = task_monthly.assignments.filter(organization=org_a)
    assert list(kept.values_list("period", flat=True)) == ["2020-M03"]
    assert not task_monthly.assignments.filter(organization=org_b).exists()
    assert task_monthly.assignments.filter(organization=org_c).count() == 12


def test_changing_a_deadline_moves_the_due_date_of_existing_assignments(task_once, committee_staff):
    services.task_update(task=task_once, by=committee_staff, deadline=date(2020, 9, 30))
    assert set(task_once.assignments.values_list("due_date", flat=True)) == {date(2020, 9, 30)}


def test_a_secretary_may_not_create_tasks(ledger_item, secretary_a):
    with pytest.raises(PermissionDeniedError):
        services.task_create(item=ledger_item, title="任务", by=secretary_a)


def test_it_refuses_a_second_plan_for_the_same_year(ledger_plan, committee_staff):
    with pytest.raises(DomainError, match="2020年度台账已存在"):
        services.plan_create(year=2020, title="重复", by=committee_staff)


def _record_state(assignment) -> str:
    return Assignment.objects.with_status().get(pk=assignment.pk).record_state


def test_submitting_a_record_marks_the_assignment_submitted(record_a, assignment_a):
    assert _record_state(assignment_a) == RecordState.SUBMITTED
    assert record_a.first_submitted_at == record_a.submitted_at


def test_a_secretary_cannot_submit_for_another_org(assignment_b, secretary_a):
    with pytest.raises(PermissionDeniedError, match="市财政局党支部"):
        services.record_submit(
            assignment=assignment_b, user=secretary_a, content="x", done_on=date(2020, 3, 1)
        )


def test_a_secretary_submits_for_an_org_below_their_own(ledger_item, committee_staff, org_a, secretary_a):
    child = make_org(org_a, "中共清镇市税务局第一支部委员会")
    task = services.task_create(
        item=ledger_item, title="下级任务", by=committee_staff, responsible_orgs=[child]
    )
    record = services.record_submit(
        assignment=task.assignments.get(), user=secretary_a, content="已完成", done_on=date(2020, 3, 1)
    )
    assert record.organization == child


def test_the_reporting_client_cannot_submit(assignment_a, reporting_client):
    with pytest.raises(PermissionDeniedError):
        services.record_submit(
            assignment=assignment_a, user=reporting_client, content="x", done_on=date(2020, 3, 1)
        )


def test_it_refuses_a_second_record_for_the_same_assignment(record_a, assignment_a, secretary_a):
    with pytest.raises(DomainError, match="请修改已有记录"):
        services.record_submit(
            assignment=assignment_a, user=secretary_a, content="再次", done_on=date(2020, 3, 6)
        )


def test_it_refuses_an_empty_content(assignment_a, secretary_a):
    with pytest.raises(DomainError, match="请填写完成情况") as exc:
        services.record_submit(
            assignment=assignment_a, user=secretary_a, content="  ", done_on=date(2020, 3, 1)
        )
    assert exc.value.field == "content"


def test_it_stores_evidence_files_with_their_hash(assignment_a, secretary_a):
    record = services.record_submit(
        assignment=assignment_a,
        user=secretary_a,
        content="已完成",
        done_on=date(2020, 3, 1),
        files=[SimpleUploadedFile("现场照片.png", PNG), SimpleUploadedFile("签到表.pdf", PDF)],
    )
    names = sorted(record.attachments.values_list("original_name", "content_type"))
    assert names == [("现场照片.png", "image/png"), ("签到表.pdf", "application/pdf")]
    assert all(len(a.sha256) == 64 for a in record.attachments.all())


def test_it_refuses_a_file_whose_content_does_not_match_its_extension(assignment_a, secretary_a):
    with pytest.raises(DomainError, match="内容与扩展名 .pdf 不符"):
        services.record_submit(
            assignment=assignment_a,
            user=secretary_a,
            content="已完成",
            done_on=date(2020, 3, 1),
            files=[SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 not a pdf")],
        )
    assert not Record.objects.exists()


def test_it_refuses_an_executable_by_extension():
    with pytest.raises(DomainError, match="类型不支持"):
        services.attachment_validate(SimpleUploadedFile("病毒.exe", b"MZ\x90\x00"))


def test_it_refuses_a_file_over_the_size_limit(settings):
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(DomainError, match="超过"):
        services.attachment_validate(SimpleUploadedFile("大图.png", PNG))


def test_it_refuses_a_zip_renamed_to_docx():
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(DomainError, match="不符"):
        services.attachment_validate(SimpleUploadedFile("总结.docx", buf.getvalue()))


def test_it_accepts_a_real_xlsx():
    import io

    from openpyxl import Workbook

    buf = io.BytesIO()
    Workbook().save(buf)
    services.attachment_validate(SimpleUploadedFile("统计.xlsx", buf.getvalue()))


def test_accepting_a_record_makes_it_final(record_a, committee_staff, secretary_a):
    services.record_review(record=record_a, user=committee_staff, accept=True)
    assert _record_state(record_a.assignment) == RecordState.ACCEPTED
    record_a.refresh_from_db()
    assert record_a.reviewed_at is not None
    with pytest.raises(PermissionDeniedError, match="已审核通过"):
        services.record_update(record=record_a, user=secretary_a, content="改", done_on=date(2020, 3, 5))


def test_returning_a_record_needs_a_comment(record_a, committee_staff):
    with pytest.raises(DomainError, match="必须填写审核意见"):
        services.record_review(record=record_a, user=committee_staff, accept=False)


def test_a_returned_record_is_resubmitted_by_editing_it(record_a, committee_staff, secretary_a):
    services.record_review(record=record_a, user=committee_staff, accept=False, comment="缺少照片")
    assert _record_state(record_a.assignment) == RecordState.RETURNED
    first = record_a.first_submitted_at
    services.record_update(
        record=record_a,
        user=secretary_a,
        content="补充了照片",
        done_on=date(2020, 3, 5),
        files=[SimpleUploadedFile("照片.png", PNG)],
    )
    record_a.refresh_from_db()
    assert (record_a.state, _record_state(record_a.assignment)) == (
        RecordState.SUBMITTED,
        RecordState.SUBMITTED,
    )
    assert record_a.attachments.count() == 1
    # Resubmitting keeps the first submission's time: it decides 按时 / 逾期提交.
    assert (record_a.first_submitted_at, record_a.submitted_at > first) == (first, True)


def test_an_update_can_remove_an_attachment(assignment_a, secretary_a):
    record = services.record_submit(
        assignment=assignment_a,
        user=secretary_a,
        content="已完成",
        done_on=date(2020, 3, 1),
        files=[SimpleUploadedFile("照片.png", PNG)],
    )
    attachment = record.attachments.get()
    services.record_update(
        record=record,
        user=secretary_a,
        content="已完成",
        done_on=date(2020, 3, 1),
        remove_attachment_ids=[attachment.pk],
    )
    assert not record.attachments.exists()
    # The evidence itself stays in storage for the audit trail: the history row still points at it.
    assert attachment.file.storage.exists(attachment.file.name)
    assert attachment.history.filter(history_type="-").exists()


def test_another_secretary_cannot_edit_the_record(record_a, secretary_b):
    with pytest.raises(PermissionDeniedError):
        services.record_update(record=record_a, user=secretary_b, content="改", done_on=date(2020, 3, 5))


def test_a_secretary_cannot_review(record_a, secretary_a):
    with pytest.raises(PermissionDeniedError, match="只有工委干部"):
        services.record_review(record=record_a, user=secretary_a, accept=True)


def test_bulk_review_accepts_many_records_and_keeps_history(record_a, record_b, committee_staff):
    count = services.records_review_bulk(
        record_ids=[record_a.pk, record_b.pk], user=committee_staff, accept=True
    )
    assert count == 2
    assert set(Record.objects.values_list("state", flat=True)) == {RecordState.ACCEPTED}
    assert set(
        Assignment.objects.with_status().filter(record__isnull=False).values_list("record_state", flat=True)
    ) == {RecordState.ACCEPTED}
    latest = record_a.history.first()
    assert (latest.state, latest.history_user) == (RecordState.ACCEPTED, committee_staff)


def test_bulk_review_changes_nothing_when_one_record_is_not_submitted(record_a, record_b, committee_staff):
    services.record_review(record=record_b, user=committee_staff, accept=True)
    with pytest.raises(DomainError, match=str(record_b.pk)):
        services.records_review_bulk(record_ids=[record_a.pk, record_b.pk], user=committee_staff, accept=True)
    record_a.refresh_from_db()
    assert record_a.state == RecordState.SUBMITTED


def test_bulk_return_needs_a_comment(record_a, committee_staff):
    with pytest.raises(DomainError, match="审核意见"):
        services.records_review_bulk(record_ids=[record_a.pk], user=committee_staff, accept=False)


def test_a_closed_quarter_refuses_submission_naming_the_quarter(assignment_a, committee_staff, secretary_a):
    services.period_close(period="2020-Q1", user=committee_staff)
    with pytest.raises(PermissionDeniedError, match="2020年第1季度"):
        services.record_submit(
            assignment=assignment_a, user=secretary_a, content="x", done_on=date(2020, 3, 1)
        )


def test_a_closed_quarter_refuses_review_and_update(record_a, committee_staff, secretary_a):
    services.period_close(period="2020-Q1", user=committee_staff)
    with pytest.raises(PermissionDeniedError, match="已关账"):
        services.record_review(record=record_a, user=committee_staff, accept=True)
    with pytest.raises(PermissionDeniedError, match="已关账"):
        services.record_update(record=record_a, user=secretary_a, content="改", done_on=date(2020, 3, 5))
    with pytest.raises(PermissionDeniedError, match="2020-Q1"):
        services.records_review_bulk(record_ids=[record_a.pk], user=committee_staff, accept=True)


def test_reopening_a_quarter_needs_a_reason_and_is_kept_in_history(
    assignment_a, committee_staff, secretary_a
):
    closure = services.period_close(period="2020-Q1", user=committee_staff)
    with pytest.raises(DomainError, match="必须填写原因"):
        services.period_reopen(period="2020-Q1", user=committee_staff, reason=" ")
    services.period_reopen(period="2020-Q1", user=committee_staff, reason="补录3月主题党日")
    assert [h.is_closed for h in closure.history.order_by("history_date")] == [True, False]
    assert closure.history.first().reason == "补录3月主题党日"
    services.record_submit(
        assignment=assignment_a, user=secretary_a, content="补录", done_on=date(2020, 3, 1)
    )


def test_only_quarters_can_be_closed(committee_staff):
    with pytest.raises(DomainError, match="不是季度代码"):
        services.period_close(period="2020-M03", user=committee_staff)
    with pytest.raises(DomainError, match="不是有效的期间代码"):
        services.period_close(period="2020年一季度", user=committee_staff)


def test_a_secretary_cannot_close_a_quarter(secretary_a):
    with pytest.raises(PermissionDeniedError):
        services.period_close(period="2020-Q1", user=secretary_a)
