"""selection: 年度, 评选, 类别, 名称, 推荐党组织, 阶段 (推荐/入选/表彰), *得分* — key: 年度, 评选, 名称.

A selection is (年度, 评选): the first row of one not yet recorded makes it (its kind from the name,
CONTRACT.md: 主题讲坛 → forum speakers, 双十佳 → double top ten); a 类别 not yet there is added. Each row
nominates its candidate through candidate_nominate at the stage the file gives (the furthest reached),
with its 得分; a name found once on the org's roll is linked to that member. A re-import changes nothing.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.names import name_key
from activities.models import Candidate, CandidateStage, Selection
from activities.services.selections import (
    candidate_nominate,
    candidate_set_stage,
    candidate_update,
    selection_category_add,
    selection_create,
)

from ..registry import NEW, UNCHANGED, UPDATED, ColumnSpec, RecordKind, register

STAGES = {str(label): code for code, label in CandidateStage.choices}
MAX_SCORE = Decimal("99999.99")


def _year(r) -> int | None:
    text = r.text("year")
    digits = text.replace(" ", "").removesuffix("年度").removesuffix("年")
    if not text:
        return None
    if not digits.isdigit() or not 2000 <= int(digits) <= 2100:
        r.problem("year", _("“%(value)s”不是年度；请填写四位年份，如 2019") % {"value": text})
        return None
    return int(digits)


def _score(r) -> Decimal | None:
    text = r.text("score", required=False)
    if not text:
        return None
    try:
        score = Decimal(text.removesuffix("分")).quantize(Decimal("0.01"))
    except InvalidOperation:
        score = Decimal(-1)
    if not Decimal(0) <= score <= MAX_SCORE:
        r.problem("score", _("“%(value)s”不是得分；请填写不小于0的数，如 92.5") % {"value": text})
        return None
    return score


def parse(r) -> dict:
    org = r.organization("organization")
    name = r.text("name", max_length=100)
    member = None
    if org is not None and name:
        same = [m for m in r.context.members_under(org) if name_key(m.name) == name_key(name)]
        member = same[0] if len(same) == 1 else None
    return {
        "year": _year(r),
        "selection": r.text("selection", max_length=200),
        "category": r.text("category", required=False, max_length=50),
        "name": name,
        "organization": org,
        "member": member,
        "stage": r.choice("stage", STAGES),
        "score": _score(r),
    }


def key(v: dict) -> tuple:
    return (v["year"], name_key(v["selection"]), name_key(v["name"]))


def _selection(v: dict, actor) -> Selection:
    selection = Selection.objects.filter(year=v["year"], name=v["selection"]).first()
    if selection is None:
        selection = selection_create(actor=actor, year=v["year"], name=v["selection"])
    return selection


def write(v: dict, actor) -> str:
    selection = _selection(v, actor)
    category = (
        selection_category_add(actor=actor, selection=selection, name=v["category"])
        if v["category"]
        else None
    )
    candidate = Candidate.objects.filter(selection=selection, name=v["name"]).first()
    if candidate is None:
        candidate_nominate(
            actor=actor,
            selection=selection,
            organization=v["organization"],
            name=v["name"],
            category=category,
            member=v["member"],
            stage=v["stage"],
            score=v["score"],
        )
        return NEW
    changes = {}
    if candidate.category_id != (category.pk if category else None):
        changes["category"] = category
    if candidate.organization_id != v["organization"].pk:
        changes["organization"] = v["organization"]
    if v["score"] is not None and candidate.score != v["score"]:
        changes["score"] = v["score"]
    if not changes and candidate.stage == v["stage"]:
        return UNCHANGED
    if changes:
        candidate_update(actor=actor, candidate=candidate, **changes)
    candidate_set_stage(actor=actor, candidate=candidate, stage=v["stage"])
    return UPDATED


def describe(v: dict) -> str:
    stage = CandidateStage(v["stage"]).label if v["stage"] else ""
    category = f"（{v['category']}）" if v["category"] else ""
    score = _("，得分%(score)s") % {"score": v["score"]} if v["score"] is not None else ""
    return f"{v['year']}年度{v['selection']}{category} {v['name']}（{v['organization'].name}）{stage}{score}"


register(
    RecordKind(
        name="selection",
        label=gettext_lazy("评选"),
        model=Candidate,
        columns=(
            ColumnSpec("year", "年度", ("评选年度", "年份")),
            ColumnSpec(
                "selection", "评选", ("评选名称", "评选活动"), hint=gettext_lazy("如：2019年双十佳评选")
            ),
            ColumnSpec("category", "类别", ("评选类别",), required=False),
            ColumnSpec("name", "名称", ("人选", "姓名", "科室窗口", "人选名称")),
            ColumnSpec(
                "organization",
                "推荐党组织",
                ("推荐单位", "党组织", "所在党组织"),
                hint=gettext_lazy("全称、简称、别名或单位名称"),
            ),
            ColumnSpec("stage", "阶段", ("评选结果", "结果"), hint=gettext_lazy("推荐、入选 或 表彰")),
            ColumnSpec("score", "得分", ("评分", "分数"), required=False),
        ),
        parse=parse,
        key=key,
        key_columns=("year", "selection", "name"),
        write=write,
        describe=describe,
        takes_id_number=False,
        order=lambda v: (v["year"], v["selection"]),
        permission="activities.add_selection",
        field_columns={
            "year": "year",
            "name": "name",
            "kind": "selection",
            "category": "category",
            "organization": "organization",
            "member": "name",
            "stage": "stage",
            "score": "score",
        },
        list_url_name="forums:selection_list",
    )
)
