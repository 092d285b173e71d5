"""The admin of 扶贫结对: read-only lists with history and the 导入 button, scoped to staff."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["household", "pairing", "visit"])
def test_staff_open_the_admin_lists_and_a_rows_history(pairing_world, staff_client, model):
    response = staff_client.get(f"/admin/activities/{model}/")
    assert response.status_code == 200
    assert "导入" in response.content.decode()
    row = {
        "household": pairing_world["households"]["wang"],
        "pairing": pairing_world["pairings"]["a1_wang"],
        "visit": pairing_world["visits"][0],
    }[model]
    assert staff_client.get(f"/admin/activities/{model}/{row.pk}/history/").status_code == 200


def test_a_secretary_has_no_admin(pairing_world, sec_a_client):
    assert sec_a_client.get("/admin/activities/household/").status_code in (302, 403, 404)
