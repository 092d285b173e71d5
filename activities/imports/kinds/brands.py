"""brand: 年度, 党组织, 品牌名称, *品牌口号*, 状态 (申报/认定/退出)
— key: 年度, 党组织, 品牌名称.

The brand is the org's brand of that name (made on its first row, through
activities.services.brand_apply); its year gets the 状态 of the row (activities.services.brand_review for
认定 and 退出, recorded as decided by whoever imports). A 品牌口号 given updates the brand's. A re-import
finds every brand and year and changes nothing; a changed 状态 updates the year (kept in its history).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import Brand, BrandStatus, BrandYear
from activities.services.brands import brand_apply, brand_review, brand_update

from ..registry import NEW, UNCHANGED, UPDATED, ColumnSpec, RecordKind, register
from .common import ORGANIZATION

STATUSES = {str(label): code for code, label in BrandStatus.choices}
STATUSES.update(
    {"已认定": BrandStatus.RECOGNISED, "已退出": BrandStatus.EXITED, "申请": BrandStatus.SUBMITTED}
)


def _year(r) -> int | None:
    text = r.text("year")
    if not text:
        return None
    digits = text.replace(" ", "").removesuffix("年度").removesuffix("年")
    if not digits.isdigit() or not 2000 <= int(digits) <= 2100:
        r.problem("year", _("“%(value)s”不是年度；请填写四位年份，如 2019") % {"value": text})
        return None
    return int(digits)


def parse(r) -> dict:
    return {
        "year": _year(r),
        "organization": r.organization("organization"),
        "name": r.text("name", max_length=100),
        "slogan": r.text("slogan", required=False, max_length=200),
        "status": r.choice("status", STATUSES),
    }


def key(v: dict) -> tuple:
    return (v["year"], v["organization"].pk, v["name"])


def write(v: dict, actor) -> str:
    brand = Brand.objects.filter(organization=v["organization"], name=v["name"]).first()
    action = UNCHANGED
    if brand is None:
        brand = brand_apply(
            actor=actor, organization=v["organization"], year=v["year"], name=v["name"], slogan=v["slogan"]
        )
        action = NEW
    elif v["slogan"] and brand.slogan != v["slogan"]:
        brand_update(actor=actor, brand=brand, slogan=v["slogan"])
        action = UPDATED
    row = BrandYear.objects.filter(brand=brand, year=v["year"]).first()
    if row is None or row.status != v["status"]:
        brand_review(actor=actor, brand=brand, year=v["year"], status=v["status"], note=_("导入"))
        if action == UNCHANGED:
            action = NEW if row is None else UPDATED
    return action


def describe(v: dict) -> str:
    return f"{v['year']}年度 {v['organization'].name}「{v['name']}」{BrandStatus(v['status']).label}"


register(
    RecordKind(
        name="brand",
        label=gettext_lazy("一支部一品牌"),
        model=Brand,
        columns=(
            ColumnSpec("year", "年度", ("认定年度", "申报年度", "年份")),
            ORGANIZATION,
            ColumnSpec("name", "品牌名称", ("品牌", "党建品牌", "品牌名")),
            ColumnSpec("slogan", "品牌口号", ("口号", "品牌标语", "品牌理念"), required=False),
            ColumnSpec("status", "状态", ("认定状态", "认定情况"), hint=gettext_lazy("申报、认定 或 退出")),
        ),
        parse=parse,
        key=key,
        key_columns=("year", "organization", "name"),
        write=write,
        describe=describe,
        order=lambda v: (v["year"],),
        permission="activities.review_brand",
        field_columns={
            "year": "year",
            "organization": "organization",
            "name": "name",
            "slogan": "slogan",
            "status": "status",
        },
        list_url_name="brands:brand_list",
    )
)
