"""Merging two orgs: the roster's part (the ledger's part is in tests/ledger/test_moves.py)."""

from datetime import timedelta

import pytest

from accounts import authz, services
from accounts.models import (
    Member,
    MemberTransfer,
    Organization,
    OrganizationMerge,
    User,
)
from ledger.imports.responsible import ResponsibleResolver
from partybuild.exceptions import DomainError
from tests.accounts.moves.conftest import TODAY
from tests.conftest import api_as, browser_as
from tests.factories import MemberFactory, UserFactory, make_org

pytestmark = pytest.mark.django_db

OLD_NAME, OLD_SHORT = "中共清镇市税务局支部委员会", "市税务局党支部"
NEW_NAME, NEW_SHORT = "中共清镇市税务局机关支部委员会", "市税务局机关党支部"


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


# --- merge (the roster's part; the ledger's part is in tests/ledger/test_moves.py) ---------------


@pytest.fixture
def merge_world(committee_staff, org_a, org_b):
    """Org B with members, one of them a login with a term as secretary, and a child branch."""
    people = [MemberFactory(organization=org_b, name=n) for n in ("孙一", "孙二", "孙三")]
    login = UserFactory(username="sun1", member=people[0])
    term = services.secretary_term_create(
        actor=committee_staff,
        organization=org_b,
        person_name="孙一",
        member=people[0],
        started_on=TODAY - timedelta(days=400),
    )
    child = make_org(org_b, "中共清镇市财政局国库支部委员会", short_name="国库支部")
    second = make_org(org_b, "中共清镇市财政局预算支部委员会", short_name="预算支部")
    return {"people": people, "login": login, "term": term, "child": child, "children": [child, second]}


def test_a_merge_moves_members_ends_terms_moves_children_and_keeps_the_name(
    committee_staff, org_a, org_b, secretary_b, merge_world
):
    yesterday = TODAY - timedelta(days=1)
    assert authz.is_secretary_of(_fresh(merge_world["login"]), org_b)

    merge = services.organizations_merge(actor=committee_staff, source=org_b, target=org_a, on_date=yesterday)

    org_a.refresh_from_db()
    org_b.refresh_from_db()
    assert set(Member.objects.filter(organization=org_a).values_list("name", flat=True)) == {
        "孙一",
        "孙二",
        "孙三",
    }
    assert (
        MemberTransfer.objects.filter(merge=merge, from_organization=org_b, to_organization=org_a).count()
        == 3
    )
    merge_world["term"].refresh_from_db()
    assert merge_world["term"].ended_on == yesterday
    # The term's secretary role and the role granted directly are both gone.
    assert not authz.is_secretary_of(_fresh(merge_world["login"]), org_b)
    assert not authz.is_secretary_of(_fresh(secretary_b), org_b)
    for child in merge_world["children"]:
        assert Organization.objects.get_parent(Organization.objects.get(pk=child.pk)) == org_a
    assert Organization.objects.find_problems() == ([], [], [], [], [])
    assert org_b.is_active is False
    assert org_a.aliases == [org_b.name, org_b.short_name]
    assert ResponsibleResolver.load().resolve(org_b.name).org_ids == (org_a.pk,)
    assert merge.summary["counts"]["members"] == 3
    assert any("孙一（书记）" in line for line in merge.summary["lines"])


def test_a_merge_preview_writes_nothing(committee_staff, org_a, org_b, merge_world):
    result = services.organizations_merge_preview(
        actor=committee_staff, source=org_b, target=org_a, on_date=TODAY
    )

    assert result.counts["members"] == 3 and result.counts["children"] == 2
    org_b.refresh_from_db()
    assert org_b.is_active and Member.objects.filter(organization=org_b).count() == 3
    assert not OrganizationMerge.objects.exists() and not MemberTransfer.objects.exists()


@pytest.mark.parametrize(
    "case",
    ["itself", "into its own child", "future date", "before a term began", "inactive target", "secretary"],
)
def test_a_merge_refuses_what_cannot_be_and_writes_nothing(
    case, committee_staff, secretary_b, org_a, org_b, merge_world, root_org
):
    kwargs = {"actor": committee_staff, "source": org_b, "target": org_a, "on_date": TODAY}
    if case == "itself":
        kwargs["target"] = org_b
    elif case == "into its own child":
        kwargs["target"] = merge_world["child"]
    elif case == "future date":
        kwargs["on_date"] = TODAY + timedelta(days=1)
    elif case == "before a term began":
        kwargs["on_date"] = TODAY - timedelta(days=500)
    elif case == "inactive target":
        kwargs["target"] = make_org(root_org, "中共清镇市旧局支部委员会", is_active=False)
    else:
        kwargs["actor"] = secretary_b
    with pytest.raises(DomainError):
        services.organizations_merge(**kwargs)
    org_b.refresh_from_db()
    assert org_b.is_active and Member.objects.filter(organization=org_b).count() == 3
    assert not OrganizationMerge.objects.exists()


def test_a_merge_that_fails_half_way_leaves_everything_as_it_was(
    committee_staff, org_a, org_b, merge_world, monkeypatch
):
    from accounts.services import moves

    def broken_step(**kwargs):
        raise DomainError("模拟中途失败")

    monkeypatch.setattr(moves, "_MERGE_STEPS", [*moves._MERGE_STEPS, broken_step])

    with pytest.raises(DomainError, match="模拟中途失败"):
        services.organizations_merge(actor=committee_staff, source=org_b, target=org_a, on_date=TODAY)

    org_b.refresh_from_db()
    assert org_b.is_active
    assert Member.objects.filter(organization=org_b).count() == 3
    assert not MemberTransfer.objects.exists()
    merge_world["term"].refresh_from_db()
    assert merge_world["term"].ended_on is None
    assert Organization.objects.get_parent(Organization.objects.get(pk=merge_world["child"].pk)) == org_b


def test_the_merge_page_previews_then_merges_only_when_confirmed(staff_client, org_a, org_b, merge_world):
    url = f"/organizations/{org_b.pk}/merge/"
    search = staff_client.get(url + "?q=税务")
    assert search.status_code == 200 and [o.pk for o in search.context["candidates"]] == [org_a.pk]

    preview = staff_client.post(url, {"step": "preview", "target": org_a.pk, "on_date": TODAY.isoformat()})
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "党员 3 名转入" in text and "确认合并" in text
    unconfirmed = staff_client.post(
        url, {"step": "confirm", "target": org_a.pk, "on_date": TODAY.isoformat()}
    )
    assert unconfirmed.status_code == 200 and "请勾选确认" in unconfirmed.content.decode()
    org_b.refresh_from_db()
    assert org_b.is_active

    done = staff_client.post(
        url, {"step": "confirm", "target": org_a.pk, "on_date": TODAY.isoformat(), "confirmed": "on"}
    )

    assert done.status_code == 302 and done["Location"] == f"/organizations/{org_a.pk}/"
    target_page = staff_client.get(done["Location"]).content.decode()
    assert "合并记录" in target_page and "党员 3 名转入" in target_page
    org_b.refresh_from_db()
    assert not org_b.is_active
    assert "并入" in staff_client.get(url.replace("merge/", "")).content.decode()


def test_the_api_previews_and_merges(staff_api, org_a, org_b, merge_world):
    url = f"/api/v1/organizations/{org_b.pk}/merge/"
    preview = staff_api.post(
        url, {"target": org_a.pk, "on_date": TODAY.isoformat(), "preview": True}, format="json"
    )
    assert preview.status_code == 200, preview.content
    assert preview.json()["id"] is None and preview.json()["counts"]["members"] == 3
    assert Organization.objects.get(pk=org_b.pk).is_active

    done = staff_api.post(url, {"target": org_a.pk, "on_date": TODAY.isoformat()}, format="json")

    assert done.status_code == 201, done.content
    assert done.json()["id"] == OrganizationMerge.objects.get().pk
    assert not Organization.objects.get(pk=org_b.pk).is_active
    again = staff_api.post(url, {"target": org_a.pk, "on_date": TODAY.isoformat()}, format="json")
    assert again.status_code == 400 and "已撤销" in str(again.json())


def test_secretaries_may_not_merge(secretary_a, org_a, org_b):
    response = api_as(secretary_a).post(
        f"/api/v1/organizations/{org_a.pk}/merge/",
        {"target": org_b.pk, "on_date": TODAY.isoformat()},
        format="json",
    )
    assert response.status_code == 403
    assert browser_as(secretary_a).get(f"/organizations/{org_a.pk}/merge/").status_code == 403
    assert Organization.objects.get(pk=org_a.pk).is_active
