"""The secretary's home card of 党员服务日: held this month or not, with a link to record one."""

from django import template
from django.utils import timezone

from accounts import authz

from ..selectors.days import month_held

register = template.Library()


@register.inclusion_tag("activities/days/_home_card.html", takes_context=True)
def service_day_home_card(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    org = getattr(user, "organization", None) if user is not None else None
    if org is None or not authz.is_secretary(user) or not authz.may(user, "activities.add_serviceday", org):
        return {"show": False}
    today = timezone.localdate()
    days = list(month_held(user, org, today).order_by("-held_on")[:3])
    return {"show": True, "org": org, "today": today, "days": days}
