"""Fixtures of the 实绩档案 tests: secretary_a as a person with a term of their own."""

from __future__ import annotations

from datetime import date

import pytest

from accounts.models import SecretaryTerm
from accounts.services.people import secretary_term_create
from tests.conftest import browser_as
from tests.factories import MemberFactory


@pytest.fixture
def person(org_a, secretary_a):
    """The member secretary_a is: their own terms are their archives."""
    member = MemberFactory(organization=org_a, name="王芳")
    secretary_a.member = member
    secretary_a.save(update_fields=["member"])
    return member


@pytest.fixture
def term(committee_staff, org_a, person) -> SecretaryTerm:
    return secretary_term_create(
        actor=committee_staff,
        organization=org_a,
        member=person,
        person_name="王芳",
        started_on=date(2020, 1, 10),
    )


@pytest.fixture
def own_client(secretary_a, term):
    """secretary_a's browser, logged in once their term (and the role it grants) exists."""
    return browser_as(secretary_a)
