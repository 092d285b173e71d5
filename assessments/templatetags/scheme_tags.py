"""The home card of the assessments: a secretary's latest published standing and what to do next;
staff the latest run waiting to be published."""

from django import template

from accounts import authz
from assessments.models import RunState
from assessments.scheme import selectors

register = template.Library()


@register.inclusion_tag("assessments/scheme/_home_card.html", takes_context=True)
def scheme_home_card(context):
    user = context["request"].user
    result = selectors.latest_published_result(user)
    pending = None
    if authz.may(user, "assessments.view_assessmentrun"):
        pending = selectors.runs_visible_to(user).filter(state=RunState.COMPUTED).first()
    return {
        "result": result,
        "improvements": selectors.improvements(result)[:3] if result else [],
        "flags": selectors.flag_labels(result.flags) if result else [],
        "pending": pending,
    }
