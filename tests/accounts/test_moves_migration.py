"""The data migration that carries existing rows into transfers and aliases (accounts 0006)."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from accounts.models import Member, MemberTransfer, Organization
from accounts.services import member_create, organization_update
from tests.factories import make_org

pytestmark = pytest.mark.django_db

migration = importlib.import_module("accounts.migrations.0006_transfers_and_aliases_from_history")


def _moved_before_transfers_existed(member: Member, org: Organization, when) -> None:
    """How a member changed org before this migration: a plain save, leaving only a history row."""
    member.organization = org
    member.save()
    latest = member.history.order_by("-history_date", "-history_id").first()
    member.history.filter(history_id=latest.history_id).update(history_date=when)


def test_every_org_change_in_a_members_history_becomes_a_transfer(committee_staff, org_a, org_b, root_org):
    org_c = make_org(root_org, "中共清镇市审计局支部委员会")
    moved = member_create(actor=None, organization=org_a, name="赵六")
    stayed = member_create(actor=None, organization=org_a, name="钱七")
    stayed.phone = "13800000000"
    stayed.save()
    earlier = timezone.now() - timedelta(days=30)
    moved.history.filter(history_type="+").update(history_date=earlier - timedelta(days=30))
    _moved_before_transfers_existed(moved, org_b, earlier)
    _moved_before_transfers_existed(moved, org_c, timezone.now())
    moved.phone = "13900000000"
    moved.save()

    migration.transfers_from_history(apps, None)

    rows = list(
        MemberTransfer.objects.order_by("transferred_on").values_list(
            "member", "from_organization", "to_organization", "transferred_on", "reason"
        )
    )
    assert rows == [
        (moved.pk, org_a.pk, org_b.pk, timezone.localtime(earlier).date(), migration.REASON),
        (moved.pk, org_b.pk, org_c.pk, timezone.localdate(), migration.REASON),
    ]


def test_earlier_names_in_an_orgs_history_become_aliases_unless_another_org_bears_them(org_a, org_b):
    organization_update(actor=None, organization=org_a, aliases=["市税务局"])
    # Renamed the old way (no alias kept), twice; once to a name org B bears today.
    organization_update(
        actor=None, organization=org_a, name="中共清镇市税务局第一支部委员会", short_name="税务一支部"
    )
    organization_update(
        actor=None, organization=org_a, name="中共清镇市税务局机关支部委员会", short_name="税务机关支部"
    )
    organization_update(actor=None, organization=org_b, name="中共清镇市财政局机关支部委员会")
    organization_update(actor=None, organization=org_b, name="中共清镇市财政局支部委员会")
    Organization.objects.filter(pk=org_b.pk).update(name="中共清镇市税务局第一支部委员会")

    migration.aliases_from_history(apps, None)

    org_a.refresh_from_db()
    assert org_a.aliases == ["市税务局", "中共清镇市税务局支部委员会", "市税务局党支部", "税务一支部"]
    org_b.refresh_from_db()
    assert org_b.aliases == ["中共清镇市财政局支部委员会", "中共清镇市财政局机关支部委员会"]


def test_it_leaves_orgs_and_members_that_never_changed_alone(org_a):
    member_create(actor=None, organization=org_a, name="赵六")

    migration.transfers_from_history(apps, None)
    migration.aliases_from_history(apps, None)

    assert not MemberTransfer.objects.exists()
    org_a.refresh_from_db()
    assert org_a.aliases == []
