"""Portal pages for organizations and members, the home page, health and the lockout response."""

from __future__ import annotations

from axes.helpers import get_client_username
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy

from partybuild.pagination import paginate

from . import authz
from .decorators import permission_required
from .exports.members import MEMBERS, members_filtered
from .exports.services import export_respond
from .forms import MemberFilterForm, OrganizationFilterForm
from .identity.lockout import lockout_message
from .models import Member, MemberClass, MemberStatus, OrgKind
from .selectors import (
    members_visible_to,
    organizations_visible_to,
    with_member_counts,
)
from .selectors_moves import organization_moves_context, with_latest_transfer_on_page

PAGE_SIZE = 50


# A spreadsheet runs a cell starting with one of these as a formula (formula injection).
def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _template_exists(name: str) -> bool:
    try:
        select_template([name])
    except TemplateDoesNotExist:
        return False
    return True


# What each admin role comes to do: (label, what it is for, url name, the permission that shows it).
_ADMIN_DUTIES = [
    (
        gettext_lazy("用户账号"),
        gettext_lazy("新建、停用账号，重置密码"),
        "admin:accounts_user_changelist",
        "accounts.view_user",
    ),
    (
        gettext_lazy("角色分配"),
        gettext_lazy("为账号分配或收回角色"),
        "admin:accounts_roleassignment_changelist",
        "accounts.view_roleassignment",
    ),
    (
        gettext_lazy("登录锁定"),
        gettext_lazy("查看并解除因多次输错密码而锁定的账号"),
        "admin:axes_accessattempt_changelist",
        "axes.view_accessattempt",
    ),
    (
        gettext_lazy("重置两步验证"),
        gettext_lazy("手机丢失时，让用户下次登录重新绑定"),
        "identity:otp_reset",
        "identity.reset_otp",
    ),
    (
        gettext_lazy("定时任务"),
        gettext_lazy("逾期提醒等后台任务的执行计划"),
        "admin:django_celery_beat_periodictask_changelist",
        "django_celery_beat.view_periodictask",
    ),
    (
        gettext_lazy("审计日志"),
        gettext_lazy("登录、数据变更、导入导出的记录"),
        "audit:event_list",
        "audit.view_auditevent",
    ),
    (
        gettext_lazy("后台操作记录"),
        gettext_lazy("管理后台里的每一次增删改"),
        "audit:admin_log",
        "admin.view_logentry",
    ),
]


def _admin_duties(user) -> list[dict]:
    duties = []
    for label, description, url_name, permission in _ADMIN_DUTIES:
        if not authz.may(user, permission):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:  # a URL configuration without that app
            continue
        duties.append({"label": label, "description": description, "url": url})
    return duties


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role's own first page: the work it does, nothing it cannot act on.

    Secretaries, committee staff and the reporting client get the ledger's part (loaded from
    ledger:home_cards) and their scope's org and member counts; a party member their own roster
    entry; the reviewer a page that says where review tasks will appear; the admin roles their duties.
    """
    user = request.user
    stats = None
    if authz.has_business_access(user):
        on_roll = Member.objects.filter(authz.business_scope(user).q(), status=MemberStatus.ACTIVE)
        stats = on_roll.aggregate(
            total=Count("pk"),
            **{cls.value: Count("pk", filter=Q(member_class=cls)) for cls in MemberClass},
        )
        stats["orgs"] = organizations_visible_to(user).filter(is_active=True).count()
        stats["classes"] = [(cls.label, stats[cls.value]) for cls in MemberClass]
    own_member = None
    if authz.is_party_member(user) and user.member_id:
        own_member = Member.objects.select_related("organization").filter(pk=user.member_id).first()
    context = {
        "stats": stats,
        "show_roster": authz.may(user, "accounts.view_roster"),
        "show_ledger_cards": stats is not None and _template_exists("ledger/_home_cards.html"),
        "is_member": authz.is_party_member(user),
        "own_member": own_member,
        "is_reviewer": authz.is_reviewer(user),
        "admin_duties": _admin_duties(user),
    }
    return render(request, "accounts/home.html", context)


@permission_required("accounts.view_organization")
def organization_list(request: HttpRequest) -> HttpResponse:
    form = OrganizationFilterForm(request.GET or None)
    orgs = organizations_visible_to(request.user).order_by("path")
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            orgs = orgs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(unit__name__icontains=q))
        if kind := form.cleaned_data["kind"]:
            orgs = orgs.filter(kind=kind)
    page = paginate(request, orgs, PAGE_SIZE)
    page.object_list = with_member_counts(page.object_list)  # counted for this page's orgs only
    # Indent relative to the shallowest org on the page, so a secretary's own org starts at the left.
    top = min((org.depth for org in page), default=1)
    for org in page:
        org.indent = org.depth - top
    context = {"form": form, "page": page, "query": _query_without_page(request)}
    return render(request, "accounts/organization_list.html", context)


CHILDREN_SHOWN = 50


@permission_required("accounts.view_organization")
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(organizations_visible_to(request.user), pk=pk)
    below = organizations_visible_to(request.user).filter(path__startswith=org.path, depth=org.depth + 1)
    # The committee has hundreds of direct children: the first ones here, all of them in the org list.
    children = list(below.order_by("path")[:CHILDREN_SHOWN])
    with_member_counts([org, *children])
    terms = org.secretary_terms.select_related("member").order_by("ended_on", "-started_on")
    members = members_visible_to(request.user).filter(organization=org).order_by("name", "id")
    context = {
        "org": org,
        "children": children,
        "children_count": org.numchild if len(children) == CHILDREN_SHOWN else len(children),
        "terms": terms,
        **organization_moves_context(request.user, org),
        "page": paginate(request, members, PAGE_SIZE),
        "query": _query_without_page(request),
    }
    return render(request, "accounts/organization_detail.html", context)


LOOKUP_LIMIT = 20


@permission_required("accounts.view_organization")
def organization_lookup(request: HttpRequest) -> JsonResponse:
    """The visible orgs matching `q` (name, short name or unit), 20 at a time, for search-as-you-type
    pickers (accounts/widgets.py). `active=1` leaves out deactivated orgs."""
    orgs = organizations_visible_to(request.user).order_by("path")
    if q := request.GET.get("q", "").strip()[:60]:
        orgs = orgs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(unit__name__icontains=q))
    if request.GET.get("active") == "1":
        orgs = orgs.filter(is_active=True)
    rows = list(orgs.values("pk", "name", "short_name", "kind", "depth")[: LOOKUP_LIMIT + 1])
    kinds = dict(OrgKind.choices)
    results = [
        {
            "id": row["pk"],
            "text": row["short_name"] or row["name"],
            "name": row["name"],
            "kind": str(kinds.get(row["kind"], "")),
            "depth": row["depth"],
        }
        for row in rows[:LOOKUP_LIMIT]
    ]
    return JsonResponse({"results": results, "more": len(rows) > LOOKUP_LIMIT})


def _filtered_members(request: HttpRequest) -> tuple[MemberFilterForm, QuerySet[Member]]:
    return members_filtered(request.user, request.GET)


@permission_required("accounts.view_roster")
def member_list(request: HttpRequest) -> HttpResponse:
    form, members = _filtered_members(request)
    context = {
        "form": form,
        "page": with_latest_transfer_on_page(paginate(request, members, PAGE_SIZE)),
        "query": _query_without_page(request),
    }
    return render(request, "accounts/member_list.html", context)


@permission_required("accounts.export_member")
def member_export(request: HttpRequest) -> HttpResponse:
    """The filtered member list as .xlsx: at once when small, else a background job with progress."""
    return export_respond(request, MEMBERS, _filters_of(request))


def _filters_of(request: HttpRequest) -> dict[str, str]:
    return {key: value for key, value in request.GET.items() if value}


def axes_lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: a Chinese message, as JSON for the API and as a page for the portal."""
    username = get_client_username(request, credentials)
    message = lockout_message(username, getattr(request, "axes_ip_address", None))
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=403)
    return render(request, "accounts/locked_out.html", {"message": message}, status=403)


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for docker-compose: the app answers and the database responds."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
