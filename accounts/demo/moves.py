"""The demo's year moving on: one org renamed (its old name kept as an alias) and one member transferred.

So `make run` shows both on their pages: the renamed org's 别名/曾用名, and a 组织关系转接 on the roster,
the member's page and both orgs' pages.
"""

from __future__ import annotations

from datetime import date, timedelta

from accounts import services
from accounts.models import Member, Organization

from .orgs import DemoOrgs

# After the institutional reform the HR bureau's branch took the name of its office building's branch.
RENAMED_SHORT = "市人力资源和社会保障局党支部"
NEW_NAME, NEW_SHORT = "中共清镇市人力资源和社会保障局机关支部委员会", "市人社局机关党支部"


def build_moves(*, orgs: DemoOrgs, members: dict[int, list[Member]], today: date) -> None:
    """Through the services, as staff would do it (actor None: the system)."""
    renamed = next(org for org in orgs.grassroots if org.short_name == RENAMED_SHORT)
    services.organization_rename(
        actor=None, organization=renamed, new_name=NEW_NAME, new_short_name=NEW_SHORT
    )

    source, target = orgs.grassroots[0], orgs.grassroots[1]
    # Not member01 (the first plain member of sec01's branch) nor anyone holding a post.
    person = [m for m in members[source.pk] if not m.party_post][-1]
    services.member_transfer(
        actor=None,
        member=person,
        to_organization=Organization.objects.get(pk=target.pk),
        on_date=today - timedelta(days=45),
        reason="工作调动",
        document_no=f"清直工委组转〔{today.year}〕3号",
    )
    members[source.pk].remove(person)
    members.setdefault(target.pk, []).append(person)
