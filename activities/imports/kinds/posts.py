"""service_post: 党组织, 党员, 岗位名称, *服务承诺*, *监督电话*, *示范岗* (是/否), *设岗时间*
— key: 党组织, 党员, 岗位名称.

The member must be on the roster of the org or below (the 身份证号 column decides between namesakes).
示范岗 takes 是/否 or the year it was named (“2019”, “2019年”); 是 names the year of 设岗时间, or the
optional 示范岗年度 column when the file has one. A re-import updates the post; the same file twice
changes nothing. Posts are written through activities.services.posts.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import ServicePost
from activities.services.posts import service_post_create, service_post_update

from ..registry import NEW, UNCHANGED, UPDATED, ColumnSpec, RecordKind, register
from .common import ORGANIZATION, changed, day

YES = {"是", "有", "√", "示范岗"}
NO = {"否", "无", ""}
YEAR = re.compile(r"^(\d{4})年?(示范岗)?$")


def _model(r, established_on) -> tuple[bool, int | None]:
    text = r.text("is_model_post", required=False).replace(" ", "")
    year_text = r.text("model_year", required=False).replace(" ", "").removesuffix("年")
    if text in NO:
        if year_text:
            r.problem("is_model_post", _("填写了示范岗年度，“示范岗”应为“是”；请核对"))
        return False, None
    if match := YEAR.match(text):
        return True, int(match.group(1))
    if text not in YES:
        r.problem(
            "is_model_post",
            _("“%(value)s”不是可选的值；请填写：是、否 或命名年度（如2019）") % {"value": text},
        )
        return False, None
    if year_text.isdigit() and 2000 <= int(year_text) <= 2100:
        return True, int(year_text)
    if year_text:
        r.problem("model_year", _("示范岗年度应为四位年份，如2019"))
        return False, None
    if established_on is None:
        r.problem("is_model_post", _("示范岗请注明命名年度（如“2019”），或填写设岗时间"))
        return False, None
    return True, established_on.year


def parse(r) -> dict:
    org = r.organization("organization")
    _name, member = r.member("member", org)
    established_on = r.date("established_on", required=False)
    is_model_post, model_year = _model(r, established_on)
    return {
        "organization": org,
        "member": member,
        "title": r.text("title", max_length=100),
        "pledge": r.text("pledge", required=False),
        "phone": r.text("phone", required=False, max_length=40),
        "is_model_post": is_model_post,
        "model_year": model_year,
        "established_on": established_on,
    }


def key(v: dict) -> tuple:
    return (v["organization"].pk, v["member"].pk, v["title"])


_FIELDS = ("pledge", "phone", "is_model_post", "model_year", "established_on")


def write(v: dict, actor) -> str:
    fields = {k: v[k] for k in _FIELDS}
    post = ServicePost.objects.filter(
        organization=v["organization"], member=v["member"], title=v["title"]
    ).first()
    if post is None:
        service_post_create(
            actor=actor, organization=v["organization"], member=v["member"], title=v["title"], **fields
        )
        return NEW
    if changes := changed(post, fields):
        service_post_update(actor=actor, post=post, **changes)
        return UPDATED
    return UNCHANGED


def describe(v: dict) -> str:
    model = _("，%(y)s年示范岗") % {"y": v["model_year"]} if v["is_model_post"] else ""
    since = _("，%(d)s设岗") % {"d": day(v["established_on"])} if v["established_on"] else ""
    return f"{v['organization'].name} {v['member'].name}：{v['title']}{model}{since}"


register(
    RecordKind(
        name="service_post",
        label=gettext_lazy("服务监督岗"),
        model=ServicePost,
        columns=(
            ORGANIZATION,
            ColumnSpec("member", "党员", ("党员姓名", "姓名", "岗位人员")),
            ColumnSpec("title", "岗位名称", ("岗位", "服务岗位", "监督岗")),
            ColumnSpec("pledge", "服务承诺", ("承诺", "承诺内容"), required=False),
            ColumnSpec("phone", "监督电话", ("联系电话", "电话"), required=False),
            ColumnSpec(
                "is_model_post",
                "示范岗",
                ("是否示范岗",),
                required=False,
                hint=gettext_lazy("是、否 或命名年度（如2019）"),
            ),
            ColumnSpec("established_on", "设岗时间", ("设岗日期", "设立时间"), required=False),
            ColumnSpec(
                "model_year",
                "示范岗年度",
                ("命名年度",),
                required=False,
                hint=gettext_lazy("不填则为设岗时间所在年度"),
            ),
        ),
        parse=parse,
        key=key,
        key_columns=("organization", "member", "title"),
        write=write,
        describe=describe,
        takes_id_number=True,
        permission="activities.add_servicepost",
        field_columns={
            "organization": "organization",
            "member": "member",
            "title": "title",
            "pledge": "pledge",
            "phone": "phone",
            "is_model_post": "is_model_post",
            "model_year": "is_model_post",
            "established_on": "established_on",
        },
        list_url_name="posts:post_list",
    )
)
