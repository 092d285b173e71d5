"""服务监督岗 at city scale: a post for most members (60%), ten 示范岗 a year per hundred orgs, and public
feedback on a fifth of the posts each year (praise and complaints, most answered), written straight
into the tables like the other steps. No history rows: no page reads them. Also the bench pages."""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from activities.models import Feedback, FeedbackKind, FeedbackState, ServicePost

from .context import City
from .writer import Writer

TZ = ZoneInfo("Asia/Shanghai")
POST_SHARE = 0.6
FEEDBACK_SHARE = 0.2  # of the posts, per year
TITLES = ["窗口服务岗", "政策咨询岗", "业务审批岗", "综合服务岗", "文明引导岗", "信息宣传岗"]
TEXTS = {
    FeedbackKind.PRAISE: ["工作人员很耐心，一次讲清楚", "办事效率高，点赞", "服务态度好"],
    FeedbackKind.COMPLAINT: ["中午窗口无人值守", "电话打不通", "材料没有一次说清楚"],
}


def build(writer: Writer, city: City) -> None:
    rng, today = city.rng, city.today
    years = city.sizes.year_list(today)
    staff = city.staff_user_ids[0] if city.staff_user_ids else None
    posts = []
    for org_pk, members in city.members_by_org.items():
        for member_pk in members:
            if rng.random() >= POST_SHARE:
                continue
            model_year = rng.choice(years) if rng.random() < 0.01 else None
            posts.append(
                {
                    "organization_id": org_pk,
                    "member_id": member_pk,
                    "title": rng.choice(TITLES),
                    "pledge": "首问负责、一次告知、限时办结",
                    "phone": f"0851-8{rng.randint(1000000, 9999999)}",
                    "is_model_post": model_year is not None,
                    "model_year": model_year,
                    "established_on": date(years[0] - rng.randint(0, 2), rng.randint(1, 12), 1),
                    "active": True,
                    "public_code": secrets.token_urlsafe(9),
                    "created_by_id": staff,
                    "created_at": city.now,
                    "updated_at": city.now,
                }
            )
    writer.insert(ServicePost, posts)
    feedback = []
    for year in years:
        last = min(today, date(year, 12, 31))
        span = (last - date(year, 1, 1)).days
        for post in rng.sample(posts, int(len(posts) * FEEDBACK_SHARE)):
            kind = FeedbackKind.COMPLAINT if rng.random() < 0.4 else FeedbackKind.PRAISE
            left = datetime.combine(date(year, 1, 1) + timedelta(days=rng.randint(0, span)), time(10), TZ)
            answered = rng.random() < 0.8
            user = city.secretary_user_by_org.get(post["organization_id"], staff)
            feedback.append(
                {
                    "post_id": post["id"],
                    "kind": kind,
                    "text": rng.choice(TEXTS[kind]),
                    "contact": "",
                    "created_at": left,
                    "state": rng.choice([FeedbackState.ANSWERED, FeedbackState.CLOSED])
                    if answered
                    else FeedbackState.OPEN,
                    "answer": "已核实并处理，感谢监督。" if answered else "",
                    "answered_by_id": user if answered else None,
                    "answered_at": left + timedelta(days=2) if answered else None,
                }
            )
    writer.insert(Feedback, feedback)


def _targets() -> dict:
    from django.db.models import Count

    post = (
        ServicePost.objects.annotate(n=Count("feedback"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    busy_org = (
        ServicePost.objects.values("organization")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("organization", flat=True)
        .first()
    )
    item = Feedback.objects.open().order_by("-created_at").values_list("pk", flat=True).first()
    code = ServicePost.objects.filter(pk=post).values_list("public_code", flat=True).first()
    return {"post": post, "org": busy_org, "feedback": item, "code": code}


def posts_pages(y: int) -> list[tuple[str, str, str]]:
    """The portal pages of 服务监督岗 (the public page is measured from a staff session: same work)."""
    t = _targets()
    return [
        ("posts:post_list", "staff", "/activities/posts/"),
        ("posts:post_list (model posts)", "staff", "/activities/posts/?model=yes"),
        ("posts:post_list", "branch", "/activities/posts/"),
        ("posts:post_detail", "staff", f"/activities/posts/{t['post']}/"),
        ("posts:post_edit (form)", "staff", f"/activities/posts/{t['post']}/edit/"),
        ("posts:post_plates (busiest org)", "staff", f"/activities/posts/plates/?org={t['org']}"),
        ("posts:feedback_list", "staff", "/activities/posts/feedback/"),
        ("posts:feedback_list (open)", "staff", f"/activities/posts/feedback/?state=open&year={y}"),
        ("posts:feedback_list", "branch", "/activities/posts/feedback/"),
        ("posts:feedback_counts", "staff", f"/activities/posts/feedback/counts/?year={y}"),
        (
            "posts:feedback_counts last page",
            "staff",
            f"/activities/posts/feedback/counts/?year={y}&page=9999",
        ),
        (
            "posts:feedback_counts (most open)",
            "staff",
            f"/activities/posts/feedback/counts/?year={y}&sort=open",
        ),
        (
            "posts:feedback_counts (most complaints, p3)",
            "staff",
            f"/activities/posts/feedback/counts/?year={y}&sort=complaints&page=3",
        ),
        (
            "posts:feedback_counts (search)",
            "staff",
            f"/activities/posts/feedback/counts/?year={y}&q=%E8%B4%A2%E6%94%BF",
        ),
        (
            "posts:feedback_counts (an org's posts)",
            "staff",
            f"/activities/posts/feedback/counts/?org={t['org']}",
        ),
        ("posts:feedback_counts", "organ", f"/activities/posts/feedback/counts/?year={y}"),
        ("posts:feedback_list deep page", "staff", "/activities/posts/feedback/?page=1000"),
        ("posts:feedback_answer (form)", "staff", f"/activities/posts/feedback/{t['feedback']}/answer/"),
        ("posts:public_feedback", "branch", f"/activities/posts/say/{t['code']}/"),
    ]


def posts_api_pages(y: int) -> list[tuple[str, str, str]]:
    return [
        ("activities service-posts", "staff_api", "/api/v1/activities/service-posts/"),
        ("activities service-posts", "branch_api", "/api/v1/activities/service-posts/"),
        ("activities feedback", "staff_api", f"/api/v1/activities/feedback/?year={y}"),
        ("activities feedback", "branch_api", "/api/v1/activities/feedback/"),
    ]
