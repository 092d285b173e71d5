"""What the history already knows, carried into the new rows.

- Members moved to another org before transfers were recorded (an org changed in their history) get a
  transfer row dated the day of the change, so every member's detail shows how they came to their org.
- Orgs renamed before renames kept the old name: every earlier name and short name in their history
  becomes an alias, so legacy files and old ledgers that use it still find the org — unless another
  org bears that name today (the name is theirs now).
"""

from django.db import migrations
from django.db.models import F, Window
from django.db.models.functions import Lag
from django.utils import timezone

BATCH = 1000
REASON = "根据党员信息修改历史补登"


def transfers_from_history(apps, schema_editor):
    HistoricalMember = apps.get_model("accounts", "HistoricalMember")
    Member = apps.get_model("accounts", "Member")
    MemberTransfer = apps.get_model("accounts", "MemberTransfer")
    # One query: each history row beside the org of the member's row before it; keep only the changes.
    rows = (
        HistoricalMember.objects.annotate(
            previous_org=Window(
                Lag("organization_id"),
                partition_by=[F("id")],
                order_by=[F("history_date").asc(), F("history_id").asc()],
            )
        )
        .filter(previous_org__isnull=False)
        .exclude(previous_org=F("organization_id"))
        .order_by("id", "history_date", "history_id")
        .values_list("id", "previous_org", "organization_id", "history_date", "history_user_id")
    )
    existing = set(Member.objects.values_list("pk", flat=True))
    batch = []
    for member_id, from_org, to_org, when, user_id in rows.iterator(chunk_size=5000):
        if member_id not in existing or to_org is None:
            continue
        batch.append(
            MemberTransfer(
                member_id=member_id,
                from_organization_id=from_org,
                to_organization_id=to_org,
                transferred_on=timezone.localtime(when).date(),
                reason=REASON,
                created_by_id=user_id,
            )
        )
        if len(batch) >= BATCH:
            MemberTransfer.objects.bulk_create(batch)
            batch = []
    MemberTransfer.objects.bulk_create(batch)


def aliases_from_history(apps, schema_editor):
    Organization = apps.get_model("accounts", "Organization")
    HistoricalOrganization = apps.get_model("accounts", "HistoricalOrganization")
    current = {
        pk: (name, short, list(aliases or []))
        for pk, name, short, aliases in Organization.objects.values_list(
            "pk", "name", "short_name", "aliases"
        )
    }
    taken = {name: pk for pk, (name, _short, _aliases) in current.items()}
    earlier: dict[int, list[str]] = {}
    for pk, name, short in (
        HistoricalOrganization.objects.order_by("id", "history_date", "history_id")
        .values_list("id", "name", "short_name")
        .iterator(chunk_size=5000)
    ):
        if pk not in current:
            continue
        found = earlier.setdefault(pk, [])
        for text in (name, short):
            if text and text not in found:
                found.append(text)
    changed = []
    for pk, names in earlier.items():
        name, short, aliases = current[pk]
        added = [
            text
            for text in names
            if text not in (name, short) and text not in aliases and taken.get(text, pk) == pk
        ]
        if added:
            changed.append(Organization(pk=pk, aliases=aliases + added))
    Organization.objects.bulk_update(changed, ["aliases"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_member_transfers_and_org_merges")]

    operations = [
        migrations.RunPython(transfers_from_history, migrations.RunPython.noop),
        migrations.RunPython(aliases_from_history, migrations.RunPython.noop),
    ]
