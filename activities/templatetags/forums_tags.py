"""The home card of 主题讲坛 and selections: this quarter's forums of the user's orgs and open nominations."""

from __future__ import annotations

from django import template
from django.utils import timezone

from accounts import authz

register = template.Library()


@register.inclusion_tag("activities/forums/_home_card.html", takes_context=True)
def forums_home_card(context) -> dict:
    """Secretaries: forums their orgs held this quarter, and the selections open for nominations."""
    user = context.get("user")
    if user is None or not authz.is_secretary(user):
        return {"show": False}
    from activities.models import Selection
    from activities.selectors.forums import forums_visible_to

    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    held = forums_visible_to(user).filter(held_on__year=today.year, held_on__quarter=quarter).count()
    open_selections = [
        s
        for s in Selection.objects.filter(nominate_until__gte=today, nominate_from__lte=today).order_by("pk")[
            :5
        ]
        if s.is_nominating(today)
    ]
    return {"show": True, "held": held, "quarter": quarter, "year": today.year, "selections": open_selections}
