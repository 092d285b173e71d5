"""The secretary's home card of 服务监督岗: how many public feedback items wait for an answer."""

from django import template

from accounts import authz

from ..selectors.posts import feedback_open_count

register = template.Library()


@register.inclusion_tag("activities/posts/_home_card.html", takes_context=True)
def posts_home_card(context) -> dict:
    """Shown to secretaries (their orgs' open items, one COUNT query); nobody else sees the card."""
    user = context.get("user")
    show = bool(user is not None and authz.secretary_org_ids(user))
    return {"show": show, "open": feedback_open_count(user) if show else 0}
