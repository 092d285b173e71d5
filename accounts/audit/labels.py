"""How people read the audit trail: Chinese names for action codes and for the filter's groups."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "login.success": _("登录成功"),
    "login.failure": _("登录失败"),
    "login.lockout": _("账号被锁定"),
    "logout": _("退出登录"),
    "request.denied": _("访问被拒绝"),
    "token.issue": _("签发令牌"),
    "token.revoke": _("吊销令牌"),
    "role.grant": _("授予角色"),
    "role.revoke": _("撤销角色"),
    "object.create": _("新增数据"),
    "object.update": _("修改数据"),
    "object.delete": _("删除数据"),
    "admin.add": _("后台新增"),
    "admin.change": _("后台修改"),
    "admin.delete": _("后台删除"),
    "import.members": _("导入党员"),
    "import.organizations": _("导入党组织"),
    "import.ledger": _("导入台账"),
    "export.members": _("导出党员名册"),
    "export.ledger_summary": _("导出台账汇总"),
    "export.ledger_overdue": _("导出逾期任务"),
    "export.ledger_plan": _("导出年度台账"),
    "export.activities_archives": _("导出实绩档案（年度）"),
    "export.activities_archive": _("导出书记实绩档案"),
    "export.service_day_grid": _("导出党员服务日开展情况"),
    "export.forum_grid": _("导出主题讲坛季度开展情况"),
    "export.admin": _("后台导出"),
    "export.download": _("下载后台导出的文件"),
    "record.review_bulk": _("批量审核台账记录"),
    "assignment.generate": _("生成任务分解"),
    "assignment.redate": _("调整任务分解截止日期"),
    "assignment.merge": _("党组织合并时转移任务分解"),
    "organization.merge": _("合并党组织"),
    "plan.copy": _("复制年度台账为新年度"),
    "export.audit": _("导出审计日志"),
    "audit.checkpoint": _("清理审计日志（检查点）"),
}

# The action filter: each choice matches the code itself and every code under it (login → login.*).
ACTION_GROUPS = [
    ("", _("全部操作")),
    ("login", _("登录（成功、失败、锁定）")),
    ("logout", _("退出登录")),
    ("request.denied", _("访问被拒绝")),
    ("token", _("令牌签发与吊销")),
    ("role", _("角色变更")),
    ("object", _("数据增删改")),
    ("admin", _("管理后台操作")),
    ("record", _("台账审核")),
    ("assignment", _("任务分解")),
    ("organization", _("党组织合并")),
    ("plan", _("年度台账复制")),
    ("import", _("导入")),
    ("export", _("导出")),
    ("audit", _("审计日志清理")),
]


def action_label(code: str) -> str:
    label = ACTION_LABELS.get(code)
    if label is None:
        group = dict(ACTION_GROUPS).get(code.split(".", 1)[0])
        return f"{group}（{code}）" if group else code
    return str(label)


DETAIL_LABELS = {
    "username": _("用户名"),
    "message": _("说明"),
    "reason": _("原因"),
    "method": _("请求方法"),
    "path": _("路径"),
    "status": _("状态码"),
    "file": _("文件"),
    "problems": _("问题数"),
    "accept": _("通过"),
    "ids": _("编号"),
    "comment": _("意见"),
    "tasks": _("任务数"),
    "filters": _("筛选条件"),
    "new": _("新增"),
    "updated": _("更新"),
    "unchanged": _("未变"),
    "year": _("年度"),
    "history_id": _("历史记录编号"),
    "log_entry_id": _("后台日志编号"),
    "through_seq": _("清理至序号"),
    "through_hash": _("检查点哈希"),
    "cutoff": _("清理截止时间"),
    "older_than_days": _("保留天数"),
    "os_user": _("操作系统用户"),
    "source": _("原组织"),
    "target": _("并入组织"),
    "date": _("日期"),
    "source_year": _("原年度"),
    "items": _("工作项目数"),
    "assignments": _("任务分解数"),
    "replaced": _("改由承担的责任组织"),
    "dropped": _("不再列入的责任组织"),
    "members": _("转入党员数"),
    "children": _("移动的下级组织数"),
    "terms_ended": _("终止的书记任职数"),
    "assignments_moved": _("转移的任务分解数"),
    "assignments_dropped": _("删除的重复任务分解数"),
    "assignments_history": _("保留的历史任务分解数"),
}


def _text(value) -> str:
    if isinstance(value, dict):
        return "，".join(f"{key}={item}" for key, item in value.items())
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    return str(value)


def detail_items(detail: dict) -> list[tuple[str, str]]:
    """An event's detail as (Chinese label, text) pairs; unknown keys keep their code."""
    return [(str(DETAIL_LABELS.get(key, key)), _text(value)) for key, value in (detail or {}).items()]
