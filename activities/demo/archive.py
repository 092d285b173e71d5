"""实绩档案 in the demo: nothing to store (archives are assembled live); this says what the demo year
shows — how many archives, how many complete, and one secretary login of each kind to open."""

from __future__ import annotations

from datetime import date

from accounts.models import User

from ..selectors import archive as archives


def _login_of(term) -> str:
    user = User.objects.filter(member_id=term.member_id).only("username").first() if term.member_id else None
    return user.username if user else term.person_name


def archive_summary(accounts, *, year: int, today: date) -> str:
    rows = list(archives.archives_for_year(accounts.users.staff, year, today=today))
    complete = [t for t in rows if t.has_talk and t.has_debrief and not t.items_open]
    open_items = [t for t in rows if t.items_open]
    no_talk = [t for t in rows if not t.has_talk]
    examples = []
    if complete:
        examples.append(f"{_login_of(complete[0])} 齐全")
    if open_items:
        examples.append(f"{_login_of(open_items[0])} 有未销号整改")
    if no_talk:
        examples.append(f"{_login_of(no_talk[0])} 未任职谈话")
    return (
        f"实绩档案：{year}年 {len(rows)} 份（实时汇总），齐全 {len(complete)} 份、"
        f"有未销号整改 {len(open_items)} 份、未任职谈话 {len(no_talk)} 份；例如 {'，'.join(examples)}。"
    )
