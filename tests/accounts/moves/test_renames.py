"""Renaming an org keeps its old names as aliases, for people and for the legacy imports."""

import pytest

from accounts import services
from accounts.models import (
    User,
)
from accounts.names import OrganizationNames
from ledger.imports.responsible import ResponsibleResolver
from partybuild.exceptions import DomainError, PermissionDeniedError
from tests.conftest import api_as

pytestmark = pytest.mark.django_db

OLD_NAME, OLD_SHORT = "中共清镇市税务局支部委员会", "市税务局党支部"
NEW_NAME, NEW_SHORT = "中共清镇市税务局机关支部委员会", "市税务局机关党支部"


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


# --- rename ---------------------------------------------------------------------------------------


def test_a_rename_keeps_the_old_name_and_short_name_as_aliases(committee_staff, org_a):
    services.organization_update(actor=committee_staff, organization=org_a, aliases=["市税务局"])

    services.organization_rename(
        actor=committee_staff, organization=org_a, new_name=NEW_NAME, new_short_name=NEW_SHORT
    )

    org_a.refresh_from_db()
    assert (org_a.name, org_a.short_name) == (NEW_NAME, NEW_SHORT)
    assert org_a.aliases == ["市税务局", OLD_NAME, OLD_SHORT]
    # History keeps both names, newest first.
    assert list(org_a.history.values_list("name", flat=True)[:2]) == [NEW_NAME, OLD_NAME]


def test_a_rename_without_a_new_short_name_keeps_the_short_name(committee_staff, org_a):
    services.organization_rename(actor=committee_staff, organization=org_a, new_name=NEW_NAME)

    org_a.refresh_from_db()
    assert org_a.short_name == OLD_SHORT
    assert org_a.aliases == [OLD_NAME]


def test_renaming_back_drops_the_name_from_the_aliases(committee_staff, org_a):
    services.organization_rename(actor=committee_staff, organization=org_a, new_name=NEW_NAME)
    services.organization_rename(actor=committee_staff, organization=org_a, new_name=OLD_NAME)

    org_a.refresh_from_db()
    assert org_a.name == OLD_NAME
    assert org_a.aliases == [NEW_NAME]


def test_the_legacy_resolvers_find_a_renamed_org_by_its_old_names(committee_staff, org_a, org_b):
    services.organization_rename(
        actor=committee_staff, organization=org_a, new_name=NEW_NAME, new_short_name=NEW_SHORT
    )

    ledger_names = ResponsibleResolver.load()
    roster_names = OrganizationNames.load()
    for old in (OLD_NAME, OLD_SHORT):
        assert ledger_names.resolve(old).org_ids == (org_a.pk,)
        assert roster_names.find(old) == org_a
    assert ledger_names.resolve(NEW_SHORT).org_ids == (org_a.pk,)


def test_a_rename_to_another_orgs_name_or_to_the_same_name_is_refused(committee_staff, org_a, org_b):
    with pytest.raises(DomainError, match="已有党组织名为"):
        services.organization_rename(actor=committee_staff, organization=org_a, new_name=org_b.name)
    with pytest.raises(DomainError, match="无需更名"):
        services.organization_rename(actor=committee_staff, organization=org_a, new_name=OLD_NAME)
    org_a.refresh_from_db()
    assert (org_a.name, org_a.aliases) == (OLD_NAME, [])


def test_only_committee_staff_rename_an_org(secretary_a, org_a):
    with pytest.raises(PermissionDeniedError):
        services.organization_rename(actor=secretary_a, organization=org_a, new_name=NEW_NAME)
    org_a.refresh_from_db()
    assert org_a.name == OLD_NAME


def test_the_rename_page_renames_and_shows_the_aliases(staff_client, org_a):
    assert staff_client.get(f"/organizations/{org_a.pk}/rename/").status_code == 200

    response = staff_client.post(
        f"/organizations/{org_a.pk}/rename/", {"name": NEW_NAME, "short_name": NEW_SHORT}
    )

    assert response.status_code == 302
    page = staff_client.get(response["Location"]).content.decode()
    assert NEW_NAME in page
    assert f"{OLD_NAME}、{OLD_SHORT}" in page
    assert "保留为别名" in page


def test_the_rename_page_shows_the_refusal_next_to_the_name(staff_client, org_a, org_b):
    response = staff_client.post(f"/organizations/{org_a.pk}/rename/", {"name": org_b.name, "short_name": ""})

    assert response.status_code == 200
    assert "已有党组织名为" in response.context["form"].errors["name"][0]


def test_the_api_renames_an_org(staff_api, secretary_a, org_a):
    refused = api_as(secretary_a).post(
        f"/api/v1/organizations/{org_a.pk}/rename/", {"name": NEW_NAME}, format="json"
    )
    assert refused.status_code == 403

    response = staff_api.post(
        f"/api/v1/organizations/{org_a.pk}/rename/",
        {"name": NEW_NAME, "short_name": NEW_SHORT},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["aliases"] == [OLD_NAME, OLD_SHORT]
