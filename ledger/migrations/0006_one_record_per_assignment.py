"""Data for the one-to-one: one record per assignment, the first submission on the record, archived years.

- An assignment with more than one record (the old foreign key allowed it; the service did not) keeps
  its latest (by submission time, then id); the others are deleted — their history rows stay — and
  their evidence files are moved to the kept record, so no evidence is lost. The count is printed.
- `Record.first_submitted_at` comes from the assignment's old mirror (首次提交时间), or the record's own
  submission time where the mirror was empty; history rows get their own submission time.
- A past year imported from a legacy workbook (a successful, confirmed LedgerImport of a year before
  this one) is archived, as a new import of such a year now is.
"""

from django.db import migrations
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone


def keep_one_record_per_assignment(apps, schema_editor):
    Record = apps.get_model("ledger", "Record")
    Attachment = apps.get_model("ledger", "Attachment")
    doubled = (
        Record.objects.order_by()
        .values("assignment_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("assignment_id", flat=True)
    )
    removed = moved = 0
    for assignment_id in list(doubled):
        records = list(
            Record.objects.filter(assignment_id=assignment_id).order_by("-submitted_at", "-pk").values_list(
                "pk", flat=True
            )
        )
        kept, others = records[0], records[1:]
        moved += Attachment.objects.filter(record_id__in=others).update(record_id=kept)
        removed += Record.objects.filter(pk__in=others).delete()[0]
    if removed:
        print(
            f"\n  ledger: {removed} duplicate record(s) removed, the latest of each assignment kept; "
            f"{moved} attachment(s) moved to the kept record"
        )


def fill_first_submission(apps, schema_editor):
    Record = apps.get_model("ledger", "Record")
    HistoricalRecord = apps.get_model("ledger", "HistoricalRecord")
    Assignment = apps.get_model("ledger", "Assignment")
    mirror = Assignment.objects.filter(pk=OuterRef("assignment_id")).values("submitted_at")[:1]
    Record.objects.update(first_submitted_at=Coalesce(Subquery(mirror), F("submitted_at")))
    # The mirror may be later than a resubmission only if it was wrong: the first submission is the earlier.
    Record.objects.filter(first_submitted_at__gt=F("submitted_at")).update(first_submitted_at=F("submitted_at"))
    HistoricalRecord.objects.update(first_submitted_at=F("submitted_at"))


def archive_imported_past_years(apps, schema_editor):
    Plan = apps.get_model("ledger", "Plan")
    LedgerImport = apps.get_model("ledger", "LedgerImport")
    this_year = timezone.localdate().year
    imported = LedgerImport.objects.filter(dry_run=False, status="succeeded", year__lt=this_year).values("year")
    Plan.objects.filter(year__in=imported, state="active").update(state="archived")


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0005_record_state_columns"),
    ]

    operations = [
        migrations.RunPython(keep_one_record_per_assignment, migrations.RunPython.noop),
        migrations.RunPython(fill_first_submission, migrations.RunPython.noop),
        migrations.RunPython(archive_imported_past_years, migrations.RunPython.noop),
    ]
