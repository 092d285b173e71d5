"""vetting: 考察日期, 党组织, 候选人, 拟任职务, *考察原因*, 考察组成员, 谈话人数, 考察结论, *批复文号*,
*批复日期* — key: 党组织, 候选人, 考察日期.

The candidate must be on the roster of the org or below (a vetting names a member). A row concluded
同意 is approved through activities.services.vetting_conclude, so it makes the secretary term (or
becomes the term a 任职 file already recorded) and ends the predecessor's, exactly as in the portal.
Rows are written in order of their start date, so a later approval ends an earlier one.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from activities.models import Vetting, VettingConclusion, VettingReason
from activities.services import vetting_conclude, vetting_create, vetting_update

from ..registry import NEW, UNCHANGED, UPDATED, ColumnSpec, RecordKind, register
from .common import ORGANIZATION, ROLES, changed, day

REASONS = {str(label): code for code, label in VettingReason.choices}
CONCLUSIONS = {
    "同意": VettingConclusion.APPROVED,
    "不同意": VettingConclusion.REJECTED,
    "暂缓": VettingConclusion.DEFERRED,
}


def parse(r) -> dict:
    org = r.organization("organization")
    _name, candidate = r.member("candidate", org)
    values = {
        "organization": org,
        "candidate": candidate,
        "visited_on": r.date("visited_on"),
        "proposed_role": r.choice("proposed_role", ROLES),
        "reason": r.choice("reason", REASONS, required=False),
        "team_members": r.text("team_members", max_length=300),
        "interviewed_count": r.integer("interviewed_count"),
        "conclusion": r.choice("conclusion", CONCLUSIONS, required=False),
        "approval_document": r.text("approval_document", required=False, max_length=100),
        "approved_on": r.date("approved_on", required=False),
    }
    if values["conclusion"] != VettingConclusion.APPROVED and (
        values["approved_on"] or values["approval_document"]
    ):
        r.problem("conclusion", _("填写了批复文号或批复日期，考察结论应为“同意”；请核对"))
    return values


def key(v: dict) -> tuple:
    return (v["organization"].pk, v["candidate"].pk, v["visited_on"])


_DETAILS = ("proposed_role", "team_members", "interviewed_count")


def write(v: dict, actor) -> str:
    details = {k: v[k] for k in _DETAILS}
    if v["reason"]:
        details["reason"] = v["reason"]
    vetting = Vetting.objects.filter(
        organization=v["organization"], candidate=v["candidate"], visited_on=v["visited_on"]
    ).first()
    action = UNCHANGED
    if vetting is None:
        vetting = vetting_create(
            actor=actor,
            organization=v["organization"],
            candidate=v["candidate"],
            visited_on=v["visited_on"],
            **details,
        )
        action = NEW
    elif changes := changed(vetting, details):
        vetting = vetting_update(actor=actor, vetting=vetting, **changes)
        action = UPDATED
    conclusion = {k: v[k] for k in ("conclusion", "approval_document", "approved_on")}
    if v["conclusion"] and changed(vetting, conclusion):
        vetting_conclude(actor=actor, vetting=vetting, **conclusion)
        action = action if action == NEW else UPDATED
    return action


def describe(v: dict) -> str:
    role = "书记" if v["proposed_role"] == "secretary" else "副书记"
    conclusion = next((label for label, code in CONCLUSIONS.items() if code == v["conclusion"]), "未作结论")
    return f"{day(v['visited_on'])} {v['organization'].name} 拟任{role} {v['candidate'].name}：{conclusion}"


register(
    RecordKind(
        name="vetting",
        label=_("审批前考察"),
        model=Vetting,
        columns=(
            ColumnSpec("visited_on", "考察日期", ("考察时间",)),
            ORGANIZATION,
            ColumnSpec("candidate", "候选人", ("考察对象", "姓名"), hint=_("该党组织或其下级组织的党员")),
            ColumnSpec("proposed_role", "拟任职务", ("拟任", "拟任职位"), hint=_("书记 或 副书记")),
            ColumnSpec("reason", "考察原因", ("原因",), required=False, hint=_("换届、出缺 或 新建")),
            ColumnSpec("team_members", "考察组成员", ("考察组", "考察人员"), hint=_("多人以“、”分隔")),
            ColumnSpec("interviewed_count", "谈话人数", ("个别谈话人数", "谈话人数(人)")),
            ColumnSpec(
                "conclusion", "考察结论", ("结论",), hint=_("同意、不同意 或 暂缓；同意即生成书记任职")
            ),
            ColumnSpec("approval_document", "批复文号", ("文号",), required=False),
            ColumnSpec(
                "approved_on",
                "批复日期",
                ("批复时间",),
                required=False,
                hint=_("任职从此日开始；不填则从考察日期开始"),
            ),
        ),
        parse=parse,
        key=key,
        key_columns=("organization", "candidate", "visited_on"),
        write=write,
        describe=describe,
        takes_id_number=True,
        order=lambda v: (v["approved_on"] or v["visited_on"], v["visited_on"]),
        permission="activities.add_vetting",
        field_columns={
            "organization": "organization",
            "candidate": "candidate",
            "visited_on": "visited_on",
            "proposed_role": "proposed_role",
            "reason": "reason",
            "team_members": "team_members",
            "interviewed_count": "interviewed_count",
            "conclusion": "conclusion",
            "approval_document": "approval_document",
            "approved_on": "approved_on",
        },
        list_url_name="activities:vetting_list",
    )
)
