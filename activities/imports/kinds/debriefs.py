"""debrief: 年度, 述职日期, 类型 (向工委述职/向党员述职/半年测评), 党组织, 书记, *得分*, *等次*
— key: 年度, 类型, 党组织, 书记.

A session is (年度, 类型): the first row of a session not yet recorded makes it through
activities.services.debrief_session_create (on its 述职日期, the earliest in the file as rows are written by
date, with the first scoring template in use); every row adds its secretary through debrief_add. 得分 and
等次 are the year's result as the legacy file has it, kept in Debrief.recorded_score / recorded_grade
(what lists show while the session has no live scores). The debrief is linked to the secretary's term
in that org on the 述职日期 when there is one. A re-import finds every session and debrief and changes
nothing; a changed 得分/等次 updates the debrief.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.names import name_key
from activities.models import Debrief, DebriefKind, DebriefSession, Grade
from activities.selectors.scoring import templates_in_use
from activities.services import debrief_add, debrief_session_create, debrief_update

from ..registry import NEW, UNCHANGED, UPDATED, ColumnSpec, RecordKind, register
from .common import ORGANIZATION, changed, day, term_on

KINDS = {str(label): code for code, label in DebriefKind.choices}
GRADES = {str(label): code for code, label in Grade.choices}
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
    name = r.text("secretary", max_length=50)
    year, held_on = _year(r), r.date("held_on")
    if year and held_on and held_on.year != year:
        r.problem(
            "held_on",
            _("述职日期（%(day)s）不在 %(year)s 年度内；请核对年度或述职日期")
            % {"day": day(held_on), "year": year},
        )
    return {
        "year": year,
        "held_on": held_on,
        "kind": r.choice("kind", KINDS),
        "organization": org,
        "person_name": name,
        "recorded_score": _score(r),
        "recorded_grade": r.choice("grade", GRADES, required=False),
        "term": term_on(r, org, name, held_on),
    }


def key(v: dict) -> tuple:
    return (v["year"], v["kind"], v["organization"].pk, name_key(v["person_name"]))


def _session(v: dict, actor) -> DebriefSession:
    session = DebriefSession.objects.filter(year=v["year"], kind=v["kind"]).order_by("held_on", "pk").first()
    if session is not None:
        return session
    label = next(label for label, code in KINDS.items() if code == v["kind"])
    return debrief_session_create(
        actor=actor,
        year=v["year"],
        held_on=v["held_on"],
        kind=v["kind"],
        title=_("%(year)s年度%(kind)s") % {"year": v["year"], "kind": label},
        template=templates_in_use().first(),
    )


def write(v: dict, actor) -> str:
    session = _session(v, actor)
    result = {k: v[k] for k in ("recorded_score", "recorded_grade")}
    debrief = next(
        (
            d
            for d in Debrief.objects.filter(session=session, organization=v["organization"])
            if name_key(d.person_name) == name_key(v["person_name"])
        ),
        None,
    )
    if debrief is None:
        debrief_add(
            actor=actor,
            session=session,
            organization=v["organization"],
            person_name=v["person_name"],
            term=v["term"],
            **result,
        )
        return NEW
    if changes := changed(debrief, result):
        debrief_update(actor=actor, debrief=debrief, **changes)
        return UPDATED
    return UNCHANGED


def describe(v: dict) -> str:
    kind = next(label for label, code in KINDS.items() if code == v["kind"])
    result = ""
    if v["recorded_score"] is not None:
        result += _("，得分%(score)s") % {"score": v["recorded_score"]}
    if v["recorded_grade"]:
        result += _("，等次%(grade)s") % {"grade": Grade(v["recorded_grade"]).label}
    return f"{v['year']}年度{kind}（{day(v['held_on'])}）{v['organization'].name} {v['person_name']}{result}"


register(
    RecordKind(
        name="debrief",
        label=gettext_lazy("述职评议"),
        model=Debrief,
        columns=(
            ColumnSpec("year", "年度", ("述职年度", "年份")),
            ColumnSpec("held_on", "述职日期", ("述职时间", "日期")),
            ColumnSpec(
                "kind",
                "类型",
                ("述职类型", "评议类型"),
                hint=gettext_lazy("向工委述职、向党员述职 或 半年测评"),
            ),
            ORGANIZATION,
            ColumnSpec("secretary", "书记", ("书记姓名", "述职人", "姓名")),
            ColumnSpec("score", "得分", ("评议得分", "测评得分", "分数"), required=False),
            ColumnSpec(
                "grade",
                "等次",
                ("评议等次", "测评等次"),
                required=False,
                hint=gettext_lazy("好、较好、一般 或 差"),
            ),
        ),
        parse=parse,
        key=key,
        key_columns=("year", "kind", "organization", "secretary"),
        write=write,
        describe=describe,
        takes_id_number=True,
        order=lambda v: (v["held_on"], v["year"]),
        permission="activities.add_debrief",
        field_columns={
            "year": "year",
            "held_on": "held_on",
            "kind": "kind",
            "organization": "organization",
            "person_name": "secretary",
            "term": "secretary",
            "recorded_score": "score",
            "recorded_grade": "grade",
        },
        list_url_name="scoring:session_list",
    )
)
