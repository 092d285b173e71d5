"""The six systems' records (issue 8) at city scale, written like the ledger's: straight into the tables.

- 审批前考察 and 任职谈话: a vetting (approved, its term) for a share of the current terms; an appointment
  talk for most terms, so the rest are 谈话待办 (the older ones overdue).
- 通报 / 工作提醒: ~10 numbered bulletins a year (第1期…) naming orgs with marks, and a notice to all orgs;
  a read receipt per named org's secretary login (most of them read).
- 提醒约谈: a few in a hundred grassroots orgs a year, each with 1–3 整改事项 (closed, reported, open; some
  overdue); a tenth escalated to a 函告.
- 述职评议: one closed 向工委述职 session a year: the upper-level orgs' secretaries debrief, the bench's
  staff logins score every one of them (reviewers), and the results (trimmed mean, rank, grade) are
  stored as round_close stores them. Rounds are written open and closed after their scores (the
  database refuses scores of a closed round).
No history rows: no page reads them.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType

from accounts.models import OrgKind, SecretaryRole
from activities.models import (
    AppointmentTalk,
    Bulletin,
    BulletinCounter,
    BulletinKind,
    BulletinMark,
    BulletinOrg,
    BulletinReceipt,
    BulletinState,
    Debrief,
    DebriefKind,
    DebriefSession,
    Letter,
    RaterKind,
    Rectification,
    RectificationState,
    ReminderReason,
    ReminderTalk,
    RoundState,
    Score,
    ScoringCriterion,
    ScoringReviewer,
    ScoringRound,
    ScoringSubject,
    ScoringTemplate,
    Vetting,
    VettingConclusion,
    VettingReason,
)
from activities.models.scoring import TRIM_FROM
from activities.services.scoring import trimmed_mean, weighted_total

from .context import City, OrgRow
from .writer import Writer

TZ = ZoneInfo("Asia/Shanghai")
VETTING_SHARE = 0.4
BULLETINS_PER_YEAR = 10
REMINDER_TALK_SHARE = 0.03  # of the grassroots orgs with a secretary, per year
LETTER_SHARE = 0.1
DEBRIEF_CAP = 300  # secretaries debriefing in one session at most
TALKERS = ["工委书记、组织委员", "工委副书记", "组织委员、宣传委员", "工委书记"]
TEAMS = ["王建国、李卫东", "陈晓燕、张立新", "刘海涛、周敏", "赵振华、孙丽"]
TITLES = [
    "关于{q}季度党建工作任务完成情况的通报",
    "关于做好{y}年度组织生活会准备工作的提醒",
    "关于{q}季度“三会一课”落实情况的通报",
    "关于党费收缴管理工作的提醒",
    "关于表扬{y}年度模范机关创建先进党组织的通报",
]
ITEMS = [
    "补齐“三会一课”会议记录",
    "按期完成支部换届选举",
    "整改台账逾期未报问题",
    "规范党费收缴和使用管理",
    "落实谈心谈话制度",
    "建立健全党员积分管理台账",
]


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=TZ)


def build(writer: Writer, city: City) -> None:
    years = city.sizes.year_list(city.today)
    terms = list(city.terms.values())
    _vettings_and_talks(writer, city, terms)
    _bulletins(writer, city, years)
    _reminder_talks(writer, city, years)
    _debriefs(writer, city, years)


# ----------------------------------------------------------------------------- vetting and talks


def _vettings_and_talks(writer: Writer, city: City, terms: list[dict]) -> None:
    rng, today = city.rng, city.today
    vettings, talks = [], []
    for term in terms:
        started = term["started_on"]
        if term["member_id"] and rng.random() < VETTING_SHARE:
            count = rng.randint(8, 30)
            members = rng.randint(count // 2, count - 2)
            vettings.append(
                {
                    "organization_id": term["organization_id"],
                    "candidate_id": term["member_id"],
                    "proposed_role": SecretaryRole.SECRETARY,
                    "reason": rng.choice(VettingReason.values),
                    "team_members": rng.choice(TEAMS),
                    "visited_on": started - timedelta(days=rng.randint(15, 40)),
                    "interviewed_count": count,
                    "interviewed_members": members,
                    "interviewed_public": 1,
                    "interviewed_leaders": count - members - 1,
                    "finding_morality": "政治立场坚定，群众公认度高。",
                    "finding_ability": "熟悉党务工作，组织协调能力较强。",
                    "finding_diligence": "工作积极主动，责任心强。",
                    "finding_performance": "所在支部党建工作考核连续两年为好。",
                    "finding_integrity": "遵守廉洁自律各项规定，未发现违纪违规问题。",
                    "conclusion": VettingConclusion.APPROVED,
                    "approval_document": term["approval_document"],
                    "approved_on": started,
                    "term_id": term["id"],
                    "created_at": city.now,
                }
            )
        # Most terms had their talk; recent ones less often (谈话待办, the older ones overdue).
        if rng.random() < (0.9 if started < today - timedelta(days=60) else 0.4):
            talks.append(
                {
                    "term_id": term["id"],
                    "talked_on": min(today, started + timedelta(days=rng.randint(3, 40))),
                    "talked_by": rng.choice(TALKERS),
                    "plan": "抓好支部标准化建设，落实“三会一课”，带头讲党课。",
                    "pledge": "认真履行第一责任人职责，抓党建是最大的政绩。",
                    "created_at": city.now,
                }
            )
    writer.insert(Vetting, vettings)
    writer.insert(AppointmentTalk, talks)


# ----------------------------------------------------------------------------- bulletins


def _bulletins(writer: Writer, city: City, years: list[int]) -> None:
    rng, today = city.rng, city.today
    named_pool = [o for o in city.grassroots if o.is_active]
    logins = city.secretary_user_by_org
    bulletins, named, receipts, counters = [], [], [], []
    staff = city.staff_user_ids[0] if city.staff_user_ids else None
    for year in years:
        number = 0
        for i in range(BULLETINS_PER_YEAR + 1):
            issued = date(year, 1, 12) + timedelta(days=33 * i)
            if issued > today or issued.year != year:
                break
            notice = i == BULLETINS_PER_YEAR  # the last of the year: a notice to every org
            if not notice:
                number += 1
            pk = writer.reserve(Bulletin, 1)[0]
            quarter = (issued.month - 1) // 3 + 1
            bulletins.append(
                {
                    "id": pk,
                    "kind": BulletinKind.NOTICE
                    if notice
                    else (BulletinKind.BULLETIN if i % 3 else BulletinKind.REMINDER),
                    "state": BulletinState.PUBLISHED,
                    "issued_on": issued,
                    "year": year,
                    "number": None if notice else number,
                    "title": "关于开展年终党建工作检查的通知"
                    if notice
                    else rng.choice(TITLES).format(q=quarter, y=year),
                    "body": "各基层党组织：\n现将有关情况通报如下，请对照检查，抓好整改落实。",
                    "to_all": notice,
                    "created_by_id": staff,
                    "published_by_id": staff,
                    "created_at": _at(issued, 8),
                    "published_at": _at(issued),
                }
            )
            orgs = named_pool if notice else rng.sample(named_pool, min(len(named_pool), rng.randint(5, 30)))
            if not notice:
                mark = rng.choice([BulletinMark.PRAISE, BulletinMark.REMIND, BulletinMark.CRITICISE])
                named += [{"bulletin_id": pk, "organization_id": o.pk, "mark": mark} for o in orgs]
            for org in orgs:
                user = logins.get(org.pk)
                if user is None:
                    continue
                read = rng.random() < 0.7
                receipts.append(
                    {
                        "bulletin_id": pk,
                        "user_id": user,
                        "organization_id": org.pk,
                        "notified_at": _at(issued),
                        "read_at": _at(issued + timedelta(days=rng.randint(0, 6)), 15) if read else None,
                    }
                )
        counters.append({"year": year, "last_number": number})
    writer.insert(Bulletin, bulletins)
    writer.insert(BulletinOrg, named)
    writer.insert(BulletinReceipt, receipts)
    writer.insert(BulletinCounter, counters)


# ----------------------------------------------------------------------------- reminder talks


def _rectification(rng, talk_id: int, seq: int, talked_on: date, today: date, users: tuple) -> dict:
    deadline = talked_on + timedelta(days=rng.randint(30, 90))
    roll = rng.random()
    if deadline < today - timedelta(days=30):
        state = (
            RectificationState.CLOSED
            if roll < 0.8
            else (RectificationState.REPORTED if roll < 0.9 else RectificationState.OPEN)
        )
    else:
        state = RectificationState.REPORTED if roll < 0.3 else RectificationState.OPEN
    reported = min(today, deadline - timedelta(days=rng.randint(0, 20)))
    secretary, staff = users
    done = state != RectificationState.OPEN
    return {
        "talk_id": talk_id,
        "seq": seq,
        "content": rng.choice(ITEMS),
        "deadline": deadline,
        "state": state,
        "report": "已按要求完成整改，佐证材料见附件。" if done else "",
        "reported_at": _at(reported, 10) if done else None,
        "reported_by_id": secretary if done else None,
        "closed_at": _at(min(today, reported + timedelta(days=5)), 16)
        if state == RectificationState.CLOSED
        else None,
        "closed_by_id": staff if state == RectificationState.CLOSED else None,
    }


def _reminder_talks(writer: Writer, city: City, years: list[int]) -> None:
    rng, today = city.rng, city.today
    with_terms = [o for o in city.grassroots if o.pk in city.terms]
    staff = city.staff_user_ids[0] if city.staff_user_ids else None
    talks, items, letters = [], [], []
    for year in years:
        last = min(today, date(year, 12, 31))
        span = (last - date(year, 1, 1)).days
        chosen = rng.sample(
            with_terms, min(len(with_terms), max(3, int(REMINDER_TALK_SHARE * len(with_terms))))
        )
        for org in chosen:
            term = city.terms[org.pk]
            talked_on = max(term["started_on"], date(year, 1, 1) + timedelta(days=rng.randint(0, span)))
            if talked_on > last:
                continue
            pk = writer.reserve(ReminderTalk, 1)[0]
            talks.append(
                {
                    "id": pk,
                    "organization_id": org.pk,
                    "term_id": term["id"],
                    "secretary_name": term["person_name"],
                    "reason": rng.choice(ReminderReason.values),
                    "reason_detail": "台账任务多次逾期未报，党员反映组织生活不经常。",
                    "talked_on": talked_on,
                    "talked_by": rng.choice(TALKERS),
                    "notes": "指出问题，提出整改要求，书记作表态发言。",
                    "created_by_id": staff,
                    "created_at": _at(talked_on, 17),
                }
            )
            users = (city.secretary_user_by_org.get(org.pk, city.clerk_user_id), staff)
            items += [
                _rectification(rng, pk, seq, talked_on, today, users)
                for seq in range(1, rng.randint(1, 3) + 1)
            ]
            if rng.random() < LETTER_SHARE or not letters:  # at least one 函告
                letters.append(
                    {
                        "talk_id": pk,
                        "addressee": f"{org.name}所在单位党组",
                        "number": f"甬直机工函〔{year}〕{len(letters) + 1}号",
                        "sent_on": min(today, talked_on + timedelta(days=10)),
                        "body": "经提醒约谈后整改仍不到位，特此函告，请督促整改。",
                        "created_at": city.now,
                    }
                )
    writer.insert(ReminderTalk, talks)
    writer.insert(Rectification, items)
    writer.insert(Letter, letters)


# ----------------------------------------------------------------------------- debriefs and scores


def _template() -> ScoringTemplate:
    """The template a migration adds (a flushed test database may have lost it: then a small one)."""
    template = ScoringTemplate.objects.filter(is_active=True, criteria__isnull=False).order_by("pk").first()
    if template is None:
        template = ScoringTemplate.objects.create(name="述职评议表（压测）")
        for seq, (name, weight) in enumerate([("工作实绩", 60), ("作风建设", 40)], start=1):
            ScoringCriterion.objects.create(
                template=template, seq=seq, name=name, weight=weight, max_points=10
            )
    return template


def _debriefers(city: City) -> list[OrgRow]:
    upper = [o for o in city.grassroots if o.kind != OrgKind.BRANCH and o.pk in city.terms]
    return sorted(upper, key=lambda o: o.pk)[:DEBRIEF_CAP]


def _debriefs(writer: Writer, city: City, years: list[int]) -> None:
    rng, today = city.rng, city.today
    template = _template()
    rules = template.rules()
    criteria = rules["criteria"]
    grader = ScoringRound(rules=rules)
    debrief_type = ContentType.objects.get_for_model(Debrief)
    raters = city.staff_user_ids
    orgs = _debriefers(city)
    rounds, sessions, subjects, debriefs, reviewers, scores = [], [], [], [], [], []
    for year in years:
        held_on = min(date(year, 12, 18), today - timedelta(days=1))
        if held_on.year != year or not orgs:
            continue
        round_id = writer.reserve(ScoringRound, 1)[0]
        title = f"{year}年度基层党组织书记抓党建述职评议"
        rounds.append(
            {
                "id": round_id,
                "title": title,
                "template_id": template.pk,
                "rules": rules,
                "rater_kind": RaterKind.REVIEWERS,
                "state": RoundState.OPEN,  # closed once its scores are in
                "created_by_id": raters[0] if raters else None,
                "created_at": _at(held_on, 8),
                "closed_at": _at(held_on, 12),
                "closed_by_id": raters[0] if raters else None,
            }
        )
        sessions.append(
            {
                "year": year,
                "held_on": held_on,
                "kind": DebriefKind.TO_COMMITTEE,
                "title": title,
                "venue": "市行政中心会议室",
                "round_id": round_id,
                "created_by_id": raters[0] if raters else None,
                "created_at": _at(held_on, 8),
            }
        )
        session_id = writer.reserve(DebriefSession, 1)[0]
        sessions[-1]["id"] = session_id
        reviewer_ids = list(writer.reserve(ScoringReviewer, len(raters)))
        reviewers += [
            {"id": rid, "round_id": round_id, "user_id": uid, "invited_at": _at(held_on, 8)}
            for rid, uid in zip(reviewer_ids, raters, strict=True)
        ]
        year_subjects = []
        for seq, org in enumerate(orgs, start=1):
            term = city.terms[org.pk]
            subject_id = writer.reserve(ScoringSubject, 1)[0]
            debrief_id = writer.reserve(Debrief, 1)[0]
            totals = []
            for reviewer_id in reviewer_ids:
                points = {str(c["id"]): rng.randint(c["max_points"] // 2, c["max_points"]) for c in criteria}
                total = weighted_total(criteria, points)
                totals.append(total)
                scores.append(
                    {
                        "round_id": round_id,
                        "subject_id": subject_id,
                        "reviewer_id": reviewer_id,
                        "points": points,
                        "total": total,
                        "created_at": _at(held_on, 10),
                        "updated_at": _at(held_on, 10),
                    }
                )
            score = (
                trimmed_mean(len(totals), sum(totals, Decimal(0)), max(totals), min(totals))
                if totals
                else None
            )
            subject = {
                "id": subject_id,
                "round_id": round_id,
                "seq": seq,
                "label": f"{term['person_name']}（{org.name}）",
                "content_type_id": debrief_type.pk,
                "object_id": debrief_id,
                "result_score": score,
                "result_count": len(totals),
                "result_trimmed": len(totals) >= TRIM_FROM,
                "result_grade": grader.grade_for(score),
            }
            year_subjects.append(subject)
            debriefs.append(
                {
                    "id": debrief_id,
                    "session_id": session_id,
                    "organization_id": org.pk,
                    "term_id": term["id"],
                    "person_name": term["person_name"],
                    "seq": seq,
                    "report_text": "一年来，本支部坚持以党的政治建设为统领，认真落实“三会一课”等制度……",
                    "head_comment": "工作扎实，亮点突出；要在党员教育管理上再下功夫。",
                    "subject_id": subject_id,
                    "created_at": _at(held_on, 8),
                }
            )
        # Ranks as round_close gives them: equal scores share a rank, the next one skips.
        ranked = sorted(
            (s for s in year_subjects if s["result_score"] is not None), key=lambda s: -s["result_score"]
        )
        for place, subject in enumerate(ranked, start=1):
            previous = ranked[place - 2] if place > 1 else None
            same = previous is not None and previous["result_score"] == subject["result_score"]
            subject["result_rank"] = previous["result_rank"] if same else place
        subjects += year_subjects
    writer.insert(ScoringRound, rounds)
    writer.insert(ScoringSubject, subjects)
    writer.insert(DebriefSession, sessions)
    writer.insert(Debrief, debriefs)
    writer.insert(ScoringReviewer, reviewers)
    writer.insert(Score, scores)
    ScoringRound.objects.filter(pk__in=[r["id"] for r in rounds]).update(state=RoundState.CLOSED)
