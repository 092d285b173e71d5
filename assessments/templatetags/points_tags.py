"""The home card of member points: a party member's latest quarter (total, rank, link to the card)."""

from __future__ import annotations

from django import template

from accounts import authz

from ..models import MemberPoints

register = template.Library()


@register.inclusion_tag("assessments/points/_home_card.html", takes_context=True)
def points_card(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not authz.is_party_member(user) or not user.member_id:
        return {"show": False}
    latest = (
        MemberPoints.objects.filter(member_id=user.member_id)
        .select_related("scheme")
        .only("period", "total", "rank", "member_class", "scheme__version")
        .order_by("-period")
        .first()
    )
    return {"show": True, "latest": latest}
