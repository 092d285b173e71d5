"""Transferring a member (组织关系转接): the member moves, the transfer stays on file."""

from datetime import timedelta

import pytest

from accounts import authz, services
from accounts.models import (
    MemberStatus,
    MemberTransfer,
    Organization,
    Role,
    RoleAssignment,
    User,
)
from partybuild.exceptions import DomainError, PermissionDeniedError
from tests.accounts.moves.conftest import TODAY
from tests.conftest import api_as, browser_as
from tests.factories import MemberFactory, UserFactory, make_org

pytestmark = pytest.mark.django_db

OLD_NAME, OLD_SHORT = "中共清镇市税务局支部委员会", "市税务局党支部"
NEW_NAME, NEW_SHORT = "中共清镇市税务局机关支部委员会", "市税务局机关党支部"


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


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
