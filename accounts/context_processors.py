from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from . import authz
from .models import Notification

# Menu entries: (label, url name, the permission that shows it or None for everyone, menu group or None).
_NAV = [
    (_("首页"), "home", None, None),
    (_("我的任务"), "ledger:my_tasks", "ledger.submit_own_tasks", None),
    (_("审核"), "ledger:review_queue", "ledger.review_record", None),
    (_("台账计划"), "ledger:plan_list", "ledger.view_plan_progress", _("台账")),
    (_("汇总"), "ledger:summary", "ledger.view_summary", _("台账")),
    (_("逾期与通报"), "ledger:overdue_list", "ledger.view_overdue", _("台账")),
    (_("季度关账"), "ledger:period_list", "ledger.close_period", _("台账")),
    (_("台账导入"), "ledger_imports:list", "ledger.add_ledgerimport", _("台账")),
    (_("审批前考察"), "activities:vetting_list", "activities.view_vetting", _("六项制度")),
    (_("谈话待办"), "activities:talks_due", "activities.add_appointmenttalk", _("六项制度")),
    (_("任职谈话"), "activities:talk_list", "activities.view_appointmenttalk", _("六项制度")),
    (_("通报与通知"), "bulletins:bulletin_list", "activities.view_bulletin", _("六项制度")),
    (_("提醒约谈"), "bulletins:talk_list", "activities.add_remindertalk", _("六项制度")),
    (_("逾期整改事项"), "bulletins:rectification_list", "activities.close_rectification", _("六项制度")),
    (_("我的整改事项"), "bulletins:my_rectifications", "activities.report_rectification", _("六项制度")),
    (_("述职评议"), "scoring:session_list", "activities.change_debriefsession", _("六项制度")),
    (_("实绩档案"), "archives:archive_list", "activities.list_archive", _("六项制度")),
    (_("我的评分"), "scoring:my_rounds", "activities.view_scoringround", _("六项制度")),
    (_("服务监督岗"), "posts:post_list", "activities.view_servicepost", _("五个载体")),
    (_("群众评价"), "posts:feedback_list", "activities.view_feedback", _("五个载体")),
    (_("党员服务日"), "days:service_day_list", "activities.view_serviceday", _("五个载体")),
    (_("服务日开展情况"), "days:service_day_grid", "activities.count_serviceday", _("五个载体")),
    (_("主题讲坛"), "forums:forum_list", "activities.view_forum", _("五个载体")),
    (_("讲坛季度情况"), "forums:forum_grid", "activities.view_forumgrid", _("五个载体")),
    (_("评选（双十佳等）"), "forums:selection_list", "activities.view_selection", _("五个载体")),
    (_("帮扶户"), "pairing:household_list", "activities.view_household", _("五个载体")),
    (_("结对帮扶"), "pairing:pairing_list", "activities.view_pairing", _("五个载体")),
    (_("走访记录"), "pairing:visit_list", "activities.view_visit", _("五个载体")),
    (_("扶贫结对汇总"), "pairing:totals", "activities.count_pairing", _("五个载体")),
    (_("三会一课"), "meetings:meeting_list", "activities.view_meeting", _("组织生活")),
    (_("三会一课检查"), "meetings:meeting_check", "activities.view_meeting", _("组织生活")),
    (_("三会一课免查"), "meetings:exemption_list", "activities.add_meetingexemption", _("组织生活")),
    (_("学习培训"), "brands:training_list", "activities.view_training", _("组织生活")),
    (_("党建品牌"), "brands:brand_list", "activities.view_brand", _("组织生活")),
    (_("志愿服务"), "brands:team_tree", "activities.view_volunteerteam", _("组织生活")),
    (_("信息报送"), "brands:info_list", "activities.view_infopiece", _("组织生活")),
    (_("我的积分"), "points:my_points", "assessments.view_memberpoints", _("考核与积分")),
    (_("考核结果"), "scheme:my_results", "assessments.view_assessmentresult", _("考核与积分")),
    (_("考核计算与发布"), "scheme:run_list", "assessments.view_assessmentrun", _("考核与积分")),
    (_("考核看板"), "scheme:dashboard", "assessments.view_assessmentrun", _("考核与积分")),
    (_("考核办法"), "scheme:scheme", "assessments.view_scheme", _("考核与积分")),
    (_("积分排名"), "points:ranking", "assessments.view_pointranking", _("考核与积分")),
    (_("加减分记录"), "points:manual_list", "assessments.add_manualpoint", _("考核与积分")),
    (_("积分方案"), "points:scheme_list", "assessments.view_pointscheme", _("考核与积分")),
    (_("年度总账"), "assessments:annual_account_latest", "assessments.view_annualaccount", _("考核与积分")),
    (_("党组织"), "organization_list", "accounts.view_organization", _("组织与党员")),
    (_("党员"), "member_list", "accounts.view_roster", _("组织与党员")),
    (_("审计日志"), "audit:event_list", "audit.view_auditevent", _("审计")),
    (_("后台操作记录"), "audit:admin_log", "admin.view_logentry", _("审计")),
]


def navigation(request):
    """The menu: every entry the permission matrix lets this user open, grouped as on the page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items: list[dict] = []
    groups: dict[str, dict] = {}
    for label, url_name, permission, group in _NAV:
        if permission is not None and not authz.may(user, permission):
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
    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return {
        "nav_items": items,
        "show_admin_link": authz.uses_admin_site(user),
        "show_my_exports": authz.may(user, "accounts.view_exportjob"),
        "unread_notifications": unread,
        "role_labels": authz.role_labels(user),
    }
