from django import template

from partybuild import periods

register = template.Library()


@register.filter
def period_label(code: str) -> str:
    """`2020-M03` → 2020年3月 (partybuild.periods.period_label); an unknown code is shown as it is."""
    return periods.period_label(code)


@register.inclusion_tag("ledger/_activity_fill.html")
def activity_fill_banner(assignment_id: int) -> dict:
    """ "由党员服务日填报" with a link to the activity, when an activity filled the assignment (two queries
    on a one-assignment page: the fill and its activity)."""
    from ledger.models import ActivityFill

    fill = ActivityFill.objects.filter(assignment_id=assignment_id).select_related("activity_type").first()
    activity = fill.activity if fill is not None else None
    return {"fill": fill, "activity": activity}


@register.inclusion_tag("ledger/_activity_fills.html", takes_context=True)
def activity_fills(context, activity) -> dict:
    """On an activity's page: the ledger assignments it filled (entered once) and, for whoever may fill,
    how many open ones it could still fill, with the link to the fill page."""
    from accounts import authz
    from ledger.services import fill_proposals, fills_of
    from ledger.views.fills import fill_url

    user = context["request"].user
    may_fill = authz.may(user, "ledger.add_activityfill", activity)
    return {
        "fills": list(fills_of(activity)),
        "proposals": fill_proposals(activity).count() if may_fill else 0,
        "fill_url": fill_url(activity),
    }
