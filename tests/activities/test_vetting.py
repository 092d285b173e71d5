"""审批前考察: approving makes the term in one step and ends the predecessor's; staff only."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accounts.models import SecretaryRole, SecretaryTerm
from accounts.services.people import secretary_term_create
from activities import services
from activities.models import Vetting, VettingConclusion
from activities.selectors import vetting as selectors
from partybuild.exceptions import DomainError, PermissionDeniedError
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _vetting(actor, org, candidate, **fields):
    defaults = {
        "team_members": "王五、赵六",
        "visited_on": date(2019, 3, 1),
        "reason": "election",
        "interviewed_count": 12,
        "interviewed_members": 8,
        "interviewed_public": 3,
        "interviewed_leaders": 1,
        "finding_morality": "政治坚定",
        "finding_integrity": "廉洁自律",
    }
    return services.vetting_create(actor=actor, organization=org, candidate=candidate, **(defaults | fields))


def _approve(actor, vetting, approved_on=date(2019, 3, 20)):
    return services.vetting_conclude(
        actor=actor,
        vetting=vetting,
        conclusion=VettingConclusion.APPROVED,
        approval_document="清直工委〔2019〕5号",
        approved_on=approved_on,
    )


def test_it_creates_the_secretary_term_when_the_vetting_is_approved(committee_staff, org_a):
    candidate = MemberFactory(organization=org_a, name="李四")
    vetting = _approve(committee_staff, _vetting(committee_staff, org_a, candidate))

    term = SecretaryTerm.objects.get(organization=org_a, member=candidate)
    assert vetting.term == term
    assert (term.person_name, term.role, term.started_on) == (
        "李四",
        SecretaryRole.SECRETARY,
        date(2019, 3, 20),
    )
    assert term.approval_document == "清直工委〔2019〕5号"
    assert term.ended_on is None
    assert vetting.history.count() == 2  # created, concluded


def test_it_starts_the_term_on_the_visit_date_when_there_is_no_approval_date(committee_staff, org_a):
    vetting = _vetting(committee_staff, org_a, MemberFactory(organization=org_a))
    vetting = services.vetting_conclude(actor=committee_staff, vetting=vetting, conclusion="approved")
    assert vetting.term.started_on == date(2019, 3, 1)


def test_it_ends_the_predecessors_term_the_day_before_the_successor_starts(committee_staff, org_a):
    old = secretary_term_create(
        actor=committee_staff, organization=org_a, person_name="老书记", started_on=date(2014, 1, 1)
    )
    _approve(committee_staff, _vetting(committee_staff, org_a, MemberFactory(organization=org_a)))

    old.refresh_from_db()
    assert old.ended_on == date(2019, 3, 19)
    in_office = SecretaryTerm.objects.filter(organization=org_a, ended_on__isnull=True)
    assert [t.started_on for t in in_office] == [date(2019, 3, 20)]


def test_it_leaves_deputies_in_office_unless_the_vetting_names_the_one_replaced(committee_staff, org_a):
    first = secretary_term_create(
        actor=committee_staff,
        organization=org_a,
        person_name="副一",
        role="deputy",
        started_on=date(2016, 1, 1),
    )
    second = secretary_term_create(
        actor=committee_staff,
        organization=org_a,
        person_name="副二",
        role="deputy",
        started_on=date(2016, 1, 1),
    )
    _approve(
        committee_staff,
        _vetting(committee_staff, org_a, MemberFactory(organization=org_a), proposed_role="deputy"),
    )
    _approve(
        committee_staff,
        _vetting(
            committee_staff, org_a, MemberFactory(organization=org_a), proposed_role="deputy", replaces=second
        ),
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.ended_on is None
    assert second.ended_on == date(2019, 3, 19)


def test_it_makes_no_term_when_the_vetting_is_not_approved(committee_staff, org_a):
    old = secretary_term_create(
        actor=committee_staff, organization=org_a, person_name="老书记", started_on=date(2014, 1, 1)
    )
    for conclusion in (VettingConclusion.REJECTED, VettingConclusion.DEFERRED):
        vetting = _vetting(committee_staff, org_a, MemberFactory(organization=org_a))
        vetting = services.vetting_conclude(actor=committee_staff, vetting=vetting, conclusion=conclusion)
        assert vetting.term is None
    old.refresh_from_db()
    assert old.ended_on is None
    assert SecretaryTerm.objects.count() == 1


def test_it_refuses_to_approve_twice(committee_staff, org_a):
    vetting = _approve(committee_staff, _vetting(committee_staff, org_a, MemberFactory(organization=org_a)))
    with pytest.raises(DomainError, match="已批复"):
        _approve(committee_staff, vetting)
    assert SecretaryTerm.objects.count() == 1


def test_it_writes_nothing_when_the_predecessor_started_after_the_approval(committee_staff, org_a):
    old = secretary_term_create(
        actor=committee_staff, organization=org_a, person_name="老书记", started_on=date(2019, 3, 20)
    )
    vetting = _vetting(committee_staff, org_a, MemberFactory(organization=org_a))
    with pytest.raises(DomainError, match="老书记"):
        _approve(committee_staff, vetting, approved_on=date(2019, 3, 20))
    vetting.refresh_from_db()
    old.refresh_from_db()
    assert (vetting.conclusion, vetting.term, old.ended_on) == ("", None, None)
    assert SecretaryTerm.objects.count() == 1


def test_it_refuses_a_candidate_from_another_org(committee_staff, org_a, org_b):
    with pytest.raises(ValidationError) as caught:
        _vetting(committee_staff, org_a, MemberFactory(organization=org_b))
    assert "candidate" in caught.value.message_dict
    assert not Vetting.objects.exists()


def test_it_refuses_interview_counts_that_do_not_add_up(committee_staff, org_a):
    with pytest.raises(ValidationError) as caught:
        _vetting(committee_staff, org_a, MemberFactory(organization=org_a), interviewed_count=5)
    assert "interviewed_count" in caught.value.message_dict


def test_it_keeps_the_approved_post_fixed(committee_staff, org_a):
    vetting = _approve(committee_staff, _vetting(committee_staff, org_a, MemberFactory(organization=org_a)))
    with pytest.raises(DomainError):
        services.vetting_update(actor=committee_staff, vetting=vetting, proposed_role="deputy")
    vetting = services.vetting_update(actor=committee_staff, vetting=vetting, finding_ability="业务精通")
    assert vetting.finding_ability == "业务精通"


def test_only_committee_staff_record_and_conclude_vettings(
    committee_staff, secretary_a, reporting_client, org_a
):
    candidate = MemberFactory(organization=org_a)
    for outsider in (secretary_a, reporting_client):
        with pytest.raises(PermissionDeniedError):
            _vetting(outsider, org_a, candidate)
    vetting = _vetting(committee_staff, org_a, candidate)
    for outsider in (secretary_a, reporting_client):
        with pytest.raises(PermissionDeniedError):
            _approve(outsider, vetting)
    assert not SecretaryTerm.objects.exists()


def test_vetting_findings_reach_staff_only(committee_staff, secretary_a, reporting_client, member, org_a):
    vetting = _vetting(committee_staff, org_a, MemberFactory(organization=org_a))
    assert list(selectors.vettings_visible_to(committee_staff)) == [vetting]
    for user in (secretary_a, reporting_client, member):
        assert list(selectors.vettings_visible_to(user)) == []


def test_the_admin_lists_vettings_to_staff_read_only(committee_staff, secretary_a, org_a, client):
    vetting = _vetting(committee_staff, org_a, MemberFactory(organization=org_a, name="李四"))
    client.force_login(committee_staff)
    page = client.get("/admin/activities/vetting/")
    assert page.status_code == 200
    assert "李四" in page.content.decode()
    assert client.post(f"/admin/activities/vetting/{vetting.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Vetting.objects.filter(pk=vetting.pk).exists()
    client.force_login(secretary_a)
    assert client.get("/admin/activities/vetting/").status_code != 200
