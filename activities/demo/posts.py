"""服务监督岗 in the demo: a post for most serving members of most branches, about ten 示范岗 for the year,
and public feedback on some posts (praise and complaints, some answered and closed by the secretary).
Written with bulk_create (history rows too): the services' checks hold for these rows by construction."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.selectors import secretary_users_by_org

from ..models import Feedback, FeedbackKind, FeedbackState, ServicePost
from ..models.posts import public_code

TITLES = ["窗口服务岗", "政策咨询岗", "业务审批岗", "综合服务岗", "文明引导岗", "信息宣传岗", "后勤保障岗"]
PLEDGES = [
    "首问负责、一次告知、限时办结",
    "热情服务、文明用语、不推不拖",
    "廉洁自律、公开透明、接受监督",
    "马上就办、办就办好",
]
PRAISE = [
    "工作人员很耐心，一次就把手续讲清楚了，谢谢！",
    "中午下班时间还帮我办完了业务，点赞。",
    "服务态度好，主动帮老人填表。",
    "办事效率高，比以前快多了。",
]
COMPLAINTS = [
    "窗口中午无人值守，等了四十分钟。",
    "电话一直打不通，希望改进。",
    "需要的材料没有一次说清楚，跑了两趟。",
    "办事指南和窗口说的不一致。",
]
ANSWERS = [
    "已核实情况并向您致歉，已安排中午轮岗值守。",
    "感谢监督，已调整办事指南并对窗口人员进行提醒。",
    "已电话联系您说明情况，问题已解决。",
]
MODEL_POSTS = 10


def _at(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59))))


def seed_posts(accounts, *, year: int, today: date) -> str:
    rng = random.Random(f"posts-{year}")
    staff = accounts.users.staff
    rosters = [(org_pk, people) for org_pk, people in accounts.members.items() if people]
    posts: list[ServicePost] = []
    for index, (org_pk, people) in enumerate(rosters):
        if index % 8 == 7:  # a few branches have not set posts up yet
            continue
        for member in people:
            if rng.random() > 0.7:
                continue
            posts.append(
                ServicePost(
                    organization_id=org_pk,
                    member=member,
                    title=rng.choice(TITLES),
                    duties="按岗位职责为群众和服务对象办理业务，接受群众监督。",
                    pledge=rng.choice(PLEDGES),
                    phone=f"0851-825{rng.randint(10000, 99999)}",
                    mailbox="jdgw@example.gov.cn",
                    established_on=date(year - rng.randint(0, 3), rng.randint(1, 12), 1),
                    public_code=public_code(),
                    created_by=staff,
                )
            )
    # One post per (org, member, title): a member drawn twice for a title keeps one post.
    unique = {(p.organization_id, p.member.pk, p.title): p for p in posts}
    posts = list(unique.values())
    for post in rng.sample(posts, min(MODEL_POSTS, len(posts))):
        post.is_model_post, post.model_year = True, year
    posts = bulk_create_with_history(posts, ServicePost, default_user=staff)

    secretaries = secretary_users_by_org({p.organization_id for p in posts}, today=today)
    first_day = date(year, 1, 1)
    span = max((min(today, date(year, 12, 31)) - first_day).days, 0)
    feedback: list[Feedback] = []
    # The first branch's secretary (sec01) finds open items on their home card.
    opening = [p for p in posts if p.organization_id == accounts.orgs.grassroots[0].pk][:2]
    for post in opening + rng.sample(posts, min(60, len(posts))):
        kind = FeedbackKind.COMPLAINT if post in opening or rng.random() < 0.4 else FeedbackKind.PRAISE
        left = min(_at(first_day + timedelta(days=rng.randint(0, span)), rng), timezone.now())
        item = Feedback(
            post=post,
            kind=kind,
            text=rng.choice(COMPLAINTS if kind == FeedbackKind.COMPLAINT else PRAISE),
            contact=f"1380000{rng.randint(1000, 9999)}" if rng.random() < 0.3 else "",
            created_at=left,
        )
        answerer = (secretaries.get(post.organization_id) or [staff])[0]
        if post not in opening and rng.random() < 0.6:
            item.answer = rng.choice(ANSWERS) if kind == FeedbackKind.COMPLAINT else "感谢您的肯定！"
            item.answered_by, item.answered_at = answerer, left + timedelta(days=rng.randint(0, 3))
            item.state = FeedbackState.CLOSED if rng.random() < 0.6 else FeedbackState.ANSWERED
            item.closed_at = item.answered_at if item.state == FeedbackState.CLOSED else None
        feedback.append(item)
    bulk_create_with_history(feedback, Feedback, default_user=staff)
    praise = sum(1 for f in feedback if f.kind == FeedbackKind.PRAISE)
    open_items = sum(1 for f in feedback if f.state == FeedbackState.OPEN)
    orgs = len({p.organization_id for p in posts})
    return (
        f"服务监督岗：{orgs} 个党组织设岗 {len(posts)} 个，{year}年示范岗 {min(MODEL_POSTS, len(posts))} 个；"
        f"群众评价 {len(feedback)} 条（表扬 {praise}、投诉/意见 {len(feedback) - praise}，"
        f"待处理 {open_items}）。"
    )
