"""The 扶贫结对 card of a secretary's home page: active pairings and the visits recorded this month."""

from __future__ import annotations

from django import template

from accounts import authz

from ..selectors.pairing import secretary_pairing_counts

register = template.Library()


@register.inclusion_tag("activities/pairing/_home_card.html", takes_context=True)
def pairing_home_card(context) -> dict:
    """Shown to secretaries only (two small queries); nothing for anyone else."""
    user = context.get("user")
    if user is None or not authz.is_secretary(user) or not authz.may(user, "activities.add_visit"):
        return {"show": False}
    return {"show": True, **secretary_pairing_counts(user)}
