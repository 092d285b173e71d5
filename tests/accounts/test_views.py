from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import MemberClass, MemberStatus, PartyStanding, Role
from accounts.services import secretary_term_create
from tests.factories import MemberFactory, UserFactory, make_org

# Home -------------------------------------------------------------------------------------------


def test_it_shows_staff_org_and_member_counts_by_class_on_the_home_page(staff_client, org_a, org_b):
    MemberFactory.create_batch(2, organization=org_a)
    MemberFactory(organization=org_b, member_class=MemberClass.MOBILE)
    MemberFactory(organization=org_b, status=MemberStatus.TRANSFERRED)
    response = staff_client.get(reverse("home"))
    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats["orgs"] == 3
    assert stats["total"] == 3
    assert dict(stats["classes"]) == {"正常参加活动": 2, "年老体弱": 0, "流动党员": 1}
    assert "在册党员" in response.content.decode()


def test_it_counts_only_the_secretarys_own_subtree_on_the_home_page(sec_a_client, org_a, org_b):
    MemberFactory(organization=org_a)
    MemberFactory.create_batch(4, organization=org_b)
    stats = sec_a_client.get(reverse("home")).context["stats"]
    assert (stats["orgs"], stats["total"]) == (1, 1)


def test_it_shows_admin_roles_no_business_numbers(client, org_a):
    MemberFactory(organization=org_a)
    client.force_login(UserFactory(username="sec_admin", role=Role.SECURITY_ADMIN, is_staff=True))
    response = client.get(reverse("home"))
    assert response.context["stats"] is None
    assert "管理员账号不查看业务数据" in response.content.decode()


def test_it_includes_the_ledger_cards_when_that_template_exists(staff_client):
    response = staff_client.get(reverse("home"))
    assert response.context["show_ledger_cards"] is True
    assert reverse("ledger:home_cards") in response.content.decode()


def test_it_runs_the_home_page_in_a_fixed_number_of_queries(
    staff_client, org_a, django_assert_max_num_queries
):
    MemberFactory.create_batch(3, organization=org_a)
    # session + user + their roles + member aggregate + org count + unread notifications (menu badge)
    # + the cards staff see from the carriers and the assessments (open feedback, runs to publish, …)
    with django_assert_max_num_queries(9) as few:
        response = staff_client.get(reverse("home"))
    assert response.status_code == 200
    MemberFactory.create_batch(30, organization=org_a)
    with django_assert_max_num_queries(len(few)):
        response = staff_client.get(reverse("home"))
    assert response.status_code == 200


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# Organizations ----------------------------------------------------------------------------------


def test_it_lists_orgs_as_an_indented_tree_with_member_counts(staff_client, root_org, org_a):
    child = make_org(org_a, "中共清镇市税务局第一党小组")
    MemberFactory.create_batch(3, organization=org_a)
    response = staff_client.get(reverse("organization_list"))
    assert response.status_code == 200
    rows = list(response.context["page"])
    assert [org.pk for org in rows] == [root_org.pk, org_a.pk, child.pk]
    assert [org.indent for org in rows] == [0, 1, 2]
    assert rows[1].member_count == 3


def test_it_searches_orgs_and_filters_by_kind(staff_client, org_a, org_b, organ_committee):
    found = staff_client.get(reverse("organization_list"), {"q": "财政"}).context["page"]
    assert [org.pk for org in found] == [org_b.pk]
    by_kind = staff_client.get(reverse("organization_list"), {"kind": "organ_committee"}).context["page"]
    assert [org.pk for org in by_kind] == [organ_committee.pk]


def test_it_shows_an_empty_state_when_no_org_matches(staff_client, org_a):
    response = staff_client.get(reverse("organization_list"), {"q": "不存在的组织"})
    assert "没有符合条件的党组织" in response.content.decode()


def test_it_shows_a_secretary_only_their_own_orgs(sec_a_client, org_a, org_b):
    page = sec_a_client.get(reverse("organization_list")).context["page"]
    assert [org.pk for org in page] == [org_a.pk]
    assert page[0].indent == 0


def test_it_lists_orgs_in_a_constant_number_of_queries(staff_client, root_org, django_assert_max_num_queries):
    for n in range(5):
        MemberFactory(organization=make_org(root_org, f"支部{n}"))
    with django_assert_max_num_queries(10) as five:
        staff_client.get(reverse("organization_list"))
    for n in range(5, 50):
        MemberFactory(organization=make_org(root_org, f"支部{n}"))
    with django_assert_max_num_queries(len(five)):
        response = staff_client.get(reverse("organization_list"))
    assert len(response.context["page"]) == 50


def test_it_shows_an_orgs_secretary_terms_suborgs_and_members(staff_client, org_a):
    secretary_term_create(actor=None, organization=org_a, person_name="王书记", started_on="2019-03-01")
    group = make_org(org_a, "中共清镇市税务局第一党小组")
    MemberFactory(organization=org_a, name="张党员")
    response = staff_client.get(reverse("organization_detail", args=[org_a.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "王书记" in html
    assert "在任" in html
    assert group.name in html
    assert "张党员" in html


def test_it_paginates_an_orgs_members_fifty_to_a_page(staff_client, org_a):
    MemberFactory.create_batch(51, organization=org_a)
    first = staff_client.get(reverse("organization_detail", args=[org_a.pk]))
    assert len(first.context["page"]) == 50
    second = staff_client.get(reverse("organization_detail", args=[org_a.pk]), {"page": 2})
    assert len(second.context["page"]) == 1


def test_it_returns_404_for_another_orgs_detail_page(sec_a_client, org_b):
    assert sec_a_client.get(reverse("organization_detail", args=[org_b.pk])).status_code == 404


def test_it_forbids_the_roster_pages_to_a_plain_member(client, member):
    client.force_login(member)
    assert client.get(reverse("organization_list")).status_code == 403
    assert client.get(reverse("member_list")).status_code == 403
    assert client.get(reverse("member_export")).status_code == 403


# Members ----------------------------------------------------------------------------------------


def test_it_lists_members_with_the_masked_id_number_only(staff_client, org_a):
    MemberFactory(organization=org_a, name="王五", id_number_masked="520181********120X")
    html = staff_client.get(reverse("member_list")).content.decode()
    assert "王五" in html
    assert "520181********120X" in html


def test_it_filters_members_by_org_subtree_class_standing_and_search(staff_client, org_a, org_b):
    group = make_org(org_a, "中共清镇市税务局第一党小组")
    in_group = MemberFactory(organization=group, name="孙八", member_class=MemberClass.ELDERLY)
    probationary = MemberFactory(organization=org_a, name="周九", standing=PartyStanding.PROBATIONARY)
    MemberFactory(organization=org_b, name="吴十")

    def names(**params):
        return {m.name for m in staff_client.get(reverse("member_list"), params).context["page"]}

    assert names(organization=org_a.pk) == {in_group.name, probationary.name}
    assert names(member_class=MemberClass.ELDERLY) == {"孙八"}
    assert names(standing=PartyStanding.PROBATIONARY) == {"周九"}
    assert names(q="吴") == {"吴十"}


def test_it_sorts_members_by_joining_date(staff_client, org_a):
    MemberFactory(organization=org_a, name="甲", joined_on="2001-01-01")
    MemberFactory(organization=org_a, name="乙", joined_on="1999-01-01")
    page = staff_client.get(reverse("member_list"), {"sort": "joined_on"}).context["page"]
    assert [m.name for m in page] == ["乙", "甲"]


def test_it_refuses_an_org_filter_outside_the_secretarys_scope(sec_a_client, org_a, org_b):
    MemberFactory(organization=org_a, name="自己人")
    MemberFactory(organization=org_b, name="外单位")
    response = sec_a_client.get(reverse("member_list"), {"organization": org_b.pk})
    assert response.context["form"].errors["organization"]
    assert [m.name for m in response.context["page"]] == ["自己人"]


def test_it_paginates_members_fifty_to_a_page(staff_client, org_a):
    MemberFactory.create_batch(120, organization=org_a)
    page = staff_client.get(reverse("member_list"), {"page": 3}).context["page"]
    assert len(page) == 20
    assert page.paginator.num_pages == 3


def test_it_lists_members_in_a_constant_number_of_queries(staff_client, org_a, django_assert_max_num_queries):
    MemberFactory.create_batch(5, organization=org_a)
    with django_assert_max_num_queries(20) as five:
        staff_client.get(reverse("member_list"))
    MemberFactory.create_batch(45, organization=org_a)
    with django_assert_max_num_queries(len(five)):
        response = staff_client.get(reverse("member_list"))
    assert len(response.context["page"]) == 50


def _sheet_rows(response):
    workbook = load_workbook(BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_it_exports_the_filtered_members_to_excel(staff_client, org_a, org_b):
    MemberFactory(
        organization=org_a, name="王五", member_class=MemberClass.MOBILE, id_number_masked="5201**1"
    )
    MemberFactory(organization=org_a, name="赵六")
    MemberFactory(organization=org_b, name="钱七", member_class=MemberClass.MOBILE)
    response = staff_client.get(
        reverse("member_export"), {"organization": org_a.pk, "member_class": "mobile"}
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = _sheet_rows(response)
    assert rows[0][:2] == ["姓名", "所在党组织"]
    assert rows[0][-1] == "身份证号(脱敏)"
    assert [row[0] for row in rows[1:]] == ["王五"]
    assert rows[1][1] == org_a.name
    assert rows[1][-1] == "5201**1"


def test_it_escapes_cells_a_spreadsheet_would_run_as_formulas(staff_client, org_a):
    MemberFactory(organization=org_a, name='=HYPERLINK("x")', party_post="@SUM(A1)", phone="+86 123")
    MemberFactory(organization=org_a, name="-1+2", staff_no="\tX")
    rows = _sheet_rows(staff_client.get(reverse("member_export")))
    cells = {value for row in rows[1:] for value in row if isinstance(value, str)}
    assert {'\'=HYPERLINK("x")', "'@SUM(A1)", "'+86 123", "'-1+2", "'\tX"} <= cells
    assert not any(value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in cells)


def test_it_exports_only_the_secretarys_own_members(sec_a_client, org_a, org_b):
    MemberFactory(organization=org_a, name="自己人")
    MemberFactory(organization=org_b, name="外单位")
    rows = _sheet_rows(sec_a_client.get(reverse("member_export")))
    assert [row[0] for row in rows[1:]] == ["自己人"]


# Search-as-you-type org filter ------------------------------------------------------------------


def test_the_member_page_lists_no_orgs_but_the_chosen_one(staff_client, root_org, org_a, org_b):
    # A city has 20,000 orgs: the filter is a search box, the page carries only the chosen org.
    html = staff_client.get(reverse("member_list"), {"organization": org_a.pk}).content.decode()
    assert 'data-org-search="/organizations/lookup/"' in html
    assert f'<option value="{org_a.pk}" selected>' in html
    assert f'<option value="{org_b.pk}"' not in html
    assert f'<option value="{root_org.pk}"' not in html


def test_the_org_lookup_finds_by_name_short_name_or_unit(staff_client, org_a, org_b):
    def found(q):
        return [
            row["id"] for row in staff_client.get(reverse("organization_lookup"), {"q": q}).json()["results"]
        ]

    assert found("财政局党支部") == [org_b.pk]
    assert found("市税务局") == [org_a.pk]
    assert found("不存在的组织") == []


def test_the_org_lookup_answers_only_orgs_the_user_sees(sec_a_client, org_a, org_b):
    body = sec_a_client.get(reverse("organization_lookup"), {"q": "中共清镇市"}).json()
    assert [row["id"] for row in body["results"]] == [org_a.pk]


def test_the_org_lookup_sends_twenty_and_says_there_are_more(staff_client, root_org):
    for n in range(25):
        make_org(root_org, f"中共清镇市第{n}支部委员会")
    body = staff_client.get(reverse("organization_lookup"), {"q": "第"}).json()
    assert len(body["results"]) == 20
    assert body["more"] is True


def test_the_org_lookup_leaves_out_deactivated_orgs_when_asked(staff_client, root_org):
    gone = make_org(root_org, "中共清镇市已撤销支部委员会", is_active=False)
    assert [
        r["id"] for r in staff_client.get(reverse("organization_lookup"), {"q": "已撤销"}).json()["results"]
    ] == [gone.pk]
    active = staff_client.get(reverse("organization_lookup"), {"q": "已撤销", "active": "1"}).json()
    assert active["results"] == []


def test_the_org_list_counts_members_of_the_page_only(staff_client, root_org, django_assert_max_num_queries):
    # Page 2 shows the right counts though they are computed after pagination.
    orgs = [make_org(root_org, f"支部{n:02d}") for n in range(55)]
    MemberFactory.create_batch(3, organization=orgs[-1])
    MemberFactory(organization=orgs[-1], status=MemberStatus.TRANSFERRED)
    page = staff_client.get(reverse("organization_list"), {"page": 2}).context["page"]
    counts = {org.pk: org.member_count for org in page}
    assert counts[orgs[-1].pk] == 3
    assert counts[orgs[-2].pk] == 0
