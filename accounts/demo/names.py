"""Word lists for the demo: the units of a Qingzhen-like city and the people who work in them.

Plain data, no database access. The mixes (ethnicities, education) are rough shares for a county-level
city in Guizhou, enough for charts and filters to look like real life.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from accounts.models import OrgKind

ROOT_NAME = "中共清镇市直属机关工作委员会"
ROOT_SHORT = "市直机关工委"
OFFICES = [
    ("中共清镇市直属机关工作委员会办公室", "工委办公室"),
    ("中共清镇市直属机关工作委员会组织科", "工委组织科"),
]


@dataclass(frozen=True)
class UnitSpec:
    """One government unit and the shape of its party organization."""

    unit: str  # the unit's full name as the Unit row stores it
    short: str  # how ledgers name it: 市税务局, 市委办
    kind: str  # the top org's kind: organ committee, general branch or branch
    nature: str = "行政机关"
    branches: tuple[str, ...] = ()  # sub-branches under an organ committee or general branch
    weight: float = 1.0  # relative size of its membership
    small: bool = False  # part of the small (test) scale
    small_branches: int = 0  # how many of `branches` the small scale keeps


# The first entry becomes sec01: a direct branch with plenty of members and records.
UNITS: list[UnitSpec] = [
    UnitSpec("国家税务总局清镇市税务局", "市税务局", OrgKind.BRANCH, weight=1.5, small=True),
    UnitSpec("清镇市财政局", "市财政局", OrgKind.BRANCH, small=True),
    UnitSpec(
        "中共清镇市委办公室",
        "市委办",
        OrgKind.ORGAN_COMMITTEE,
        nature="党委机关",
        branches=("综合科", "督查室", "机要保密局"),
        small=True,
        small_branches=2,
    ),
    UnitSpec(
        "清镇市人民政府办公室",
        "市政府办",
        OrgKind.ORGAN_COMMITTEE,
        branches=("秘书科", "政务服务中心", "大数据发展中心"),
    ),
    UnitSpec("清镇市人力资源和社会保障局", "市人力资源和社会保障局", OrgKind.BRANCH, small=True),
    UnitSpec(
        "清镇市公安局",
        "市公安局",
        OrgKind.ORGAN_COMMITTEE,
        branches=("机关第一", "机关第二", "交通警察大队", "刑事侦查大队"),
        weight=1.3,
    ),
    UnitSpec(
        "清镇市教育局",
        "市教育局",
        OrgKind.ORGAN_COMMITTEE,
        branches=("机关", "教研室", "离退休"),
    ),
    UnitSpec(
        "清镇市卫生健康局",
        "市卫生健康局",
        OrgKind.GENERAL_BRANCH,
        branches=("机关", "疾病预防控制中心", "卫生健康监督所"),
    ),
    UnitSpec("清镇市自然资源局", "市自然资源局", OrgKind.GENERAL_BRANCH, branches=("机关第一", "机关第二")),
    UnitSpec(
        "清镇市住房和城乡建设局",
        "市住房和城乡建设局",
        OrgKind.GENERAL_BRANCH,
        branches=("机关", "城建监察大队"),
    ),
    UnitSpec("清镇市交通运输局", "市交通运输局", OrgKind.BRANCH),
    UnitSpec("清镇市市场监督管理局", "市市场监管局", OrgKind.BRANCH, weight=1.2),
    UnitSpec("清镇市发展和改革局", "市发展和改革局", OrgKind.BRANCH),
    UnitSpec("清镇市民政局", "市民政局", OrgKind.BRANCH),
    UnitSpec("清镇市司法局", "市司法局", OrgKind.BRANCH),
    UnitSpec("清镇市审计局", "市审计局", OrgKind.BRANCH, weight=0.7),
    UnitSpec("清镇市农业农村局", "市农业农村局", OrgKind.BRANCH),
    UnitSpec("清镇市水务管理局", "市水务局", OrgKind.BRANCH),
    UnitSpec("贵阳市生态环境局清镇分局", "市生态环境局", OrgKind.BRANCH, weight=0.8),
    UnitSpec("清镇市文体广电旅游局", "市文体广电旅游局", OrgKind.BRANCH),
]

_KIND_SUFFIX = {
    OrgKind.ORGAN_COMMITTEE: ("机关委员会", "机关党委"),
    OrgKind.GENERAL_BRANCH: ("总支部委员会", "党总支"),
    OrgKind.BRANCH: ("支部委员会", "党支部"),
}


def org_names(unit_short: str, kind: str, branch: str = "") -> tuple[str, str]:
    """Full name and short name as legacy files write them: 中共清镇市税务局支部委员会 / 市税务局党支部."""
    full_suffix, short_suffix = _KIND_SUFFIX[kind]
    return f"中共清镇{unit_short}{branch}{full_suffix}", f"{unit_short}{branch}{short_suffix}"


SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严覃武戴莫孔向"
)
# Common surnames of the Buyi and Miao people of central Guizhou.
SURNAMES_BUYI = "罗王韦陆岑班莫黄杨"
SURNAMES_MIAO = "杨龙吴石潘熊王张"
GIVEN_MALE = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆文斌志国建林峰成龙海东晨"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀英玲红燕琴梅莉婷雪倩慧颖洁琳丹萍兰凤佳雯"
GIVEN_ANY = "小新子振德永世正光春云家德明天玉金安兴"

ETHNICITIES = (("汉族", 0.78), ("布依族", 0.13), ("苗族", 0.07), ("彝族", 0.01), ("仡佬族", 0.01))
EDUCATION_WORKING = (("大学本科", 0.62), ("研究生", 0.12), ("大学专科", 0.2), ("中专", 0.06))
EDUCATION_ELDERLY = (("大学专科", 0.35), ("中专", 0.3), ("高中", 0.25), ("大学本科", 0.1))
POSTS = ("组织委员", "宣传委员", "纪检委员")


def weighted(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([value for value, _ in table], weights=[w for _, w in table])[0]


def person_name(rng: random.Random, gender: str, ethnicity: str) -> str:
    pool = {"布依族": SURNAMES_BUYI, "苗族": SURNAMES_MIAO}.get(ethnicity, SURNAMES)
    given = GIVEN_MALE if gender == "男" else GIVEN_FEMALE
    first = rng.choice(pool)
    if rng.random() < 0.3:
        return first + rng.choice(given)
    return first + rng.choice(GIVEN_ANY + given) + rng.choice(given)
