from accounts.models import MemberStatus, Organization, OrgKind
from tests.api_mixins import APIResourceTests
from tests.conftest import api_as
from tests.factories import MemberFactory, make_org

_counter = iter(range(10_000))


class TestOrganizationAPI(APIResourceTests):
    basename = "organization"
    fields = {
        "id", "name", "short_name", "aliases", "kind", "kind_display", "parent", "depth", "unit", "code",
        "founded_on", "phone", "email", "is_active", "member_count",
    }  # fmt: skip

    def make_object(self, org):
        return make_org(org, f"中共测试第{next(_counter)}党支部", short_name="测试支部")

    def create_data(self, org):
        return {"name": "中共清镇市税务局第二支部委员会", "kind": OrgKind.BRANCH, "parent": org.pk}

    def update_data(self, obj):
        return {"short_name": "改后简称", "phone": "0851-12345678"}


def test_it_reports_parent_depth_unit_and_member_count(staff_api, root_org, org_a):
    MemberFactory(organization=org_a)
    MemberFactory(organization=org_a)
    MemberFactory(organization=org_a, status=MemberStatus.TRANSFERRED)
    body = staff_api.get(f"/api/v1/organizations/{org_a.pk}/").json()
    assert body["parent"] == root_org.pk
    assert body["depth"] == 2
    assert body["unit"] == "市税务局"
    assert body["kind_display"] == "党支部"
    # Only members on the roll (在册) are counted.
    assert body["member_count"] == 2


def test_it_gives_a_root_org_no_parent(staff_api, root_org):
    assert staff_api.get(f"/api/v1/organizations/{root_org.pk}/").json()["parent"] is None


def test_it_creates_an_org_with_a_new_unit_by_name(staff_api, root_org):
    response = staff_api.post(
        "/api/v1/organizations/",
        {
            "name": "中共清镇市教育局委员会",
            "kind": OrgKind.ORGAN_COMMITTEE,
            "parent": root_org.pk,
            "unit": "市教育局",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["unit"] == "市教育局"
    assert response.json()["depth"] == 2
    assert Organization.objects.get(name="中共清镇市教育局委员会").unit.name == "市教育局"


def test_it_refuses_a_duplicate_org_name_in_chinese(staff_api, root_org, org_a):
    response = staff_api.post(
        "/api/v1/organizations/",
        {"name": org_a.name, "kind": OrgKind.BRANCH, "parent": root_org.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "已存在" in str(response.json()["name"])


def test_it_moves_an_org_and_its_subtree_under_a_new_parent(staff_api, org_a, org_b):
    child = make_org(org_a, "中共清镇市税务局第一党小组")
    response = staff_api.patch(f"/api/v1/organizations/{org_a.pk}/", {"parent": org_b.pk}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["parent"] == org_b.pk
    assert response.json()["depth"] == 3
    child_body = staff_api.get(f"/api/v1/organizations/{child.pk}/").json()
    assert child_body["parent"] == org_a.pk
    assert child_body["depth"] == 4


def test_it_refuses_to_move_an_org_under_its_own_descendant(staff_api, org_a):
    child = make_org(org_a, "中共清镇市税务局第一党小组")
    response = staff_api.patch(f"/api/v1/organizations/{org_a.pk}/", {"parent": child.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {"parent": ["不能把党组织移动到它自己的下级组织之下"]}


def test_it_deactivates_an_org_instead_of_deleting_it(staff_api, org_a):
    response = staff_api.patch(f"/api/v1/organizations/{org_a.pk}/", {"is_active": False}, format="json")
    assert response.status_code == 200
    org_a.refresh_from_db()
    assert org_a.is_active is False
    inactive = staff_api.get("/api/v1/organizations/", {"is_active": "false"}).json()
    assert [row["id"] for row in inactive["results"]] == [org_a.pk]


def test_it_forbids_a_secretary_to_create_or_change_orgs(secretary_a_api, org_a):
    created = secretary_a_api.post(
        "/api/v1/organizations/",
        {"name": "新支部", "kind": OrgKind.BRANCH, "parent": org_a.pk},
        format="json",
    )
    assert created.status_code == 403
    assert created.json()["detail"] == "您的角色不能新增党组织。"
    assert secretary_a_api.patch(f"/api/v1/organizations/{org_a.pk}/", {"phone": "1"}).status_code == 403


def test_it_filters_by_kind_unit_subtree_parent_and_search(
    staff_api, root_org, org_a, org_b, organ_committee
):
    child = make_org(org_a, "中共清镇市税务局第一党小组", short_name="一组")

    def ids(**params):
        return {row["id"] for row in staff_api.get("/api/v1/organizations/", params).json()["results"]}

    assert ids(kind=OrgKind.ORGAN_COMMITTEE) == {organ_committee.pk}
    assert ids(unit="市财政局") == {org_b.pk}
    assert ids(subtree=org_a.pk) == {org_a.pk, child.pk}
    assert ids(parent=root_org.pk) == {org_a.pk, org_b.pk, organ_committee.pk}
    assert ids(search="一组") == {child.pk}
    assert ids(search="财政局") == {org_b.pk}


def test_it_lists_orgs_in_tree_order_and_orders_by_member_count(staff_api, root_org, org_a, org_b):
    MemberFactory.create_batch(3, organization=org_b)
    tree = [row["id"] for row in staff_api.get("/api/v1/organizations/").json()["results"]]
    assert tree == [root_org.pk, org_a.pk, org_b.pk]
    busiest = staff_api.get("/api/v1/organizations/", {"ordering": "-member_count"}).json()["results"][0]
    assert busiest["id"] == org_b.pk


def test_it_paginates_with_page_size(staff_api, root_org, org_a, org_b):
    body = staff_api.get("/api/v1/organizations/", {"page_size": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert "page=2" in body["next"]


def test_it_gives_a_party_member_no_org_tree(member, org_a, org_b):
    # 党员只看自己: a member's own details, not the tree's numbers.
    assert api_as(member).get("/api/v1/organizations/").status_code == 403
