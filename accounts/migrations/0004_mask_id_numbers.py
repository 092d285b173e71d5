"""ID numbers stored before the stricter mask: hide the last four digits too, and mask (and hash) any
full number that was typed into the masked field through the old admin form."""

import hashlib
import hmac
import re

from django.conf import settings
from django.db import migrations

FULL = re.compile(r"^\d{17}[\dXx]$|^\d{15}$")


def mask_stored_numbers(apps, schema_editor):
    Member = apps.get_model("accounts", "Member")
    HistoricalMember = apps.get_model("accounts", "HistoricalMember")
    taken = set(Member.objects.exclude(id_number_hash=None).values_list("id_number_hash", flat=True))
    for model in (Member, HistoricalMember):
        for row in model.objects.exclude(id_number_masked="").only("pk", "id_number_masked", "id_number_hash"):
            value = row.id_number_masked.strip().upper()
            update = {"id_number_masked": value[:6] + "*" * (len(value) - 6)}
            if model is Member and FULL.match(value) and row.id_number_hash is None:
                digest = hmac.new(settings.ID_NUMBER_HASH_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
                if digest not in taken:
                    update["id_number_hash"] = digest
                    taken.add(digest)
            if update["id_number_masked"] != row.id_number_masked or "id_number_hash" in update:
                model.objects.filter(pk=row.pk).update(**update)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_role_assignments")]

    operations = [migrations.RunPython(mask_stored_numbers, migrations.RunPython.noop)]
