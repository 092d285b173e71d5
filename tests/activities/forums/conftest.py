"""Shared set-ups of the 主题讲坛 and selection tests."""

from __future__ import annotations

from datetime import date

import pytest

from activities.services import forums as forum_services
from tests.factories import MemberFactory


@pytest.fixture
def speaker_a(org_a):
    return MemberFactory(organization=org_a, name="王讲")


@pytest.fixture
def speaker_b(org_b):
    return MemberFactory(organization=org_b, name="李讲")


def make_forum(actor, org, *, held_on=date(2019, 3, 20), topic="我是党员", speakers=(), names="", **kw):
    return forum_services.forum_create(
        actor=actor,
        organization=org,
        held_on=held_on,
        topic=topic,
        attendance=kw.pop("attendance", 20),
        speakers=speakers,
        speaker_names=names or ("" if speakers else "外请专家"),
        **kw,
    )
