"""`__any_of`: the long-id-list lookup of the assessment job answers exactly what `__in` answers."""

from __future__ import annotations

import pytest

from accounts.models import Member, Organization
from tests.factories import MemberFactory, make_org, make_root

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs():
    root = make_root()
    return [root, *(make_org(root, f"支部{n}") for n in range(4))]


def test_it_finds_the_rows_in_the_list_and_no_others(orgs):
    asked = [orgs[1].pk, orgs[3].pk, 10**9]  # an id that does not exist is no error
    found = Organization.objects.filter(pk__any_of=asked)
    assert sorted(found.values_list("pk", flat=True)) == [orgs[1].pk, orgs[3].pk]
    assert set(found) == set(Organization.objects.filter(pk__in=asked))


def test_it_works_on_a_foreign_key_and_in_combination(orgs):
    members = [MemberFactory(organization=org) for org in orgs]
    asked = (orgs[0].pk, orgs[2].pk)
    chosen = Member.objects.filter(organization_id__any_of=asked).exclude(pk=members[0].pk)
    assert list(chosen) == [members[2]]


def test_an_empty_list_matches_nothing(orgs):
    assert not Organization.objects.filter(pk__any_of=[]).exists()
    assert Organization.objects.exclude(pk__any_of=[]).count() == len(orgs)
