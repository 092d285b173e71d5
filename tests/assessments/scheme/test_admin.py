"""The scheme in the admin: staff edit a scheme not yet used; a published one is read-only and the
"create a new version" action copies it."""

from datetime import date

from django.urls import reverse

from assessments.models import AssessmentRun, RunState, Scheme
from assessments.scheme import services


def test_staff_edit_an_unused_scheme_and_version_a_published_one(client, committee_staff):
    scheme = services.ensure_default_scheme(2025)
    client.force_login(committee_staff)
    change = reverse("admin:assessments_scheme_change", args=[scheme.pk])
    assert client.get(reverse("admin:assessments_scheme_changelist")).status_code == 200
    assert 'name="name"' in client.get(change).content.decode()
    AssessmentRun.objects.create(
        year=2025, period="2025-Q1", scheme=scheme, state=RunState.PUBLISHED, as_of=date(2025, 4, 5)
    )
    assert 'name="name"' not in client.get(change).content.decode()  # read-only now
    client.post(
        reverse("admin:assessments_scheme_changelist"),
        {"action": "new_version", "_selected_action": [scheme.pk]},
    )
    versions = Scheme.objects.filter(year=2025).order_by("version").values_list("version", flat=True)
    assert list(versions) == [1, 2]
