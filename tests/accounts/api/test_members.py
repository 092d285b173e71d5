from accounts.models import Member, MemberClass, MemberStatus, PartyStanding
from accounts.services import id_number_hash
from tests.api_mixins import APIResourceTests
from tests.conftest import api_as
from tests.factories import MemberFactory, UserFactory, make_org

ID_NUMBER = "520181198001011206"  # a valid GB 11643 number (check digit 6)


class TestMemberAPI(APIResourceTests):
    basename = "member"
    reporting_reads = False  # the reporting client reads counts, never names and personal details
    fields = {
        "id", "organization", "organization_name", "name", "staff_no", "gender", "ethnicity", "birth_date",
        "education", "joined_on", "full_member_on", "standing", "member_class", "category_label", "status",
        "phone", "party_post", "id_number_masked",
    }  # fmt: skip

    def make_object(self, org):
        return MemberFactory(organization=org)

    def create_data(self, org):
        return {"organization": org.pk, "name": "李四", "joined_on": "2001-07-01", "member_class": "elderly"}

    def update_data(self, obj):
        return {"name": "李四（改）", "standing": PartyStanding.PROBATIONARY}


def test_it_stores_only_the_masked_id_number_and_its_hash(staff_api, org_a):
    response = staff_api.post(
        "/api/v1/members/", {"organization": org_a.pk, "name": "王五", "id_number": ID_NUMBER}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert "id_number" not in body
    assert body["id_number_masked"] == "520181************"
    stored = Member.objects.get(pk=body["id"])
    assert stored.id_number_hash == id_number_hash(ID_NUMBER)
    assert ID_NUMBER not in str(Member.objects.filter(pk=body["id"]).values().get())


def test_it_refuses_a_malformed_id_number_in_chinese(staff_api, org_a):
    response = staff_api.post(
        "/api/v1/members/", {"organization": org_a.pk, "name": "王五", "id_number": "12345"}, format="json"
    )
    assert response.status_code == 400
    assert "身份证号" in response.json()["id_number"][0]


def test_it_refuses_a_duplicate_id_number_naming_the_other_member_to_staff(staff_api, org_a, org_b):
    staff_api.post("/api/v1/members/", {"organization": org_a.pk, "name": "王五", "id_number": ID_NUMBER})
    response = staff_api.post(
        "/api/v1/members/", {"organization": org_b.pk, "name": "赵六", "id_number": ID_NUMBER}, format="json"
    )
    assert response.status_code == 400
    assert "王五" in response.json()["id_number"][0]


def test_a_duplicate_in_another_org_tells_a_secretary_nothing_about_who_it_is(
    staff_api, secretary_b_api, org_a, org_b
):
    # Otherwise any secretary could turn an ID number into a name and an org.
    staff_api.post("/api/v1/members/", {"organization": org_a.pk, "name": "王五", "id_number": ID_NUMBER})
    response = secretary_b_api.post(
        "/api/v1/members/", {"organization": org_b.pk, "name": "赵六", "id_number": ID_NUMBER}, format="json"
    )
    assert response.status_code == 400
    message = response.json()["id_number"][0]
    assert message == "该身份证号已在其他党组织登记，请联系工委核实"
    assert "王五" not in response.content.decode() and org_a.name not in response.content.decode()


def test_it_refuses_an_id_number_with_a_wrong_check_digit(staff_api, org_a):
    wrong = ID_NUMBER[:-1] + "X"
    response = staff_api.post(
        "/api/v1/members/", {"organization": org_a.pk, "name": "王五", "id_number": wrong}, format="json"
    )
    assert response.status_code == 400
    assert "校验位" in response.json()["id_number"][0]
    assert not Member.objects.filter(name="王五").exists()


def test_it_lets_a_secretary_add_a_member_to_their_own_org(secretary_a_api, org_a):
    response = secretary_a_api.post(
        "/api/v1/members/", {"organization": org_a.pk, "name": "钱七"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["organization_name"] == org_a.name


def test_it_lets_a_secretary_add_a_member_to_a_suborg(secretary_a_api, org_a):
    group = make_org(org_a, "中共清镇市税务局第一党小组")
    response = secretary_a_api.post(
        "/api/v1/members/", {"organization": group.pk, "name": "钱七"}, format="json"
    )
    assert response.status_code == 201


def test_it_refuses_a_secretary_adding_a_member_to_another_org(secretary_a_api, org_b):
    response = secretary_a_api.post(
        "/api/v1/members/", {"organization": org_b.pk, "name": "钱七"}, format="json"
    )
    assert response.status_code == 400
    assert "不在您的管辖范围内" in response.json()["organization"][0]
    assert not Member.objects.filter(name="钱七").exists()


def test_it_refuses_a_secretary_moving_a_member_out_of_their_subtree(secretary_a_api, org_a, org_b):
    mine = MemberFactory(organization=org_a)
    response = secretary_a_api.patch(f"/api/v1/members/{mine.pk}/", {"organization": org_b.pk}, format="json")
    assert response.status_code == 400
    assert "不在您的管辖范围内" in response.json()["organization"][0]
    mine.refresh_from_db()
    assert mine.organization == org_a


def test_it_lets_committee_staff_move_a_member_between_orgs(staff_api, org_a, org_b):
    person = MemberFactory(organization=org_a)
    response = staff_api.patch(f"/api/v1/members/{person.pk}/", {"organization": org_b.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["organization"] == org_b.pk


def test_it_shows_a_member_only_themselves_and_forbids_writes(member, org_a):
    other = MemberFactory(organization=org_a, name="李四")
    client = api_as(member)
    listed = client.get("/api/v1/members/").json()
    assert [row["id"] for row in listed["results"]] == [member.member.pk]
    assert client.get(f"/api/v1/members/{other.pk}/").status_code == 404
    assert client.patch(f"/api/v1/members/{member.member.pk}/", {"phone": "1"}).status_code == 403


def test_it_forbids_a_reviewer_to_write_members(reviewer, org_a):
    response = api_as(reviewer).post("/api/v1/members/", {"organization": org_a.pk, "name": "钱七"})
    assert response.status_code == 403


def test_it_filters_members_by_org_subtree_class_standing_status_and_name(staff_api, org_a, org_b):
    group = make_org(org_a, "中共清镇市税务局第一党小组")
    elderly = MemberFactory(organization=group, name="孙八", member_class=MemberClass.ELDERLY)
    probationary = MemberFactory(organization=org_a, name="周九", standing=PartyStanding.PROBATIONARY)
    gone = MemberFactory(organization=org_b, name="吴十", status=MemberStatus.TRANSFERRED)

    def ids(**params):
        return {row["id"] for row in staff_api.get("/api/v1/members/", params).json()["results"]}

    assert ids(organization_exact=org_a.pk) == {probationary.pk}
    assert ids(organization=org_a.pk) == ids(subtree=org_a.pk) == {probationary.pk, elderly.pk}
    assert ids(member_class=MemberClass.ELDERLY) == {elderly.pk}
    assert ids(standing=PartyStanding.PROBATIONARY) == {probationary.pk}
    assert ids(status=MemberStatus.TRANSFERRED) == {gone.pk}
    assert ids(search="孙") == {elderly.pk}


def test_it_orders_members_by_a_requested_field(staff_api, org_a):
    MemberFactory(organization=org_a, name="甲", joined_on="2001-01-01")
    MemberFactory(organization=org_a, name="乙", joined_on="1999-01-01")
    rows = staff_api.get("/api/v1/members/", {"ordering": "-joined_on"}).json()["results"]
    assert [row["name"] for row in rows] == ["甲", "乙"]


def test_a_superuser_flag_gives_no_access_to_members(org_a):
    # 三员分立: the bootstrap superuser sets up accounts; business data is reached through roles only.
    MemberFactory(organization=org_a)
    boss = UserFactory(username="boss", is_superuser=True, is_staff=True)
    assert api_as(boss).get("/api/v1/members/").status_code == 403


def test_it_lets_a_secretary_update_a_member_of_their_own_org(secretary_a_api, org_a):
    mine = MemberFactory(organization=org_a, name="钱七")
    response = secretary_a_api.patch(f"/api/v1/members/{mine.pk}/", {"party_post": "组织委员"}, format="json")
    assert response.status_code == 200
    mine.refresh_from_db()
    assert mine.party_post == "组织委员"


def test_the_reporting_client_reads_member_counts_but_not_the_roster(reporting_client, org_a, org_b):
    MemberFactory(organization=org_a)
    MemberFactory(organization=org_b)
    client = api_as(reporting_client)
    assert client.get("/api/v1/members/").status_code == 403
    counts = {
        row["id"]: row["member_count"] for row in client.get("/api/v1/organizations/").json()["results"]
    }
    assert counts[org_a.pk] == 1 and counts[org_b.pk] == 1
