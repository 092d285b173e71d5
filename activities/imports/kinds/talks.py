"""appointment_talk: 谈话日期, 党组织, 书记, 谈话人, *履职表态* — key: 党组织, 书记, 谈话日期.

The talk belongs to the person's term in that org that had begun by the talk's date (the latest
such term); a term has one talk, so a row with another date for the same term corrects it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import SecretaryTerm
from accounts.names import name_key
from activities.models import AppointmentTalk
from activities.services import appointment_talk_create, appointment_talk_update

from ..registry import NEW, UNCHANGED, UPDATED, ColumnSpec, RecordKind, register
from .common import ORGANIZATION, changed, day


def _terms_of(r, org) -> list[SecretaryTerm]:
    return r.context.cached(
        ("terms", org.pk),
        lambda: list(
            SecretaryTerm.objects.filter(organization=org).select_related("member").order_by("-started_on")
        ),
    )


def parse(r) -> dict:
    org = r.organization("organization")
    name = r.text("secretary")
    talked_on = r.date("talked_on")
    values = {
        "organization": org,
        "name": name,
        "talked_on": talked_on,
        "talked_by": r.text("talked_by", max_length=200),
        "pledge": r.text("pledge", required=False),
        "term": None,
    }
    if org is None or not name or talked_on is None:
        return values
    digest = r.id_number_digest()
    terms = [
        t
        for t in _terms_of(r, org)
        if name_key(t.person_name) == name_key(name)
        and (digest is None or (t.member is not None and t.member.id_number_hash == digest))
    ]
    begun = [t for t in terms if t.started_on <= talked_on]
    if begun:
        values["term"] = begun[0]
    elif terms:
        r.problem(
            "talked_on",
            _("谈话日期早于%(name)s的任职时间（%(start)s）；请核对谈话日期")
            % {"name": name, "start": day(terms[-1].started_on)},
        )
    else:
        r.problem(
            "secretary",
            _("“%(org)s”没有%(name)s的书记任职记录；请先导入任职（secretary_term）或审批前考察（vetting）")
            % {"org": org.name, "name": name},
        )
    return values


def key(v: dict) -> tuple:
    return (v["organization"].pk, name_key(v["name"]), v["talked_on"])


def write(v: dict, actor) -> str:
    fields = {"talked_on": v["talked_on"], "talked_by": v["talked_by"]}
    if v["pledge"]:
        fields["pledge"] = v["pledge"]
    talk = AppointmentTalk.objects.filter(term=v["term"]).first()
    if talk is None:
        appointment_talk_create(actor=actor, term=v["term"], **fields)
        return NEW
    if changes := changed(talk, fields):
        appointment_talk_update(actor=actor, talk=talk, **changes)
        return UPDATED
    return UNCHANGED


def describe(v: dict) -> str:
    return f"{day(v['talked_on'])} {v['organization'].name} {v['name']}（谈话人：{v['talked_by']}）"


register(
    RecordKind(
        name="appointment_talk",
        label=gettext_lazy("任职谈话"),
        model=AppointmentTalk,
        columns=(
            ColumnSpec("talked_on", "谈话日期", ("谈话时间",)),
            ORGANIZATION,
            ColumnSpec("secretary", "书记", ("书记姓名", "谈话对象", "姓名")),
            ColumnSpec("talked_by", "谈话人", ("谈话领导",), hint=gettext_lazy("多人以“、”分隔")),
            ColumnSpec("pledge", "履职表态", ("表态",), required=False),
        ),
        parse=parse,
        key=key,
        key_columns=("organization", "secretary", "talked_on"),
        write=write,
        describe=describe,
        takes_id_number=True,
        order=lambda v: v["talked_on"],
        permission="activities.add_appointmenttalk",
        field_columns={
            "talked_on": "talked_on",
            "talked_by": "talked_by",
            "pledge": "pledge",
            "term": "secretary",
        },
        list_url_name="activities:talk_list",
    )
)
