"""Reads of 服务监督岗 and their public feedback, already limited to what the user may see; counts are
grouped queries (per post, per org), never a query per row."""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts import authz
from accounts.authz import OrgScope
from accounts.models import Organization

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


# The feedback list shows these columns only: the post's title, its member's and its org's names.
LIST_COLUMNS = (
    "pk",
    "post_id",
    "kind",
    "text",
    "contact",
    "created_at",
    "state",
    "answer",
    "post__id",
    "post__title",
    "post__organization__id",
    "post__organization__name",
    "post__organization__short_name",
    "post__member__id",
    "post__member__name",
)

# 待处理 first, then answered, then closed: the same expression as the index `feedback_open_first`
# (activities/models/posts.py), so the list is read along that index, 50 rows at a time.
STATE_RANK = Case(
    When(state=FeedbackState.OPEN, then=Value(0)),
    When(state=FeedbackState.ANSWERED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def feedback_list_rows(user) -> QuerySet[Feedback]:
    """The feedback list's rows: the columns the list shows (no answerer, no post details)."""
    return (
        Feedback.objects.filter(authz.write_scope(user).q("post__organization"))
        .select_related("post", "post__organization", "post__member")
        .only(*LIST_COLUMNS)
    )


def feedback_open_first(queryset: QuerySet[Feedback], *, one_state: bool = False) -> QuerySet[Feedback]:
    """待处理 first, then answered, then closed; newest first within each. `one_state`: the rows are of
    one state already (a filter), so newest first is the same order, read along `feedback_state_new`."""
    if one_state:
        return queryset.order_by("-created_at", "-pk")
    return queryset.annotate(state_rank=STATE_RANK).order_by("state_rank", "-created_at", "-pk")


def _year_q(year: int | None, field: str = "created_at") -> Q:
    """Left in `year` (local time), as a range the created_at indexes answer (not EXTRACT(year))."""
    if not year:
        return Q()
    tz = timezone.get_current_timezone()
    start, end = datetime(year, 1, 1, tzinfo=tz), datetime(year + 1, 1, 1, tzinfo=tz)
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


# COUNT(kind) (never null), not COUNT(id): the id is not in the covering index `feedback_day_cover`.
FIGURES = {
    "total": Count("kind"),
    "praise": Count("kind", filter=Q(kind=FeedbackKind.PRAISE)),
    "complaints": Count("kind", filter=Q(kind=FeedbackKind.COMPLAINT)),
    "open": Count("kind", filter=Q(state=FeedbackState.OPEN)),
}
# The sorts of the counts page: the figure whose largest values come first (orgs with none of it are
# left out), or "" for tree order (every org of the scope, those with nothing too).
COUNT_SORTS = ("open", "complaints", "total")
_SORT_ONLY = {
    "open": Q(state=FeedbackState.OPEN),
    "complaints": Q(kind=FeedbackKind.COMPLAINT),
    "total": Q(),
}


def feedback_counts_orgs(user, *, q: str = "") -> QuerySet[Organization]:
    """The rows of the counts page in tree order: the orgs of the user's feedback scope (write scope),
    those whose name has `q` when given. A cheap list: the figures come for one page of it."""
    orgs = Organization.objects.filter(authz.write_scope(user).q(""))
    if q:
        orgs = orgs.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    return orgs.only("pk", "name", "short_name", "path").order_by("path")


def feedback_counts_of_orgs(org_ids, *, year: int | None = None) -> dict[int, dict[str, int]]:
    """Org id → its posts' total, praise, complaints and open items (of `year` when given), for the
    orgs of one page: one grouped query over their posts' feedback."""
    rows = (
        Feedback.objects.filter(_year_q(year), post__organization_id__in=list(org_ids))
        .order_by()
        .values("post__organization_id")
        .annotate(**FIGURES)
    )
    return {row.pop("post__organization_id"): row for row in rows}


def feedback_counts_sorted(user, sort: str, *, year: int | None = None, q: str = "") -> list[dict]:
    """Orgs of the user's scope with at least one item of the sort's figure, that figure largest first
    (ties by org id): ONE grouped query over just those items (open ones, complaints…), read whole as
    small {org, n} rows — a page of it and its count need no second pass over the items."""
    rows = Feedback.objects.filter(
        authz.write_scope(user).q("post__organization"), _SORT_ONLY[sort], _year_q(year)
    )
    if q:
        rows = rows.filter(post__organization__in=feedback_counts_orgs(user, q=q).values("pk"))
    grouped = rows.order_by().values(org=F("post__organization_id")).annotate(n=Count("kind"))
    return list(grouped.order_by("-n", "org"))


def feedback_counts_total(user, *, year: int | None = None) -> dict[str, int]:
    """The committee's (the user's scope's) figures, whatever the page's search or sort: one aggregate,
    read from the covering index `feedback_day_cover` alone for the whole committee."""
    rows = Feedback.objects.filter(authz.write_scope(user).q("post__organization"), _year_q(year))
    return {key: value or 0 for key, value in rows.aggregate(**FIGURES).items()}


def feedback_counts_filters(params) -> dict:
    """The counts page's filters from a query string (or an export job's): year, org name, sort."""
    year = str(params.get("year") or "").strip()
    sort = params.get("sort") or ""
    return {
        "year": int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None,
        "q": str(params.get("q") or "").strip()[:50],
        "sort": sort if sort in COUNT_SORTS else "",
    }


def feedback_counts_source(user, filters: dict):
    """The counts page's rows before paging: the scope's orgs in tree order (a queryset of orgs), or
    the orgs with the sort's figure, largest first (a list of {org, n})."""
    if filters["sort"]:
        return feedback_counts_sorted(user, filters["sort"], year=filters["year"], q=filters["q"])
    return feedback_counts_orgs(user, q=filters["q"])


def feedback_counts_rows(filters: dict, source_rows) -> list[dict]:
    """A page (or a chunk of the export) of `feedback_counts_source` as rows {org, total, praise,
    complaints, open}: the orgs' figures in one grouped query (their names in one more when sorted)."""
    if filters["sort"]:
        order = [row["org"] for row in source_rows]
        by_pk = Organization.objects.only("pk", "name", "short_name", "path").in_bulk(order)
        orgs = [by_pk[pk] for pk in order if pk in by_pk]
    else:
        orgs = list(source_rows)
    figures = feedback_counts_of_orgs([org.pk for org in orgs], year=filters["year"])
    empty = dict.fromkeys(FIGURES, 0)
    return [{"org": org, **figures.get(org.pk, empty)} for org in orgs]


def feedback_counts_by_post(user, organization_id: int, *, year: int | None = None):
    """The posts of one org of the user's scope (its own posts, not those below it), each with its
    figures as `f_total`, `f_praise`, `f_complaints`, `f_open` — one grouped query."""
    year_q = _year_q(year, "feedback__created_at")

    def figure(condition: Q | None = None):
        where = year_q & condition if condition is not None else year_q
        return Count("feedback", filter=where) if where else Count("feedback")

    return (
        ServicePost.objects.filter(authz.write_scope(user).q("organization"), organization_id=organization_id)
        .select_related("member")
        .only("pk", "title", "active", "organization_id", "member__id", "member__name")
        .annotate(
            f_total=figure(),
            f_praise=figure(Q(feedback__kind=FeedbackKind.PRAISE)),
            f_complaints=figure(Q(feedback__kind=FeedbackKind.COMPLAINT)),
            f_open=figure(Q(feedback__state=FeedbackState.OPEN)),
        )
        .order_by("-f_open", "-f_complaints", "title", "pk")
    )


def feedback_counts_by_org(user, *, year: int | None = None) -> list[dict]:
    """Per org (of the user's feedback scope): posts' praise, complaints and open items — one grouped
    query, orgs with none left out (the year-end account and the API read it; the page reads a page)."""
    rows = Feedback.objects.filter(authz.write_scope(user).q("post__organization"), _year_q(year))
    return list(
        rows.order_by()
        .values("post__organization", "post__organization__name", "post__organization__path")
        .annotate(**FIGURES)
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
