"""reminder_talk: 约谈日期, 党组织, 书记, 约谈原因, 约谈人, *整改事项*, *整改期限*, *函告*, *函告文号*,
*函告日期*
— key: 党组织, 书记, 约谈日期.

The talk is recorded through activities.services.reminder_talk_create without notifying anyone (it was
held before the portal). 整改事项 holds several items joined by ；, 整改期限 one date for all of them or one
per item (joined by ；). 函告 是 records the letter (函告文号 and 函告日期 then required; 函告对象 defaults to
the unit's 党组). A reason that is not one of the five is kept as 其他 with the text as its detail.
The talk is linked to the secretary's term in that org on the talk's date when there is one.
A re-import updates the talk, adds items it does not have yet and corrects the letter; an item already
recorded (its text) is left as it is — it may have been reported or closed since.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import Letter, ReminderReason, ReminderTalk
from activities.services import (
    letter_create,
    letter_update,
    rectification_add,
    reminder_talk_create,
    reminder_talk_update,
)
from partybuild.legacy_excel import normalize_text, parse_date

from ..registry import NEW, UNCHANGED, UPDATED, ColumnSpec, RecordKind, register
from .common import ORGANIZATION, changed, day, split, term_on

REASONS = {str(label): code for code, label in ReminderReason.choices}
YES_NO = {"是": True, "否": False, "有": True, "无": False}
# normalize_text turns the full-width ；into ;, so both are read alike.
ITEM_SEPARATOR = ";"


def _deadlines(r, count: int, talked_on) -> list:
    text = r.text("deadline", required=False)
    if not count:
        if text:
            r.problem("deadline", _("填写了整改期限，但“整改事项”为空；请填写整改事项"))
        return []
    if not text:
        r.problem("deadline", _("有整改事项，请填写整改期限"))
        return []
    raw = split(text, ITEM_SEPARATOR) if ITEM_SEPARATOR in text else [r.row.get("deadline")]
    if len(raw) not in (1, count):
        r.problem(
            "deadline",
            _("有%(items)s项整改事项，却有%(dates)s个期限；请只填一个（适用于全部），或按事项顺序以“；”分隔")
            % {"items": count, "dates": len(raw)},
        )
        return []
    dates = []
    for value in raw:
        try:
            deadline = parse_date(value)
        except ValueError as exc:
            r.problem("deadline", str(exc))
            return []
        if talked_on and deadline < talked_on:
            r.problem(
                "deadline",
                _("整改期限（%(d)s）早于约谈日期（%(t)s）；请核对")
                % {"d": day(deadline), "t": day(talked_on)},
            )
            return []
        dates.append(deadline)
    return dates * count if len(dates) == 1 else dates


def _letter(r, org, talked_on) -> dict | None:
    text = r.text("letter", required=False)
    flag = r.choice("letter", YES_NO, required=False) if text else False
    number = r.text("letter_number", required=False, max_length=100)
    sent_on = r.date("letter_date", required=False)
    if not flag:
        if number or sent_on:
            r.problem("letter", _("填写了函告文号或函告日期，“函告”应为“是”；请核对"))
        return None
    if not number:
        r.problem("letter_number", _("函告为“是”，请填写函告文号"))
    if not normalize_text(r.row.get("letter_date")):
        r.problem("letter_date", _("函告为“是”，请填写函告日期"))
    if sent_on and talked_on and sent_on < talked_on:
        r.problem("letter_date", _("函告日期早于约谈日期；请核对"))
    addressee = r.text("addressee", required=False, max_length=200)
    if not addressee and org is not None:
        unit = org.unit.name if org.unit_id else org.name
        addressee = _("%(unit)s党组（党委）") % {"unit": unit}
    return {"addressee": addressee, "number": number, "sent_on": sent_on}


def parse(r) -> dict:
    org = r.organization("organization")
    name = r.text("secretary", max_length=50)
    talked_on = r.date("talked_on")
    reason_text = r.text("reason")
    reason = REASONS.get(reason_text.replace(" ", ""), ReminderReason.OTHER) if reason_text else ""
    items = split(r.text("items", required=False), ITEM_SEPARATOR)
    deadlines = _deadlines(r, len(items), talked_on)
    return {
        "organization": org,
        "secretary_name": name,
        "talked_on": talked_on,
        "reason": reason,
        "reason_detail": reason_text if reason == ReminderReason.OTHER and reason_text != "其他" else "",
        "talked_by": r.text("talked_by", max_length=200),
        "items": [{"content": c, "deadline": d} for c, d in zip(items, deadlines, strict=False)],
        "letter": _letter(r, org, talked_on),
        "term": term_on(r, org, name, talked_on),
    }


def key(v: dict) -> tuple:
    return (v["organization"].pk, v["secretary_name"], v["talked_on"])


_TALK = ("reason", "reason_detail", "talked_by", "term")


def write(v: dict, actor) -> str:
    fields = {k: v[k] for k in _TALK}
    talk = ReminderTalk.objects.filter(
        organization=v["organization"], secretary_name=v["secretary_name"], talked_on=v["talked_on"]
    ).first()
    if talk is None:
        talk = reminder_talk_create(
            actor=actor,
            organization=v["organization"],
            secretary_name=v["secretary_name"],
            talked_on=v["talked_on"],
            items=v["items"],
            notify=False,
            **fields,
        )
        action = NEW
    else:
        action = UNCHANGED
        if v["term"] is None:
            fields.pop("term")  # a term linked since stays linked
        if changes := changed(talk, fields):
            reminder_talk_update(actor=actor, talk=talk, **changes)
            action = UPDATED
        recorded = set(talk.rectifications.values_list("content", flat=True))
        missing = [item for item in v["items"] if item["content"] not in recorded]
        if missing:
            for item in missing:
                rectification_add(actor=actor, talk=talk, **item)
            action = UPDATED
    if v["letter"]:
        letter = Letter.objects.filter(talk=talk).first()
        if letter is None:
            letter_create(actor=actor, talk=talk, **v["letter"])
            action = action if action == NEW else UPDATED
        elif changes := changed(letter, v["letter"]):
            letter_update(actor=actor, letter=letter, **changes)
            action = action if action == NEW else UPDATED
    return action


def describe(v: dict) -> str:
    extra = _("，整改事项%(n)s项") % {"n": len(v["items"])} if v["items"] else ""
    if v["letter"]:
        extra += _("，函告%(number)s") % {"number": v["letter"]["number"]}
    reason = next(label for label, code in REASONS.items() if code == v["reason"])
    return f"{day(v['talked_on'])} {v['organization'].name} {v['secretary_name']}（{reason}）{extra}"


register(
    RecordKind(
        name="reminder_talk",
        label=gettext_lazy("提醒约谈"),
        model=ReminderTalk,
        columns=(
            ColumnSpec("talked_on", "约谈日期", ("约谈时间", "谈话日期")),
            ORGANIZATION,
            ColumnSpec("secretary", "书记", ("书记姓名", "约谈对象", "姓名")),
            ColumnSpec(
                "reason",
                "约谈原因",
                ("原因",),
                hint=gettext_lazy(
                    "抓党建不力、履职不到位、党员群众反映较大、整改缓慢 或 其他（其他原因照写）"
                ),
            ),
            ColumnSpec("talked_by", "约谈人", ("约谈领导", "谈话人"), hint=gettext_lazy("多人以“、”分隔")),
            ColumnSpec(
                "items",
                "整改事项",
                ("整改要求", "整改内容"),
                required=False,
                hint=gettext_lazy("多项以“；”分隔"),
            ),
            ColumnSpec(
                "deadline",
                "整改期限",
                ("整改时限", "完成时限"),
                required=False,
                hint=gettext_lazy("一个日期适用于全部事项，或按事项顺序以“；”分隔"),
            ),
            ColumnSpec("letter", "函告", ("是否函告",), required=False, hint=gettext_lazy("是 或 否")),
            ColumnSpec("letter_number", "函告文号", ("函告编号",), required=False),
            ColumnSpec("letter_date", "函告日期", ("函告时间",), required=False),
            ColumnSpec(
                "addressee",
                "函告对象",
                ("函告单位",),
                required=False,
                hint=gettext_lazy("不填则为所在单位党组（党委）"),
            ),
        ),
        parse=parse,
        key=key,
        key_columns=("organization", "secretary", "talked_on"),
        write=write,
        describe=describe,
        takes_id_number=True,
        order=lambda v: v["talked_on"],
        permission="activities.add_remindertalk",
        field_columns={
            "organization": "organization",
            "secretary_name": "secretary",
            "term": "secretary",
            "reason": "reason",
            "reason_detail": "reason",
            "talked_on": "talked_on",
            "talked_by": "talked_by",
            "deadline": "deadline",
            "content": "items",
            "number": "letter_number",
            "sent_on": "letter_date",
            "addressee": "addressee",
        },
        list_url_name="bulletins:talk_list",
    )
)
