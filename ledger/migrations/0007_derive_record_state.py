"""One record per assignment (one-to-one), its org and state derived, never copied; the rollup filled."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone


def fill_rollup(apps, schema_editor):
    """The summary table from every assignment (as `manage.py rebuild_rollup` builds it today)."""
    Assignment = apps.get_model("ledger", "Assignment")
    AssignmentRollup = apps.get_model("ledger", "AssignmentRollup")
    done = Q(record__state__in=("submitted", "accepted"))
    rows = (
        Assignment.objects.order_by()
        .alias(first_day=TruncDate("record__first_submitted_at"))
        .values("organization_id", "task__item_id", "period", "due_date")
        .annotate(
            total=Count("pk"),
            unsubmitted=Count("pk", filter=Q(record__isnull=True)),
            submitted=Count("pk", filter=Q(record__state="submitted")),
            returned=Count("pk", filter=Q(record__state="returned")),
            accepted=Count("pk", filter=Q(record__state="accepted")),
            on_time=Count("pk", filter=done & Q(first_day__lte=F("due_date"))),
            late=Count("pk", filter=done & Q(first_day__gt=F("due_date"))),
        )
    )
    now = timezone.now()
    batch = []
    for row in rows.iterator(chunk_size=5000):
        row["item_id"] = row.pop("task__item_id")
        batch.append(AssignmentRollup(**row, version=1, updated_at=now))
        if len(batch) >= 5000:
            AssignmentRollup.objects.bulk_create(batch)
            batch = []
    AssignmentRollup.objects.bulk_create(batch)


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0006_one_record_per_assignment'),
    ]

    operations = [
        migrations.AlterField(
            model_name='record',
            name='first_submitted_at',
            field=models.DateTimeField(verbose_name='首次提交时间'),
        ),
        migrations.AlterField(
            model_name='historicalrecord',
            name='first_submitted_at',
            field=models.DateTimeField(verbose_name='首次提交时间'),
        ),
        migrations.RemoveIndex(
            model_name='record',
            name='record_org_state',
        ),
        migrations.RemoveField(
            model_name='assignment',
            name='accepted_at',
        ),
        migrations.RemoveField(
            model_name='assignment',
            name='record_state',
        ),
        migrations.RemoveField(
            model_name='assignment',
            name='submitted_at',
        ),
        migrations.RemoveField(
            model_name='historicalassignment',
            name='accepted_at',
        ),
        migrations.RemoveField(
            model_name='historicalassignment',
            name='record_state',
        ),
        migrations.RemoveField(
            model_name='historicalassignment',
            name='submitted_at',
        ),
        migrations.RemoveField(
            model_name='historicalrecord',
            name='organization',
        ),
        migrations.RemoveField(
            model_name='record',
            name='organization',
        ),
        migrations.AlterField(
            model_name='record',
            name='assignment',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='record', to='ledger.assignment', verbose_name='任务分解'),
        ),
        migrations.AddIndex(
            model_name='record',
            index=models.Index(fields=['state', 'submitted_at'], name='record_state_submitted'),
        ),
        migrations.AddIndex(
            model_name='record',
            index=models.Index(fields=['source_type', 'source_id'], name='record_source'),
        ),
        migrations.AddConstraint(
            model_name='record',
            constraint=models.CheckConstraint(condition=models.Q(('state', 'none'), _negated=True), name='record_state_is_a_record_state'),
        ),
        migrations.AddConstraint(
            model_name='record',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('source_id__isnull', True), ('source_type__isnull', True)), models.Q(('source_id__isnull', False), ('source_type__isnull', False)), _connector='OR'), name='record_source_complete'),
        ),
        migrations.RunPython(fill_rollup, migrations.RunPython.noop),
    ]
