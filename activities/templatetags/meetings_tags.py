"""The secretary's home card of 三会一课: what is due this quarter (and this month's 支委会)."""

from __future__ import annotations

from django import template

from accounts import authz

from ..selectors.meetings import meetings_due

register = template.Library()


@register.inclusion_tag("activities/meetings/_home_card.html", takes_context=True)
def meetings_home_card(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not authz.is_secretary(user):
        return {"items": []}
    items = meetings_due(user)
    return {"items": items, "multi": len({item.organization.pk for item in items}) > 1}
