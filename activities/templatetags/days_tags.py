"""The secretary's home card of 党员服务日: held this month or not, with a link to record one."""

from django import template
from django.utils import timezone

from accounts import authz
from accounts.models import Organization

from ..selectors.days import month_held, secretary_org_ids

register = template.Library()


@register.inclusion_tag("activities/days/_home_card.html", takes_context=True)
def service_day_home_card(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not authz.is_secretary(user):
        return {"show": False}
    org_ids = secretary_org_ids(user)
    org = Organization.objects.filter(pk__in=org_ids[:1]).first()
    if org is None or not authz.may(user, "activities.add_serviceday", org):
        return {"show": False}
    today = timezone.localdate()
    days = list(month_held(user, org, today).order_by("-held_on")[:3])
    return {"show": True, "org": org, "today": today, "days": days}
