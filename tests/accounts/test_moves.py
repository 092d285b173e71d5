"""The org tree as years go by: renames keep old names, transfers are on file, merges move the roster."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import authz, services
from accounts.models import (
    Member,
    MemberStatus,
    MemberTransfer,
    Organization,
    OrganizationMerge,
    Role,
    RoleAssignment,
    User,
)
from accounts.names import OrganizationNames
from ledger.imports.responsible import ResponsibleResolver
from partybuild.exceptions import DomainError, PermissionDeniedError
from tests.conftest import api_as, browser_as
from tests.factories import MemberFactory, UserFactory, make_org

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _today_stays_today(monkeypatch):
    # TODAY is read when the module is imported; a run that crosses midnight (Asia/Shanghai) must not
    # make it "yesterday" for the services.
    localdate = timezone.localdate
    monkeypatch.setattr(
        "django.utils.timezone.localdate",
        lambda value=None, *args: TODAY if value is None else localdate(value, *args),
    )


OLD_NAME, OLD_SHORT = "中共清镇市税务局支部委员会", "市税务局党支部"
NEW_NAME, NEW_SHORT = "中共清镇市税务局机关支部委员会", "市税务局机关党支部"


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


@pytest.fixture
def committee_branches(organ_committee):
    """An organ committee with two branches under it, and a secretary of the committee."""
    first = make_org(organ_committee, "中共清镇市委办综合科支部委员会", short_name="市委办综合科党支部")
    second = make_org(organ_committee, "中共清镇市委办督查室支部委员会", short_name="市委办督查室党支部")
    secretary = UserFactory(username="sec_committee", role=Role.SECRETARY, organization=organ_committee)
    return first, second, secretary


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


# --- transfer -------------------------------------------------------------------------------------


def test_a_transfer_moves_the_member_and_keeps_the_transfer_on_file(committee_staff, org_a, org_b):
    person = MemberFactory(organization=org_a, name="赵六")
    on = TODAY - timedelta(days=3)

    transfer = services.member_transfer(
        actor=committee_staff,
        member=person,
        to_organization=org_b,
        on_date=on,
        reason="工作调动",
        document_no="清直工委组转〔2026〕5号",
    )

    person.refresh_from_db()
    assert person.organization == org_b
    assert (transfer.from_organization, transfer.to_organization, transfer.transferred_on) == (
        org_a,
        org_b,
        on,
    )
    assert (transfer.reason, transfer.document_no, transfer.created_by) == (
        "工作调动",
        "清直工委组转〔2026〕5号",
        committee_staff,
    )
    assert [h.organization_id for h in person.history.order_by("history_date")] == [org_a.pk, org_b.pk]


def test_the_members_login_keeps_its_member_role_in_the_new_org(committee_staff, member, org_b):
    services.member_transfer(
        actor=committee_staff, member=member.member, to_organization=org_b, on_date=TODAY
    )

    roles = RoleAssignment.objects.filter(user=member, role=Role.MEMBER)
    assert list(roles.values_list("organization", flat=True)) == [org_b.pk]


def test_a_secretary_transfers_only_within_their_own_subtree(committee_branches, secretary_a, org_a, org_b):
    first, second, committee_secretary = committee_branches
    mine = MemberFactory(organization=first)

    services.member_transfer(actor=committee_secretary, member=mine, to_organization=second, on_date=TODAY)
    mine.refresh_from_db()
    assert mine.organization == second

    theirs = MemberFactory(organization=org_a)
    with pytest.raises(PermissionDeniedError, match="同时管辖转出和转入"):
        services.member_transfer(actor=secretary_a, member=theirs, to_organization=org_b, on_date=TODAY)
    with pytest.raises(PermissionDeniedError):
        services.member_transfer(
            actor=committee_secretary, member=theirs, to_organization=first, on_date=TODAY
        )
    theirs.refresh_from_db()
    assert theirs.organization == org_a
    assert MemberTransfer.objects.count() == 1


@pytest.mark.parametrize("role", [Role.MEMBER, Role.REVIEWER, Role.REPORTING, Role.SYSTEM_ADMIN])
def test_roles_without_the_roster_transfer_nobody(role, org_a, org_b):
    user = UserFactory(role=role, organization=org_a if role == Role.MEMBER else None)
    person = MemberFactory(organization=org_a)
    assert not authz.may(user, "accounts.transfer_member", person)
    with pytest.raises(PermissionDeniedError):
        services.member_transfer(actor=user, member=person, to_organization=org_b, on_date=TODAY)


def test_a_transfer_refuses_what_cannot_be(committee_staff, org_a, org_b, root_org):
    person = MemberFactory(organization=org_a)
    closed = make_org(root_org, "中共清镇市旧局支部委员会", is_active=False)
    cases = [
        ({"to_organization": org_a, "on_date": TODAY}, "无需转接"),
        ({"to_organization": closed, "on_date": TODAY}, "已撤销"),
        ({"to_organization": org_b, "on_date": TODAY + timedelta(days=1)}, "不能晚于今天"),
    ]
    for kwargs, message in cases:
        with pytest.raises(DomainError, match=message):
            services.member_transfer(actor=committee_staff, member=person, **kwargs)
    services.member_transfer(actor=committee_staff, member=person, to_organization=org_b, on_date=TODAY)
    with pytest.raises(DomainError, match="早于该党员上一次转接"):
        services.member_transfer(
            actor=committee_staff, member=person, to_organization=org_a, on_date=TODAY - timedelta(days=1)
        )
    gone = MemberFactory(organization=org_a, status=MemberStatus.DECEASED)
    with pytest.raises(DomainError, match="只有在册党员"):
        services.member_transfer(actor=committee_staff, member=gone, to_organization=org_b, on_date=TODAY)
    assert MemberTransfer.objects.count() == 1


def test_changing_a_members_org_through_member_update_is_a_transfer_on_file(committee_staff, org_a, org_b):
    person = MemberFactory(organization=org_a)

    services.member_update(actor=committee_staff, member=person, organization=org_b, phone="13800000000")

    person.refresh_from_db()
    assert (person.organization, person.phone) == (org_b, "13800000000")
    transfer = MemberTransfer.objects.get(member=person)
    assert (transfer.from_organization, transfer.to_organization, transfer.transferred_on) == (
        org_a,
        org_b,
        TODAY,
    )


def test_the_member_page_shows_the_transfer_history_and_the_button(
    staff_client, committee_staff, org_a, org_b
):
    person = MemberFactory(organization=org_a, name="赵六")
    services.member_transfer(
        actor=committee_staff, member=person, to_organization=org_b, on_date=TODAY, document_no="组转5号"
    )

    page = staff_client.get(f"/members/{person.pk}/")

    assert page.status_code == 200
    text = page.content.decode()
    assert "组转5号" in text and org_a.name in text and org_b.name in text
    assert f"/members/{person.pk}/transfer/" in text


def test_the_roster_and_the_org_page_show_the_transfer(staff_client, committee_staff, org_a, org_b):
    person = MemberFactory(organization=org_a, name="赵六")
    services.member_transfer(actor=committee_staff, member=person, to_organization=org_b, on_date=TODAY)

    roster = staff_client.get("/members/").content.decode()
    assert f"{TODAY.isoformat()} 自{org_a.name}转入" in roster
    for org in (org_a, org_b):
        page = staff_client.get(f"/organizations/{org.pk}/").content.decode()
        assert "赵六" in page and f"/members/{person.pk}/" in page


def test_the_roster_reads_transfers_in_one_query_whatever_the_page_holds(
    staff_client, committee_staff, org_a, org_b
):
    def queries_for(count):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for _ in range(count):
            person = MemberFactory(organization=org_a)
            services.member_transfer(
                actor=committee_staff, member=person, to_organization=org_b, on_date=TODAY
            )
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get("/members/")
        assert response.status_code == 200
        return len(captured)

    assert queries_for(2) == queries_for(20)


def test_a_secretary_transfers_a_member_from_the_page(committee_branches):
    first, second, committee_secretary = committee_branches
    person = MemberFactory(organization=first, name="钱七")
    client = browser_as(committee_secretary)

    page = client.get(f"/members/{person.pk}/transfer/")
    assert page.status_code == 200
    offered = {org.pk for org in page.context["candidates"]}
    assert second.pk in offered and first.pk not in offered

    response = client.post(
        f"/members/{person.pk}/transfer/",
        {"to_organization": second.pk, "on_date": TODAY.isoformat(), "document_no": "", "reason": "岗位调整"},
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.organization == second


def test_the_transfer_page_refuses_an_org_outside_the_secretarys_scope(secretary_a, org_a, org_b):
    person = MemberFactory(organization=org_a)
    response = browser_as(secretary_a).post(
        f"/members/{person.pk}/transfer/",
        {"to_organization": org_b.pk, "on_date": TODAY.isoformat(), "document_no": "", "reason": ""},
    )
    assert response.status_code == 200
    assert "不在您的管辖范围内" in response.context["form"].errors["to_organization"][0]
    person.refresh_from_db()
    assert person.organization == org_a


def test_the_staff_picker_searches_instead_of_listing_every_org(staff_client, root_org, org_a):
    for n in range(40):
        make_org(root_org, f"中共清镇市测试{n}局支部委员会", short_name=f"测试{n}局党支部")
    person = MemberFactory(organization=org_a)

    assert staff_client.get(f"/members/{person.pk}/transfer/").context["candidates"] == []
    found = staff_client.get(f"/members/{person.pk}/transfer/?q=测试12").context["candidates"]
    assert [org.short_name for org in found] == ["测试12局党支部"]


def test_the_api_transfers_a_member_and_lists_transfers_in_scope(
    staff_api, secretary_a, secretary_b, org_a, org_b, member
):
    person = MemberFactory(organization=org_a)
    response = staff_api.post(
        f"/api/v1/members/{person.pk}/transfer/",
        {"to_organization": org_b.pk, "on_date": TODAY.isoformat(), "reason": "工作调动"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["to_organization_name"] == org_b.name

    for user in (secretary_a, secretary_b):
        listed = api_as(user).get("/api/v1/member-transfers/").json()
        assert [row["member"] for row in listed["results"]] == [person.pk]
    outsider_org = make_org(Organization.objects.get(depth=1), "中共清镇市外局支部委员会")
    outsider = UserFactory(username="sec_out", role=Role.SECRETARY, organization=outsider_org)
    assert api_as(outsider).get("/api/v1/member-transfers/").json()["count"] == 0
    # A party member sees their own transfers only.
    assert api_as(member).get("/api/v1/member-transfers/").json()["count"] == 0
    bad = staff_api.post(
        f"/api/v1/members/{person.pk}/transfer/", {"to_organization": org_a.pk}, format="json"
    )
    assert bad.status_code == 400 and "on_date" in bad.json()


def test_the_admin_lists_transfers_read_only(staff_client, committee_staff, org_a, org_b):
    person = MemberFactory(organization=org_a, name="赵六")
    transfer = services.member_transfer(
        actor=committee_staff, member=person, to_organization=org_b, on_date=TODAY
    )

    listing = staff_client.get("/admin/accounts/membertransfer/")
    assert listing.status_code == 200 and "赵六" in listing.content.decode()
    assert staff_client.get("/admin/accounts/membertransfer/add/").status_code == 403
    change = staff_client.post(f"/admin/accounts/membertransfer/{transfer.pk}/change/", {"reason": "改"})
    assert change.status_code == 403
    transfer.refresh_from_db()
    assert transfer.reason == ""


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
