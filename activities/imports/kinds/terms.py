"""secretary_term: 党组织, 姓名, 职务, 任职时间, *离任时间*, *批复文号* — key: 党组织, 姓名, 职务, 任职时间.

The person is linked to the roster when their name (and 身份证号, if given) finds one member in the
org or below; a former secretary no longer on the roll is kept by name. A blank optional cell leaves
what is recorded (a term ended by a later approval keeps its end).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import SecretaryTerm
from accounts.names import name_key
from accounts.services.people import secretary_term_create, secretary_term_update

from ..registry import NEW, UNCHANGED, UPDATED, ColumnSpec, RecordKind, register
from .common import ORGANIZATION, ROLES, changed, day


def parse(r) -> dict:
    org = r.organization("organization")
    name, member = r.member("person", org, required=False)
    values = {
        "organization": org,
        "person_name": name,
        "member": member,
        "role": r.choice("role", ROLES),
        "started_on": r.date("started_on"),
        "ended_on": r.date("ended_on", required=False),
        "approval_document": r.text("approval_document", required=False, max_length=100),
    }
    if values["started_on"] and values["ended_on"] and values["ended_on"] < values["started_on"]:
        r.problem("ended_on", _("离任时间早于任职时间，请核对"))
    return values


def key(v: dict) -> tuple:
    return (v["organization"].pk, name_key(v["person_name"]), v["role"], v["started_on"])


def find(v: dict) -> SecretaryTerm | None:
    same_person = Q(person_name=v["person_name"])
    if v["member"] is not None:
        same_person |= Q(member=v["member"])
    return (
        SecretaryTerm.objects.filter(
            organization=v["organization"], role=v["role"], started_on=v["started_on"]
        )
        .filter(same_person)
        .order_by("pk")
        .first()
    )


def write(v: dict, actor) -> str:
    term = find(v)
    optional = {k: v[k] for k in ("ended_on", "approval_document") if v[k]}
    if term is None:
        secretary_term_create(
            actor=actor,
            organization=v["organization"],
            person_name=v["person_name"],
            member=v["member"],
            role=v["role"],
            started_on=v["started_on"],
            **optional,
        )
        return NEW
    if v["member"] is not None and term.member_id is None:
        optional["member"] = v["member"]
    changes = changed(term, optional)
    if not changes:
        return UNCHANGED
    secretary_term_update(actor=actor, term=term, **changes)
    return UPDATED


def describe(v: dict) -> str:
    role = "书记" if v["role"] == "secretary" else "副书记"
    end = f"—{day(v['ended_on'])}" if v["ended_on"] else ""
    return f"{v['organization'].name} {role} {v['person_name']}（{day(v['started_on'])}{end}）"


register(
    RecordKind(
        name="secretary_term",
        label=_("书记任职"),
        model=SecretaryTerm,
        columns=(
            ORGANIZATION,
            ColumnSpec("person", "姓名", ("书记姓名", "任职人")),
            ColumnSpec("role", "职务", ("任职职务",), hint=_("书记 或 副书记")),
            ColumnSpec("started_on", "任职时间", ("任职日期", "任职起始时间", "任职起始日期")),
            ColumnSpec("ended_on", "离任时间", ("离任日期", "任职终止时间"), required=False),
            ColumnSpec("approval_document", "批复文号", ("文号",), required=False),
        ),
        parse=parse,
        key=key,
        key_columns=("organization", "person", "role", "started_on"),
        write=write,
        describe=describe,
        takes_id_number=True,
        order=lambda v: v["started_on"],
        permission="accounts.add_secretaryterm",
        field_columns={
            "organization": "organization",
            "person_name": "person",
            "member": "person",
            "role": "role",
            "started_on": "started_on",
            "ended_on": "ended_on",
            "approval_document": "approval_document",
        },
        list_url_name="activities:talks_due",
    )
)
