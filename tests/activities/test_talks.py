"""任职谈话: a term without a talk is due from its approval, overdue after 30 days, gone once held."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accounts.services.people import secretary_term_create, secretary_term_end
from activities import services
from activities.selectors import vetting as selectors
from partybuild.exceptions import DomainError, PermissionDeniedError

pytestmark = pytest.mark.django_db


def _term(staff, org, name="李四", started_on=date(2019, 3, 20)):
    return secretary_term_create(actor=staff, organization=org, person_name=name, started_on=started_on)


def test_it_lists_a_new_term_as_due_until_the_talk_is_held(committee_staff, org_a):
    term = _term(committee_staff, org_a)
    assert [t.pk for t in selectors.talks_due(committee_staff, today=date(2019, 3, 21))] == [term.pk]

    services.appointment_talk_create(
        actor=committee_staff, term=term, talked_on=date(2019, 3, 25), talked_by="工委书记", pledge="履职尽责"
    )
    assert list(selectors.talks_due(committee_staff, today=date(2019, 3, 26))) == []


def test_it_marks_a_talk_overdue_after_thirty_days(committee_staff, org_a):
    _term(committee_staff, org_a, started_on=date(2019, 3, 1))
    on_day_30 = selectors.talks_due(committee_staff, today=date(2019, 3, 31)).get()
    on_day_31 = selectors.talks_due(committee_staff, today=date(2019, 4, 1)).get()
    assert (on_day_30.talk_overdue, on_day_31.talk_overdue) == (False, True)


def test_it_does_not_list_terms_that_ended_or_have_not_begun(committee_staff, org_a, org_b):
    ended = _term(committee_staff, org_a, started_on=date(2018, 1, 1))
    secretary_term_end(actor=committee_staff, term=ended, ended_on=date(2019, 1, 1))
    _term(committee_staff, org_b, started_on=date(2019, 6, 1))
    assert list(selectors.talks_due(committee_staff, today=date(2019, 3, 1))) == []


def test_a_secretary_sees_the_talks_due_of_their_own_org_only(
    committee_staff, secretary_a, secretary_b, reporting_client, org_a
):
    term = _term(committee_staff, org_a)
    today = date(2019, 4, 1)
    assert [t.pk for t in selectors.talks_due(secretary_a, today=today)] == [term.pk]
    assert list(selectors.talks_due(secretary_b, today=today)) == []
    assert list(selectors.talks_due(reporting_client, today=today)) == []


def test_a_term_has_one_talk_held_after_it_began(committee_staff, secretary_a, org_a):
    term = _term(committee_staff, org_a)
    with pytest.raises(ValidationError):
        services.appointment_talk_create(
            actor=committee_staff, term=term, talked_on=date(2019, 3, 1), talked_by="工委书记"
        )
    with pytest.raises(PermissionDeniedError):
        services.appointment_talk_create(
            actor=secretary_a, term=term, talked_on=date(2019, 3, 25), talked_by="工委书记"
        )
    talk = services.appointment_talk_create(
        actor=committee_staff, term=term, talked_on=date(2019, 3, 25), talked_by="工委书记"
    )
    with pytest.raises(DomainError):
        services.appointment_talk_create(
            actor=committee_staff, term=term, talked_on=date(2019, 3, 26), talked_by="工委副书记"
        )
    assert list(selectors.appointment_talks_visible_to(secretary_a)) == [talk]
