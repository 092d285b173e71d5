from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .models import ADMIN_ROLES, Role

# (label, url name, roles allowed or None for everyone logged in)
_NAV = [
    (_("首页"), "home", None),
    (_("我的任务"), "ledger:my_tasks", (Role.SECRETARY,)),
    (_("台账计划"), "ledger:plan_list", (Role.COMMITTEE_STAFF, Role.REPORTING)),
    (_("审核"), "ledger:review_queue", (Role.COMMITTEE_STAFF,)),
    (_("汇总"), "ledger:summary", (Role.COMMITTEE_STAFF, Role.REPORTING, Role.SECRETARY)),
    (_("逾期与通报"), "ledger:overdue_list", (Role.COMMITTEE_STAFF,)),
    (_("季度关账"), "ledger:period_list", (Role.COMMITTEE_STAFF,)),
    (_("台账导入"), "ledger_imports:list", (Role.COMMITTEE_STAFF,)),
    (_("党组织"), "organization_list", (Role.COMMITTEE_STAFF, Role.REPORTING, Role.SECRETARY)),
    (_("党员"), "member_list", (Role.COMMITTEE_STAFF, Role.REPORTING, Role.SECRETARY)),
]


def navigation(request):
    """The menu for the user's role; entries whose page does not exist yet are left out."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, url_name, roles in _NAV:
        if roles is not None and not user.is_superuser and user.role not in roles:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "active": request.path == url})
    show_admin = user.is_staff and (user.is_superuser or user.role in (Role.COMMITTEE_STAFF, *ADMIN_ROLES))
    return {"nav_items": items, "show_admin_link": show_admin}
