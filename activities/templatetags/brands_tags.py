"""The home page's 党建品牌 card: staff see applications waiting for review and brands waiting for this
year's re-check; a secretary sees their brands' standing this year. Two counting queries at most."""

from __future__ import annotations

from django import template
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from accounts import authz

from ..models import BrandStatus, BrandYear

register = template.Library()


@register.inclusion_tag("activities/brands/_home_card.html", takes_context=True)
def brands_home_card(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not authz.may(user, "activities.view_brand"):
        return {"show": False}
    year = timezone.localdate().year
    scope = authz.business_scope(user)
    rows = BrandYear.objects.filter(scope.q("brand__organization"))
    figures = rows.filter(year=year).aggregate(
        submitted=Count("pk", filter=Q(status=BrandStatus.SUBMITTED)),
        recognised=Count("pk", filter=Q(status=BrandStatus.RECOGNISED)),
    )
    staff = authz.may(user, "activities.review_brand")
    due = 0
    if staff:
        decided = BrandYear.objects.filter(brand=OuterRef("brand"), year=year)
        due = rows.filter(year=year - 1, status=BrandStatus.RECOGNISED).exclude(Exists(decided)).count()
    return {"show": True, "year": year, "staff": staff, "due": due, **figures}
