"""The 群众评价统计 page at any size: 50 orgs a page (tree order, or most open / most complaints first),
the committee's figures in one aggregate, an org's own posts on its drill-down, the same queries for a
small world and a bigger one, a secretary's own org only; and the plates' QR codes drawn once."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from activities.services import posts as post_services
from activities.services.posts import feedback_answer, feedback_submit
from tests.factories import make_org
from tests.ledger.conftest import queries_of

from .conftest import make_post

pytestmark = pytest.mark.django_db

COUNTS = reverse("posts:feedback_counts")


def _orgs_on(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr data-org="(\d+)"', page)]


def _world(root_org, n_orgs: int, posts_per_org: int = 1, feedback_per_post: int = 1, name: str = "测试"):
    """`n_orgs` branches (中共测试00支部委员会…), each with its posts and their complaints."""
    orgs = []
    for i in range(n_orgs):
        org = make_org(root_org, f"中共{name}{i:02d}支部委员会")
        for j in range(posts_per_org):
            post = make_post(org, f"党员{i}-{j}", title=f"岗位{j}")
            for k in range(feedback_per_post):
                feedback_submit(post=post, kind="complaint", text=f"意见{i}-{j}-{k}")
        orgs.append(org)
    return orgs


def test_page_two_shows_the_next_fifty_orgs_in_tree_order(staff_client, root_org):
    orgs = _world(root_org, 55)
    first = _orgs_on(staff_client.get(COUNTS).content.decode())
    second = _orgs_on(staff_client.get(COUNTS, {"page": 2}).content.decode())
    in_tree_order = [root_org.pk, *[org.pk for org in orgs]]  # the committee itself comes first
    assert first == in_tree_order[:50]
    assert second == in_tree_order[50:]


def test_most_open_first_lists_orgs_with_open_items_largest_first(staff_client, committee_staff, root_org):
    quiet, busy, middling, answered = (make_org(root_org, f"中共排序{c}支部委员会") for c in "甲乙丙丁")
    for org, complaints in ((quiet, 0), (busy, 3), (middling, 1), (answered, 2)):
        post = make_post(org, f"党员{org.pk}")
        feedback_submit(post=post, kind="praise", text="好")
        for i in range(complaints):
            item = feedback_submit(post=post, kind="complaint", text=f"意见{i}")
            if org == answered:
                feedback_answer(actor=committee_staff, feedback=item, answer="已处理")
    page = staff_client.get(COUNTS, {"sort": "open"}).content.decode()
    # 乙 has 4 open (3 complaints + praise), 丙 2, 甲 and 丁 1 each (their praise), ties by org id.
    assert _orgs_on(page) == [busy.pk, middling.pk, quiet.pk, answered.pk]
    page = staff_client.get(COUNTS, {"sort": "complaints"}).content.decode()
    assert _orgs_on(page) == [busy.pk, answered.pk, middling.pk]  # 甲 has no complaint: not listed


def test_committee_figures_add_up_and_a_search_narrows_the_orgs(staff_client, committee_staff, org_a, org_b):
    post_a, post_b = make_post(org_a, "周敏"), make_post(org_b, "吴刚")
    for post, kind in ((post_a, "praise"), (post_a, "complaint"), (post_a, "praise"), (post_b, "complaint")):
        feedback_submit(post=post, kind=kind, text="内容")
    answered = feedback_submit(post=post_b, kind="complaint", text="已答复的")
    feedback_answer(actor=committee_staff, feedback=answered, answer="已处理")
    response = staff_client.get(COUNTS)
    totals = response.context["totals"]
    assert totals == {"total": 5, "praise": 2, "complaints": 3, "open": 4}
    rows = {r["org"].pk: r for r in response.context["rows"]}
    assert (rows[org_a.pk]["praise"], rows[org_a.pk]["complaints"], rows[org_a.pk]["open"]) == (2, 1, 3)
    assert (rows[org_b.pk]["complaints"], rows[org_b.pk]["open"], rows[org_b.pk]["total"]) == (2, 1, 2)
    for key in totals:  # the committee row is the sum of the org rows
        assert totals[key] == sum(r[key] for r in response.context["rows"])
    page = staff_client.get(COUNTS, {"q": "财政"})
    assert _orgs_on(page.content.decode()) == [org_b.pk]
    assert page.context["totals"] == totals  # the committee's figures, whatever the search


def test_the_counts_page_takes_the_same_queries_for_a_bigger_world(staff_client, root_org):
    _world(root_org, 3)
    for sort in ("", "open"):
        _response, few = queries_of(lambda s=sort: staff_client.get(COUNTS, {"sort": s}))
        _world(
            make_org(root_org, f"中共更多{sort}党委"),
            8,
            posts_per_org=3,
            feedback_per_post=3,
            name=f"更多{sort}",
        )
        response, many = queries_of(lambda s=sort: staff_client.get(COUNTS, {"sort": s, "page": 1}))
        assert many == few, sort
        assert response.context["rows"]


def test_a_secretary_sees_only_their_own_org(sec_a_client, org_a, org_b):
    feedback_submit(post=make_post(org_a, "周敏"), kind="complaint", text="甲的意见")
    post_b = make_post(org_b, "吴刚")
    feedback_submit(post=post_b, kind="complaint", text="乙的意见")
    for sort in ("", "open", "complaints"):
        response = sec_a_client.get(COUNTS, {"sort": sort})
        assert _orgs_on(response.content.decode()) == [org_a.pk]
        assert response.context["totals"]["complaints"] == 1
    assert sec_a_client.get(COUNTS, {"org": org_b.pk}).status_code == 404


def test_an_orgs_drill_down_shows_its_posts_figures(staff_client, committee_staff, org_a):
    busy, quiet = make_post(org_a, "周敏", title="窗口岗"), make_post(org_a, "李华", title="咨询岗")
    for kind in ("complaint", "complaint", "praise"):
        feedback_submit(post=busy, kind=kind, text="内容")
    page = staff_client.get(COUNTS)
    assert f'data-posts-of="{org_a.pk}"' in page.content.decode()
    response = staff_client.get(COUNTS, {"org": org_a.pk})
    posts = list(response.context["page"].object_list)
    assert [(p.pk, p.f_total, p.f_complaints, p.f_praise, p.f_open) for p in posts] == [
        (busy.pk, 3, 2, 1, 3),
        (quiet.pk, 0, 0, 0, 0),
    ]
    assert "窗口岗" in response.content.decode() and "咨询岗" in response.content.decode()


def test_the_export_is_a_background_job_past_the_inline_limit(
    settings, staff_client, root_org, django_capture_on_commit_callbacks
):
    from accounts.models import ExportJob, ExportState

    _world(root_org, 3)
    settings.EXPORT_INLINE_MAX_ROWS = 2
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.get(COUNTS, {"export": "xlsx", "sort": "complaints"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("export_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.kind == "activities_feedback_counts" and job.rows_total == 3
    assert job.state == ExportState.DONE and job.rows_done == 3


def test_plates_draw_each_qr_code_once_for_every_worker(settings, staff_client, org_a, monkeypatch):
    settings.PARTYBUILD_PUBLIC_URL = "https://dj.example.cn"
    posts = [make_post(org_a, f"党员{i}", title=f"岗位{i}") for i in range(3)]
    drawn = []
    real = post_services._qr_draw
    monkeypatch.setattr(post_services, "_qr_draw", lambda url: drawn.append(url) or real(url))
    url = f"{reverse('posts:post_plates')}?org={org_a.pk}"
    page = staff_client.get(url).content.decode()
    for post in posts:
        public = f"https://dj.example.cn/activities/posts/say/{post.public_code}/"
        assert f'data-url="{public}"' in page and public in drawn
    assert page.count('<svg viewBox="0 0 ') == 3 and page.count('class="pb-qr"') == 3
    from django.core.cache import cache

    cache.clear()  # another worker: nothing in its memory, the drawings are read from their files
    again = staff_client.get(url).content.decode()
    assert len(drawn) == 3
    assert re.findall(r"<svg.*?</svg>", again, re.S) == re.findall(r"<svg.*?</svg>", page, re.S)
