"""Ledger writes are all or nothing: a write that fails half-way leaves nothing behind."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ledger import services
from ledger.imports.importer import ledger_import_file
from ledger.models import Assignment, AssignmentRollup, Attachment, Item, Plan, Record, Task

from .imports.conftest import SAMPLE

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class Boom(Exception):
    pass


def test_an_import_that_fails_after_writing_its_items_leaves_nothing(org_a, org_b, organ_committee):
    def progress(phase, done, total):
        # Called by ledger_write once the plan and items are written and before the tasks.
        if phase == "写入任务":
            assert Item.objects.exists()  # really half-way
            raise Boom

    with pytest.raises(Boom):
        ledger_import_file(source=SAMPLE, year=2020, user=None, progress=progress, queue_assignments=False)

    assert not (Plan.objects.exists() or Item.objects.exists() or Task.objects.exists())
    assert not (Plan.history.exists() or Item.history.exists() or Task.history.exists())


def test_a_submission_that_fails_while_storing_its_evidence_leaves_nothing(
    assignment_a, secretary_a, monkeypatch
):
    before = list(AssignmentRollup.objects.values_list("id", "submitted", "unsubmitted", "version"))

    def fail(record, files):
        assert Record.objects.filter(pk=record.pk).exists()  # the record row was written …
        raise Boom

    monkeypatch.setattr("ledger.services.records.attachments_store", fail)
    with pytest.raises(Boom):
        services.record_submit(
            assignment=assignment_a,
            user=secretary_a,
            content="已开展",
            done_on=date(2020, 3, 1),
            files=[SimpleUploadedFile("照片.png", PNG)],
        )

    # … and is gone, with its history and the summary's change.
    assert not Record.objects.exists() and not Record.history.exists() and not Attachment.objects.exists()
    assert list(AssignmentRollup.objects.values_list("id", "submitted", "unsubmitted", "version")) == before


def test_a_task_whose_assignments_fail_to_generate_is_not_created(
    ledger_item, committee_staff, org_a, monkeypatch
):
    def fail(keys):
        list(keys)
        raise Boom

    monkeypatch.setattr("ledger.services.plans.rollup_add_new", fail)
    with pytest.raises(Boom):
        services.task_create(item=ledger_item, title="年度计划", by=committee_staff, responsible_orgs=[org_a])
    assert not Task.objects.exists() and not Assignment.objects.exists()
