"""Portal pages of 服务监督岗 (namespace `posts`): posts (list, detail, form), what the public left (list,
counts, answer), plates to print, and the public page a plate's QR code opens (no account).

The public page is a plain Django form: its CSRF token comes from the page itself; submissions are
counted per client address (django-ratelimit's counter, PARTYBUILD_FEEDBACK_RATE) and the one over the
limit gets a Chinese 429 page; a filled honeypot is dropped silently; nothing anybody else left is shown.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_ratelimit.core import get_usage

from accounts import authz
from accounts.decorators import permission_required
from accounts.exports.services import export_respond
from ledger.views.common import paginate, query_without_page, xlsx_response
from partybuild.client_address import client_address
from partybuild.exceptions import DomainError

from ..exports_posts import FEEDBACK_COUNTS
from ..forms.posts import (
    FeedbackAnswerForm,
    FeedbackFilterForm,
    PublicFeedbackForm,
    ServicePostFilterForm,
    ServicePostForm,
)
from ..forms.vetting import member_named
from ..models import FeedbackState, ServicePost
from ..selectors import posts as selectors
from ..services import posts as services
from .common import show_error

FEEDBACK_RATE_GROUP = "activities.posts.feedback"
PLATES_PER_PAGE = 48


# --------------------------------------------------------------------------- QR codes and public URLs


def public_url(request: HttpRequest, post: ServicePost) -> str:
    """The address a plate's QR code holds: PARTYBUILD_PUBLIC_URL when the public reach the portal by
    another name than staff do, else the address of this request."""
    path = reverse("posts:public_feedback", kwargs={"code": post.public_code})
    base = getattr(settings, "PARTYBUILD_PUBLIC_URL", "")
    return f"{base.rstrip('/')}{path}" if base else request.build_absolute_uri(path)


def qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG (sized by the stylesheet), drawn once (services.qr_svg_of)."""
    return mark_safe(services.qr_svg_of(url))  # noqa: S308 - segno's drawing of our own URL, no user text in it


# --------------------------------------------------------------------------- posts


@permission_required("activities.view_servicepost")
def post_list(request: HttpRequest) -> HttpResponse:
    form = ServicePostFilterForm(request.GET or None, user=request.user)
    rows = selectors.service_posts_visible_to(request.user)
    active = "active"
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            rows = rows.filter(
                Q(title__icontains=q)
                | Q(member__name__icontains=q)
                | Q(organization__name__icontains=q)
                | Q(organization__short_name__icontains=q)
            )
        if data["org"]:
            rows = rows.filter(organization__path__startswith=data["org"].path)
        if data["model"]:
            rows = rows.filter(is_model_post=data["model"] == "yes")
        active = data["active"] or "active"
    if active != "all":
        rows = rows.filter(active=active == "active")
    page = paginate(request, rows.order_by("organization__path", "title", "member__name", "pk"))
    return render(
        request,
        "activities/posts/post_list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "may_add": authz.may(request.user, "activities.add_servicepost"),
            "may_print": authz.may(request.user, "activities.print_servicepost"),
            "may_feedback": authz.may(request.user, "activities.view_feedback"),
        },
    )


def _post(request: HttpRequest, pk: int) -> ServicePost:
    return get_object_or_404(selectors.service_posts_visible_to(request.user), pk=pk)


@permission_required("activities.view_servicepost")
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    may_feedback = authz.may(request.user, "activities.view_feedback", post)
    feedback = (
        selectors.feedback_open_first(selectors.feedback_visible_to(request.user).filter(post=post))[:20]
        if may_feedback
        else []
    )
    url = public_url(request, post)
    return render(
        request,
        "activities/posts/post_detail.html",
        {
            "post": post,
            "feedback": feedback,
            "may_feedback": may_feedback,
            "may_edit": authz.may(request.user, "activities.change_servicepost", post),
            "public_url": url,
            "qr": qr_svg(url),
        },
    )


def _post_form_page(request: HttpRequest, post: ServicePost | None) -> HttpResponse:
    initial = ServicePostForm.initial_of(post) if post else {"active": True}
    form = ServicePostForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = member_named(data["organization"], data["member_name"], data["id_number"])
            if post is None:
                post = services.service_post_create(
                    actor=request.user,
                    organization=data["organization"],
                    member=member,
                    **form.service_fields(),
                )
                messages.success(request, _("服务监督岗已设立，可打印岗牌"))
            else:
                services.service_post_update(
                    actor=request.user,
                    post=post,
                    organization=data["organization"],
                    member=member,
                    **form.service_fields(),
                )
                messages.success(request, _("修改已保存"))
            return redirect("posts:post_detail", post.pk)
        except DomainError as error:
            if error.field == "candidate_name":
                error.field = "member_name"
            show_error(form, error)
        except ValidationError as error:
            show_error(form, error)
    status = 400 if request.method == "POST" else 200
    return render(request, "activities/posts/post_form.html", {"form": form, "post": post}, status=status)


@permission_required("activities.add_servicepost")
def post_create(request: HttpRequest) -> HttpResponse:
    return _post_form_page(request, None)


@permission_required("activities.change_servicepost")
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    if not authz.may(request.user, "activities.change_servicepost", post):
        raise Http404
    return _post_form_page(request, post)


@permission_required("activities.print_servicepost")
def post_plates(request: HttpRequest) -> HttpResponse:
    """A4 sheets of plates for one org and the orgs below it (the browser prints them, six a sheet)."""
    form = ServicePostFilterForm(request.GET or None, user=request.user)
    org = form.cleaned_data["org"] if form.is_valid() else None
    plates, page = [], None
    if org is not None:
        page = paginate(request, selectors.plates_of(request.user, org.pk), per_page=PLATES_PER_PAGE)
        for post in page.object_list:
            url = public_url(request, post)
            plates.append({"post": post, "url": url, "qr": qr_svg(url)})
    return render(
        request,
        "activities/posts/plates.html",
        {"form": form, "org": org, "plates": plates, "page": page, "query": query_without_page(request)},
    )


# --------------------------------------------------------------------------- feedback (secretaries, staff)


@permission_required("activities.view_feedback")
def feedback_list(request: HttpRequest) -> HttpResponse:
    """What the public left, open items first; filters by state, kind, org, year and post."""
    form = FeedbackFilterForm(request.GET or None, user=request.user)
    rows = selectors.feedback_list_rows(request.user)
    post = None
    one_state = False
    if form.is_valid():
        data = form.cleaned_data
        if data["state"]:
            rows = rows.filter(state=data["state"])
            one_state = True
        if data["kind"]:
            rows = rows.filter(kind=data["kind"])
        if data["org"]:
            rows = rows.filter(post__organization__path__startswith=data["org"].path)
        if data["year"]:
            rows = rows.filter(selectors._year_q(data["year"]))
    post_id = request.GET.get("post", "")
    if (
        post_id.isdigit() and len(post_id) < 12
    ):  # from a post's page: that post's items (the filters still apply)
        rows = rows.filter(post_id=int(post_id))
        post = selectors.service_posts_visible_to(request.user).filter(pk=int(post_id)).first()
    rows = selectors.feedback_open_first(rows, one_state=one_state)
    if request.GET.get("export") == "xlsx":
        return _feedback_xlsx(rows[: settings.EXPORT_INLINE_MAX_ROWS])
    page = paginate(request, rows)
    return render(
        request,
        "activities/posts/feedback_list.html",
        {"form": form, "page": page, "query": query_without_page(request), "post": post},
    )


def _feedback_xlsx(rows) -> HttpResponse:
    """The filtered list (at most EXPORT_INLINE_MAX_ROWS rows; public text kept as text, never a formula)."""
    return xlsx_response(
        filename="群众评价.xlsx",
        sheet_title=_("群众评价"),
        header=[
            _("党组织"),
            _("岗位"),
            _("党员"),
            _("类型"),
            _("内容"),
            _("联系方式"),
            _("提交时间"),
            _("状态"),
            _("答复"),
        ],
        rows=(
            [
                f.post.organization.name,
                f.post.title,
                f.post.member.name,
                f.get_kind_display(),
                f.text,
                f.contact,
                timezone.localtime(f.created_at).strftime("%Y-%m-%d %H:%M"),
                f.get_state_display(),
                f.answer,
            ]
            for f in rows
        ),
    )


COUNTS_PER_PAGE = 50


@permission_required("activities.view_feedback")
def feedback_counts(request: HttpRequest) -> HttpResponse:
    """Per org, 50 a page: praise, complaints and items still open (one grouped query for the page's
    orgs), the committee's figures (one aggregate); an org's own posts on its drill-down (?org=)."""
    filters = selectors.feedback_counts_filters(request.GET)
    if request.GET.get("export") == "xlsx":
        return export_respond(request, FEEDBACK_COUNTS, {k: v for k, v in filters.items() if v})
    org_id = request.GET.get("org", "")
    if org_id.isdigit() and len(org_id) < 12:
        return _feedback_counts_of_org(request, int(org_id), filters)
    page = paginate(request, selectors.feedback_counts_source(request.user, filters), COUNTS_PER_PAGE)
    page.object_list = selectors.feedback_counts_rows(filters, page.object_list)
    return render(
        request,
        "activities/posts/feedback_counts.html",
        {
            "page": page,
            "rows": page.object_list,
            "totals": selectors.feedback_counts_total(request.user, year=filters["year"]),
            "year": filters["year"] or "",
            "q": filters["q"],
            "sort": filters["sort"],
            "sorts": COUNT_SORT_LABELS,
            "query": query_without_page(request),
            "export_query": _export_query(request),
        },
    )


COUNT_SORT_LABELS = [
    ("", gettext_lazy("按组织顺序")),
    ("open", gettext_lazy("待处理最多")),
    ("complaints", gettext_lazy("投诉最多")),
    ("total", gettext_lazy("评价最多")),
]


def _export_query(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params["export"] = "xlsx"
    return params.urlencode()


def _feedback_counts_of_org(request: HttpRequest, org_id: int, filters: dict) -> HttpResponse:
    """One org's own posts with their figures (50 a page), from the org's row of the counts page."""
    org = get_object_or_404(selectors.feedback_counts_orgs(request.user), pk=org_id)
    posts = selectors.feedback_counts_by_post(request.user, org.pk, year=filters["year"])
    page = paginate(request, posts, COUNTS_PER_PAGE)
    back = request.GET.copy()
    back.pop("org", None)
    back.pop("page", None)
    return render(
        request,
        "activities/posts/feedback_counts_posts.html",
        {
            "org": org,
            "page": page,
            "year": filters["year"] or "",
            "query": query_without_page(request),
            "back_query": back.urlencode(),
        },
    )


@permission_required("activities.answer_feedback")
def feedback_answer(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.feedback_visible_to(request.user), pk=pk)
    if not authz.may(request.user, "activities.answer_feedback", item):
        raise Http404
    form = FeedbackAnswerForm(request.POST or None, initial={"answer": item.answer})
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            if decision == "close":
                services.feedback_close(actor=request.user, feedback=item)
                messages.success(request, _("已办结"))
            else:
                services.feedback_answer(
                    actor=request.user,
                    feedback=item,
                    answer=form.cleaned_data["answer"],
                    close=decision == "answer_close",
                )
                messages.success(request, _("答复已保存") if decision == "answer" else _("已答复并办结"))
            return redirect(f"{reverse('posts:feedback_list')}?post={item.post_id}")
        except DomainError as error:
            show_error(form, error)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "activities/posts/feedback_answer.html",
        {"form": form, "item": item, "closed": item.state == FeedbackState.CLOSED},
        status=status,
    )


# --------------------------------------------------------------------------- the public page (no account)


def _feedback_rate(group: str, request: HttpRequest) -> str:
    return getattr(settings, "PARTYBUILD_FEEDBACK_RATE", "5/10m")


def _rate_key(group: str, request: HttpRequest) -> str:
    return client_address(request) or "unknown"


def _usage(request: HttpRequest, *, increment: bool) -> dict | None:
    return get_usage(
        request,
        group=FEEDBACK_RATE_GROUP,
        key=_rate_key,
        rate=_feedback_rate,
        method="POST",
        increment=increment,
    )


def _over_limit(request: HttpRequest) -> bool:
    usage = _usage(request, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


def _public_post(code: str) -> ServicePost:
    post = selectors.service_post_public(code[:16])
    if post is None:
        raise Http404(_("没有找到这个服务监督岗，请核对岗牌上的二维码"))
    return post


@never_cache
@csrf_protect
def public_feedback(request: HttpRequest, code: str) -> HttpResponse:
    """The page a plate's QR code opens: the post, its pledge and contacts, and a form for praise or a
    complaint. Every submission that would be kept (a honeypot's too) counts against the address."""
    post = _public_post(code)
    form = PublicFeedbackForm(request.POST or None)
    if request.method == "POST":
        if _over_limit(request):
            return render(request, "activities/posts/public_limited.html", {"post": post}, status=429)
        if post.active and form.is_valid():
            _usage(request, increment=True)
            if not form.is_bot:
                try:
                    services.feedback_submit(
                        post=post,
                        kind=form.cleaned_data["kind"],
                        text=form.cleaned_data["text"],
                        contact=form.cleaned_data["contact"],
                    )
                except (DomainError, ValidationError) as error:
                    show_error(form, error)
                    return render(
                        request,
                        "activities/posts/public_feedback.html",
                        {"post": post, "form": form},
                        status=400,
                    )
            return redirect("posts:public_thanks", code=post.public_code)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "activities/posts/public_feedback.html", {"post": post, "form": form}, status=status
    )


@never_cache
def public_thanks(request: HttpRequest, code: str) -> HttpResponse:
    """Thanks, and nothing of what anybody left (not even what this visitor sent)."""
    return render(request, "activities/posts/public_thanks.html", {"post": _public_post(code)})
