from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .authz import may_read_audit
from .models import ADMIN_ROLES, Notification, Role

STAFF, SECRETARY, REPORTING = Role.COMMITTEE_STAFF, Role.SECRETARY, Role.REPORTING

# Menu entries: (label, url name, roles allowed — or an authz predicate, or None for everyone with a
# login — and menu group or None).
_NAV = [
    (_("首页"), "home", None, None),
    (_("我的任务"), "ledger:my_tasks", (SECRETARY,), None),
    (_("审核"), "ledger:review_queue", (STAFF,), None),
    (_("台账计划"), "ledger:plan_list", (STAFF, REPORTING), _("台账")),
    (_("汇总"), "ledger:summary", (STAFF, REPORTING, SECRETARY), _("台账")),
    (_("逾期与通报"), "ledger:overdue_list", (STAFF,), _("台账")),
    (_("季度关账"), "ledger:period_list", (STAFF,), _("台账")),
    (_("台账导入"), "ledger_imports:list", (STAFF,), _("台账")),
    (_("党组织"), "organization_list", (STAFF, REPORTING, SECRETARY), _("组织与党员")),
    (_("党员"), "member_list", (STAFF, REPORTING, SECRETARY), _("组织与党员")),
    (_("审计日志"), "audit:event_list", may_read_audit, _("审计")),
    (_("后台操作记录"), "audit:admin_log", may_read_audit, _("审计")),
]


def _allowed(user, roles) -> bool:
    if roles is None:
        return True
    if callable(roles):
        return roles(user)
    return user.is_superuser or user.role in roles


def navigation(request):
    """The menu for the user's role: plain links, and dropdown groups for the ledger and the rosters."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items: list[dict] = []
    groups: dict[str, dict] = {}
    for label, url_name, roles, group in _NAV:
        if not _allowed(user, roles):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:  # a URL configuration without that app (admin-only test set-ups)
            continue
        entry = {"label": label, "url": url, "active": request.path.startswith(url) if url != "/" else False}
        if group is None:
            items.append(entry)
            continue
        if group not in groups:
            groups[group] = {"label": group, "children": [], "active": False}
            items.append(groups[group])
        groups[group]["children"].append(entry)
        groups[group]["active"] |= entry["active"]
    show_admin = user.is_staff and (user.is_superuser or user.role in (STAFF, *ADMIN_ROLES))
    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return {"nav_items": items, "show_admin_link": show_admin, "unread_notifications": unread}
