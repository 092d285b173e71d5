from accounts.selectors import members_visible_to, organizations_visible_to
from tests.factories import MemberFactory, make_org


def test_it_shows_every_organization_to_committee_staff(committee_staff, org_a, org_b, root_org):
    assert set(organizations_visible_to(committee_staff)) == {root_org, org_a, org_b}


def test_it_limits_a_secretary_to_their_own_subtree(secretary_a, org_a, org_b):
    child = make_org(org_a, "中共清镇市税务局第一党小组")
    assert set(organizations_visible_to(secretary_a)) == {org_a, child}


def test_it_hides_other_orgs_members_from_a_secretary(secretary_a, org_a, org_b):
    mine = MemberFactory(organization=org_a)
    MemberFactory(organization=org_b)
    assert list(members_visible_to(secretary_a)) == [mine]


def test_it_shows_a_member_only_themselves(member, org_a):
    MemberFactory(organization=org_a, name="李四")
    assert list(members_visible_to(member)) == [member.member]
