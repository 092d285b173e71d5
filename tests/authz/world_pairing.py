"""扶贫结对 rows of the matrix world: a household, pairing, visit and photo in org A (and org B).

The own household is looked after by org A and paired with a member of org A; the other is paired with a
member of org B only. (Reaching a household through a pairing alone: tests/activities/pairing.)"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile


def pairing_rows(org_a, org_b, png: bytes) -> dict[str, dict[str, object]]:
    from activities.services.pairing import household_create, pairing_create, visit_create
    from tests.factories import MemberFactory

    households = {
        "own": household_create(
            actor=None, head_name="王大", village="红枫村", people=4, cause="因病", organization=org_a
        ),
        "other": household_create(actor=None, head_name="陈二", village="站街镇", people=3),
    }
    members = {
        "own": MemberFactory(organization=org_a, name="结对甲"),
        "other": MemberFactory(organization=org_b, name="结对乙"),
    }
    pairings = {
        key: pairing_create(
            actor=None, member=members[key], household=households[key], started_on=date(2020, 1, 1)
        )
        for key in ("own", "other")
    }
    visits = {
        key: visit_create(
            actor=None,
            pairing=pairings[key],
            visited_on=date(2020, 3, 1),
            content="走访",
            funds=Decimal("100"),
            files=[SimpleUploadedFile("走访.png", png, content_type="image/png")],
        )
        for key in ("own", "other")
    }
    return {
        "activities.household": households,
        "activities.pairing": pairings,
        "activities.visit": visits,
        "activities.visitphoto": {key: visit.photos.get() for key, visit in visits.items()},
    }
