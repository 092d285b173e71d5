"""Migration accounts.0004: stored ID numbers are re-masked, and a full number typed into the old admin's
masked field is masked and hashed, never kept."""

import importlib

import pytest
from django.apps import apps

from accounts.models import Member
from accounts.services import id_number_hash
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
migration = importlib.import_module("accounts.migrations.0004_mask_id_numbers")


def test_it_hides_the_last_four_digits_of_old_masks_and_masks_full_numbers(org_a):
    old_mask = MemberFactory(organization=org_a, id_number_masked="520181********120X")
    typed_in_full = MemberFactory(organization=org_a, id_number_masked="520181198001011206")

    migration.mask_stored_numbers(apps, None)

    old_mask.refresh_from_db()
    typed_in_full.refresh_from_db()
    assert old_mask.id_number_masked == "520181************"
    assert typed_in_full.id_number_masked == "520181************"
    assert typed_in_full.id_number_hash == id_number_hash("520181198001011206")
    history = Member.history.filter(id=typed_in_full.pk).values_list("id_number_masked", flat=True)
    assert all("1206" not in value for value in history)
