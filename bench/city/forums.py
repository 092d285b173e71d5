"""主题讲坛 and the selections at city scale, straight into the tables (like bench/city/activities.py).

- Forums: each grassroots org with members holds one a quarter (about one in ten misses a quarter; about
  one in six is joint with a neighbour), dated up to today, with 1–2 speakers and up to 30 attendees.
- Selections: each year the committee's half-year forum-speaker selection (36 nominated, 10 selected,
  6 awarded) and a 双十佳 with its two categories (科室窗口, 个人标兵; 10 + 10 awarded of 30 + 30).
No history rows: no page reads them. `pages(y)` and `api_pages(y)` are the rows bench/pages.py times.
"""

from __future__ import annotations

from datetime import date

from activities.models import (
    Candidate,
    CandidateStage,
    Forum,
    ForumOrg,
    Selection,
    SelectionCategory,
    SelectionKind,
)

from .context import City
from .writer import Writer

TOPICS = ["我是党员，我在岗位上践行初心", "立足本职作表率", "讲好身边的党员故事", "学党史、悟思想、办实事"]


def build(writer: Writer, city: City) -> None:
    rng, today = city.rng, city.today
    orgs = [o for o in city.grassroots if o.is_active and city.members_by_org.get(o.pk)]
    forums, links, speakers, attendees = [], [], [], []
    for year in city.sizes.year_list(today):
        for quarter in range(1, 5):
            start = date(year, 3 * quarter - 2, 1)
            if start > today:
                break
            holding = [o for o in orgs if rng.random() > 0.1]
            rng.shuffle(holding)
            while holding:
                group = [holding.pop()]
                if holding and rng.random() < 0.17:
                    group.append(holding.pop())
                roll = [m for o in group for m in city.members_by_org[o.pk]]
                held_on = min(date(year, 3 * quarter - 2 + rng.randint(0, 2), rng.randint(1, 28)), today)
                people = rng.sample(roll, k=min(len(roll), rng.randint(5, 30)))
                talkers = people[: rng.choice([1, 1, 2])]
                row = {
                    "organization_id": group[0].pk,
                    "held_on": held_on,
                    "topic": rng.choice(TOPICS),
                    "speaker_names": "、".join(f"主讲{m}" for m in talkers),
                    "attendance": len(people) + rng.randint(0, 10),
                    "content": "主讲人结合本职工作讲述入党初心和岗位实践。",
                    "created_at": city.now,
                }
                forums.append(row)
                links.append((row, group))
                speakers.append((row, talkers))
                attendees.append((row, people))
    writer.insert(Forum, forums)
    writer.insert(ForumOrg, [{"forum_id": r["id"], "organization_id": o.pk} for r, g in links for o in g])
    writer.insert(
        Forum.speakers.through, [{"forum_id": r["id"], "member_id": m} for r, ms in speakers for m in ms]
    )
    writer.insert(
        Forum.attendees.through, [{"forum_id": r["id"], "member_id": m} for r, ms in attendees for m in ms]
    )
    _selections(writer, city, orgs)


def _selections(writer: Writer, city: City, orgs) -> None:
    rng = city.rng
    for year in city.sizes.year_list(city.today):
        speakers = {
            "year": year,
            "name": f"{year}年上半年“我是党员”主题讲坛主讲人评选",
            "kind": SelectionKind.FORUM_SPEAKERS,
            "created_at": city.now,
        }
        double = {
            "year": year,
            "name": f"{year}年度“双十佳”评选",
            "kind": SelectionKind.DOUBLE_TOP_TEN,
            "created_at": city.now,
        }
        writer.insert(Selection, [speakers, double])
        categories = [
            {"selection_id": double["id"], "seq": 1, "name": "科室窗口", "quota": 10},
            {"selection_id": double["id"], "seq": 2, "name": "个人标兵", "quota": 10},
        ]
        writer.insert(SelectionCategory, categories)
        rows = []
        for i, org in enumerate(rng.sample(orgs, k=min(36, len(orgs)))):
            stage = CandidateStage.AWARDED if i < 6 else CandidateStage.SELECTED if i < 10 else "nominated"
            member = rng.choice(city.members_by_org[org.pk])
            rows.append(_candidate(city, speakers, None, f"主讲人{year}-{i}", org.pk, member, stage, rng))
        for category in categories:
            for i, org in enumerate(rng.sample(orgs, k=min(30, len(orgs)))):
                stage = CandidateStage.AWARDED if i < 10 else "nominated"
                name = f"{category['name']}{year}-{i}"
                rows.append(_candidate(city, double, category, name, org.pk, None, stage, rng))
        writer.insert(Candidate, rows)


def _candidate(city, selection, category, name, org_id, member_id, stage, rng) -> dict:
    return {
        "selection_id": selection["id"],
        "category_id": category["id"] if category else None,
        "name": name,
        "organization_id": org_id,
        "member_id": member_id,
        "stage": stage,
        "score": rng.randint(7000, 9900) / 100,
        "created_at": city.now,
    }


def pages(y: int) -> list[tuple[str, str, str]]:
    """Portal rows for bench/pages.py: (what, who, url)."""
    selection = Selection.objects.filter(year=y, kind=SelectionKind.FORUM_SPEAKERS).order_by("pk").first()
    forum = Forum.objects.order_by("-pk").first()
    rows = [
        ("forums:forum_list", "staff", f"/activities/forums/?year={y}"),
        ("forums:forum_list", "branch", "/activities/forums/"),
        ("forums:forum_grid", "staff", f"/activities/forums/grid/?year={y}"),
        ("forums:forum_grid page 2", "staff", f"/activities/forums/grid/?year={y}&page=2"),
        ("forums:forum_grid missing", "staff", f"/activities/forums/grid/?year={y}&missing=on"),
        ("forums:forum_grid", "branch", f"/activities/forums/grid/?year={y}"),
        ("forums:selection_list", "staff", "/activities/selections/"),
    ]
    if forum is not None:
        rows.append(("forums:forum_detail", "staff", f"/activities/forums/{forum.pk}/"))
    if selection is not None:
        rows.append(("forums:selection_detail", "staff", f"/activities/selections/{selection.pk}/"))
        rows.append(("forums:selection_detail", "branch", f"/activities/selections/{selection.pk}/"))
    return rows


def api_pages(y: int) -> list[tuple[str, str, str]]:
    return [
        ("activities forums", "staff_api", f"/api/v1/activities/forums/?year={y}"),
        ("activities forums", "branch_api", "/api/v1/activities/forums/"),
        ("activities selections", "staff_api", "/api/v1/activities/selections/"),
        ("activities candidates", "staff_api", f"/api/v1/activities/candidates/?year={y}"),
    ]
