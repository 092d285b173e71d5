"""The pages of live scoring: staff organise and close, the session screen and its progress JSON (constant
queries), reviewers score on their phones, seat holders with a one-time code (rate-limited entry)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from activities import services
from activities.models import DebriefKind, RoundState, Score
from tests.activities.scoring_world import make_reviewers, make_session, make_template, points
from tests.conftest import browser_as
from tests.factories import make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(committee_staff, org_a, org_b):
    session = make_session(committee_staff)
    for org, name in ((org_a, "王芳"), (org_b, "李强")):
        services.debrief_add(actor=committee_staff, session=session, organization=org, person_name=name)
    return session


@pytest.fixture
def invited(committee_staff, session, reviewer):
    services.scoring_reviewers_invite(actor=committee_staff, round=session.round, users=[reviewer])
    return reviewer


def _form(round, subject, first, second):
    a, b = round.criteria
    return {"subject": subject.pk, f"c_{a['id']}": first, f"c_{b['id']}": second}


def test_staff_create_a_session_and_add_a_secretary_on_the_pages(staff_client, org_a):
    template = make_template()
    response = staff_client.post(
        reverse("scoring:session_create"),
        {
            "title": "2019年度述职评议会",
            "year": 2019,
            "held_on": "2019-12-20",
            "kind": "committee",
            "template": template.pk,
        },
    )
    assert response.status_code == 302
    detail = response["Location"]
    added = staff_client.post(
        detail,
        {"step": "debrief", "debrief-organization": org_a.pk, "debrief-person_name": "王芳"},
        follow=True,
    )
    assert "王芳" in added.content.decode()


def test_a_big_session_lists_its_secretaries_fifty_a_page_with_the_same_queries(
    committee_staff, staff_client, root_org, django_assert_max_num_queries
):
    session = make_session(committee_staff)
    for i in range(55):
        org = make_org(root_org, f"中共清镇市分页{i:02d}支部委员会", short_name=f"分页{i:02d}")
        services.debrief_add(
            actor=committee_staff, session=session, organization=org, person_name=f"书记{i:02d}"
        )
    url = reverse("scoring:session_detail", args=[session.pk])
    with django_assert_max_num_queries(40) as first:
        html = staff_client.get(url).content.decode()
    assert "书记00" in html and "书记49" in html and "书记50" not in html
    assert "第 1 / 2 页，共 55 条" in html
    with django_assert_max_num_queries(40) as second:
        html = staff_client.get(url + "?page=2").content.decode()
    assert "书记50" in html and "书记54" in html and "书记49" not in html
    assert len(first.captured_queries) == len(second.captured_queries)


def test_the_screen_shows_a_qr_code_to_the_scoring_page_and_who_has_scored(staff_client, session, invited):
    services.score_submit(
        round=session.round,
        subject=session.round.subjects.first(),
        points=points(session.round, 8, 4),
        actor=invited,
    )
    html = staff_client.get(reverse("scoring:round_screen", args=[session.round.pk])).content.decode()
    assert "<svg" in html and reverse("scoring:round_score", args=[session.round.pk]) in html
    assert html.count("pb-scored") == 1
    assert "<script>" not in html  # CSP: the polling is a static file
    progress = staff_client.get(reverse("scoring:round_progress", args=[session.round.pk])).json()
    assert progress["scores"] == 1 and progress["raters"][0]["scored"] == [session.round.subjects.first().pk]
    assert "score" not in progress["subjects"][0]  # no result before close


def test_the_progress_json_takes_the_same_queries_for_ten_times_the_raters(
    committee_staff, staff_client, root_org, django_assert_max_num_queries
):
    counts = []
    for n in (2, 20):
        session = make_session(committee_staff, template=make_template(f"表{n}"))
        reviewers = make_reviewers(n, prefix=f"p{n}_")
        services.scoring_reviewers_invite(actor=committee_staff, round=session.round, users=reviewers)
        for i in range(n):
            org = make_org(root_org, f"中共清镇市进度{n}_{i}支部委员会", short_name=f"进度{n}_{i}")
            debrief = services.debrief_add(
                actor=committee_staff, session=session, organization=org, person_name=f"书{i}"
            )
            services.score_submit(
                round=session.round,
                subject=debrief.subject,
                points=points(session.round, 5, 5),
                actor=reviewers[i],
            )
        with django_assert_max_num_queries(50) as captured:
            assert (
                staff_client.get(reverse("scoring:round_progress", args=[session.round.pk])).status_code
                == 200
            )
        counts.append(len(captured.captured_queries))
        with django_assert_max_num_queries(60) as captured:
            assert (
                staff_client.get(reverse("scoring:round_screen", args=[session.round.pk])).status_code == 200
            )
        counts.append(len(captured.captured_queries))
        with django_assert_max_num_queries(60) as captured:
            assert staff_client.get(reverse("scoring:session_list")).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[:3] == counts[3:]


def test_a_reviewer_scores_on_the_phone_page_and_sees_what_they_scored(session, invited):
    client = browser_as(invited)
    url = reverse("scoring:round_score", args=[session.round.pk])
    subject = session.round.subjects.first()
    assert client.post(url, _form(session.round, subject, 8, 4)).status_code == 302
    assert client.post(url, _form(session.round, subject, 8, 4)).status_code == 302  # a double tap
    assert Score.objects.count() == 1
    html = client.get(url).content.decode()
    assert "已评 80.00 分" in html and 'value="8"' in html


def test_a_bad_score_on_the_page_says_why_in_chinese_and_keeps_the_input(session, invited):
    client = browser_as(invited)
    url = reverse("scoring:round_score", args=[session.round.pk])
    response = client.post(url, _form(session.round, session.round.subjects.first(), 15, 4))
    assert response.status_code == 400
    html = response.content.decode()
    assert "0 到 10 之间的整数" in html and 'value="15"' in html
    assert not Score.objects.exists()


def test_a_reviewer_not_invited_does_not_find_the_round(session, reviewer):
    assert (
        browser_as(reviewer).get(reverse("scoring:round_score", args=[session.round.pk])).status_code == 404
    )


def test_closing_asks_first_then_shows_results_on_the_screen(staff_client, session, invited):
    services.score_submit(
        round=session.round,
        subject=session.round.subjects.first(),
        points=points(session.round, 9, 5),
        actor=invited,
    )
    close = reverse("scoring:round_close", args=[session.round.pk])
    assert "确认结束评分" in staff_client.get(close).content.decode()
    session.round.refresh_from_db()
    assert session.round.state == RoundState.OPEN
    screen = staff_client.post(close, follow=True).content.decode()
    assert "评分结果" in screen and "94.00" in screen and "好" in screen
    reviewer_page = browser_as(invited).get(reverse("scoring:round_score", args=[session.round.pk]))
    assert "评分已结束" in reviewer_page.content.decode()


@pytest.fixture
def seat_session(committee_staff, org_a):
    session = make_session(committee_staff, kind=DebriefKind.TO_MEMBERS)
    services.debrief_add(actor=committee_staff, session=session, organization=org_a, person_name="王芳")
    return session


def test_a_seat_holder_scores_without_an_account_and_only_in_their_browser(committee_staff, seat_session):
    (seat,) = services.scoring_seats_issue(actor=committee_staff, round=seat_session.round, count=1)
    phone = Client()
    entry = reverse("scoring:seat_entry")
    assert seat.code in phone.get(f"{entry}?code={seat.code}").content.decode()  # the slip's QR fills it in
    assert phone.post(entry, {"code": seat.code_display})["Location"] == reverse("scoring:seat_score")
    subject = seat_session.round.subjects.get()
    assert (
        phone.post(reverse("scoring:seat_score"), _form(seat_session.round, subject, 6, 3)).status_code == 302
    )
    assert Score.objects.get(seat=seat).total == 60
    other_phone = Client()
    refused = other_phone.post(entry, {"code": seat.code})
    assert "另一台手机" in refused.content.decode()
    assert other_phone.get(reverse("scoring:seat_score"))["Location"] == entry


def test_wrong_seat_codes_are_limited_per_address(committee_staff, seat_session):
    (seat,) = services.scoring_seats_issue(actor=committee_staff, round=seat_session.round, count=1)
    guesser = Client()
    entry = reverse("scoring:seat_entry")
    for _attempt in range(10):
        assert guesser.post(entry, {"code": "ZZZZ-ZZZZ"}).status_code == 200
    blocked = guesser.post(entry, {"code": seat.code})
    assert blocked.status_code == 429 and "次数过多" in blocked.content.decode()
    assert seat.__class__.objects.get(pk=seat.pk).claimed_at is None


def test_the_slips_print_one_qr_code_per_seat(committee_staff, staff_client, seat_session):
    seats = services.scoring_seats_issue(actor=committee_staff, round=seat_session.round, count=3)
    html = staff_client.get(reverse("scoring:round_slips", args=[seat_session.round.pk])).content.decode()
    assert html.count("<svg") == 3
    assert all(seat.code_display in html for seat in seats)


def test_the_session_page_shows_whole_scores_without_decimals(staff_client, session):
    # A whole score reads 94, not 94.00; others keep their two decimals.
    first, second = session.round.subjects.order_by("pk")
    first.result_score, second.result_score = "94.00", "87.50"
    first.save(update_fields=["result_score"])
    second.save(update_fields=["result_score"])
    page = staff_client.get(reverse("scoring:session_detail", args=[session.pk])).content.decode()
    assert ">94<" in page and ">87.50<" in page
    assert "94.00" not in page
