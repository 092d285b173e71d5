"""Reads of 服务监督岗 and their public feedback, already limited to what the user may see; counts are
grouped queries (per post, per org), never a query per row."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts import authz
from accounts.authz import OrgScope

from ..models import Feedback, FeedbackKind, FeedbackState, ServicePost


def _count(feedback: QuerySet[Feedback]) -> Coalesce:
    """A correlated COUNT of the post's feedback in `feedback`: computed only for the rows a page shows
    (a GROUP BY over every post in scope would be counted and sorted whole before the page is cut)."""
    counted = feedback.filter(post=OuterRef("pk")).order_by().values("post").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")[:1]), Value(0), output_field=IntegerField())


def service_posts_visible_to(user) -> QuerySet[ServicePost]:
    """Posts in the user's business scope, each with its feedback counts (in the same query)."""
    feedback = Feedback.objects.all()
    return (
        ServicePost.objects.filter(authz.business_scope(user).q("organization"))
        .select_related("organization", "member")
        .annotate(
            feedback_total=_count(feedback),
            feedback_open=_count(feedback.filter(state=FeedbackState.OPEN)),
            feedback_praise=_count(feedback.filter(kind=FeedbackKind.PRAISE)),
            feedback_complaints=_count(feedback.filter(kind=FeedbackKind.COMPLAINT)),
        )
    )


def service_post_public(code: str) -> ServicePost | None:
    """The post a plate's QR code names (its public page), or None."""
    return (
        ServicePost.objects.filter(public_code=code)
        .select_related("organization", "member")
        .only(
            "pk",
            "public_code",
            "title",
            "pledge",
            "phone",
            "mailbox",
            "is_model_post",
            "model_year",
            "active",
            "organization__name",
            "organization__short_name",
            "member__name",
        )
        .first()
    )


def feedback_visible_to(user) -> QuerySet[Feedback]:
    """What the public left on the posts of the user's orgs: the secretaries and staff (write scope)."""
    return Feedback.objects.filter(authz.write_scope(user).q("post__organization")).select_related(
        "post", "post__organization", "post__member", "answered_by"
    )


def feedback_open_first(queryset: QuerySet[Feedback]) -> QuerySet[Feedback]:
    """待处理 first, then answered, then closed; newest first within each."""
    rank = Case(
        When(state=FeedbackState.OPEN, then=Value(0)),
        When(state=FeedbackState.ANSWERED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return queryset.annotate(state_rank=rank).order_by("state_rank", "-created_at", "-pk")


def feedback_counts_by_org(user, *, year: int | None = None) -> list[dict]:
    """Per org (of the user's feedback scope): posts' praise, complaints and open items — one grouped
    query, orgs with none left out."""
    rows = Feedback.objects.filter(authz.write_scope(user).q("post__organization"))
    if year:
        rows = rows.filter(created_at__year=year)
    return list(
        rows.order_by()
        .values("post__organization", "post__organization__name", "post__organization__path")
        .annotate(
            total=Count("pk"),
            praise=Count("pk", filter=Q(kind=FeedbackKind.PRAISE)),
            complaints=Count("pk", filter=Q(kind=FeedbackKind.COMPLAINT)),
            open=Count("pk", filter=Q(state=FeedbackState.OPEN)),
        )
        .order_by("post__organization__path")
    )


def feedback_open_count(user) -> int:
    """Items waiting for an answer in the orgs the user is secretary of (and below): the home card."""
    scope = authz.secretary_scope(user)
    if scope.is_empty:
        return 0
    return Feedback.objects.open().filter(scope.q("post__organization")).count()


def plates_of(user, organization_id: int) -> QuerySet[ServicePost]:
    """The active posts of one org and the orgs below it, for printing plates (staff scope)."""
    scope = authz.staff_scope(user)
    return (
        ServicePost.objects.filter(scope.q("organization"), active=True)
        .filter(organization__path__startswith=_path_of(organization_id))
        .select_related("organization", "member")
        .order_by("organization__path", "title", "member__name", "pk")
    )


def _path_of(organization_id: int) -> str:
    from accounts.models import Organization

    path = Organization.objects.filter(pk=organization_id).values_list("path", flat=True).first()
    return path if path is not None else "\0"  # no such org: matches nothing


# --------------------------------------------------------------------------- member points, year account


def member_model_posts(start: date, end: date, organization_ids=None) -> dict[int, int]:
    """Member id → 1 for each member holding a 示范岗 named for a year overlapping [start, end], the post
    existing at some time in the range (members of `organization_ids` only when given). One query."""
    posts = ServicePost.objects.filter(
        Q(established_on__isnull=True) | Q(established_on__lte=end),
        Q(ended_on__isnull=True) | Q(ended_on__gte=start),
        is_model_post=True,
        model_year__gte=start.year,
        model_year__lte=end.year,
    )
    if organization_ids is not None:
        posts = posts.filter(member__organization_id__in=list(organization_ids))
    return dict.fromkeys(posts.values_list("member_id", flat=True).distinct(), 1)


def service_posts_account(scope: OrgScope, year: int) -> dict[str, int]:
    """`posts`: posts existing at the year's end; `model_posts`: those named 示范岗 for the year."""
    row = (
        ServicePost.objects.filter(scope.q("organization"))
        .existing_on(date(year, 12, 31))
        .aggregate(posts=Count("pk"), model_posts=Count("pk", filter=Q(is_model_post=True, model_year=year)))
    )
    return {key: int(value or 0) for key, value in row.items()}


def feedback_account(scope: OrgScope, year: int) -> dict[str, int]:
    """Public feedback left in the year, by kind (`complaints` holds 投诉/意见)."""
    tz = timezone.get_current_timezone()
    start, end = datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)
    row = Feedback.objects.filter(
        scope.q("post__organization"), created_at__gte=start, created_at__lt=end
    ).aggregate(
        praise=Count("pk", filter=Q(kind=FeedbackKind.PRAISE)),
        complaints=Count("pk", filter=Q(kind=FeedbackKind.COMPLAINT)),
    )
    return {key: int(value or 0) for key, value in row.items()}


def posts_account(scope: OrgScope, year: int) -> dict:
    """The account's two blocks of this area (CONTRACT.md `service_posts`, `feedback`)."""
    return {"service_posts": service_posts_account(scope, year), "feedback": feedback_account(scope, year)}
