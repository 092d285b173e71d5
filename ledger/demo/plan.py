"""The demo year's plan: a Qingzhen-style "one ledger" of major items and specific tasks, as data."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Recurrence, TaskLevel

M, Q, H, Y, N = (
    Recurrence.MONTHLY,
    Recurrence.QUARTERLY,
    Recurrence.HALF_YEARLY,
    Recurrence.YEARLY,
    Recurrence.NONE,
)
ALL, BRANCHES, COMMITTEES, UNITS, SECRETARIES = (
    "各基层党组织",
    "各基层党支部",
    "各党组(党委)",
    "各机关事业单位党组织",
    "各基层党组织书记",
)
OFFICE, ORG_DEPT = "工委办公室", "工委组织科"  # explicit orgs, by short name


@dataclass(frozen=True)
class T:
    """One task of the demo plan. `to` holds group phrases or org short names; deadline is (month, day)."""

    title: str
    recurrence: str
    to: tuple[str, ...]
    standard: str
    evidence: str = ""
    deadline: tuple[int, int] | None = None
    deadline_text: str = ""
    weight: int = 2
    level: str = TaskLevel.BRANCH
    small: bool = False


# A table is easier to read and review than what the formatter would make of it.
# fmt: off
PLAN: list[tuple[str, list[T]]] = [
    ("理论武装", [
        T("理论学习中心组学习", M, (COMMITTEES,), "每月至少集中学习1次，每季度至少开展1次专题研讨",
          "学习记录、研讨发言材料", weight=3, level=TaskLevel.PARTY_GROUP),
        T("学习贯彻党的二十届四中全会精神", N, (ALL,), "制定学习计划，开展集中学习和专题宣讲",
          "学习计划、宣讲照片", deadline=(3, 31), deadline_text="3月底前"),
        T("“我是党员”主题讲坛", Q, (ALL,), "每季度至少举办1次，可单独或联合举办，党员上台讲身边事",
          "讲坛照片、讲稿、签到表", small=True),
    ]),
    ("组织生活", [
        T("三会一课", M, (BRANCHES,), "支委会、党小组会每月1次，支部党员大会、党课每季度1次",
          "会议记录、签到表", weight=3, small=True),
        T("主题党日", M, (ALL,), "每月固定1天，落实“4+X”内容：学习、议事、志愿服务、文体活动+自选",
          "活动方案、照片、签到表", weight=3, small=True),
        T("组织生活会和民主评议党员", N, (BRANCHES,), "召开组织生活会，开展批评与自我批评，评议党员",
          "会议方案、对照检查材料、评议结果", deadline=(3, 31), deadline_text="3月底前", weight=3),
        T("书记讲专题党课", H, (SECRETARIES,), "书记每半年至少讲1次专题党课", "党课讲稿、照片", small=True),
    ]),
    ("党员教育管理", [
        T("党员服务日", M, (ALL,), "每月至少1天到联系村（社区）开展政策宣讲、矛盾调解、收集民意",
          "活动照片、民意收集台账", weight=3),
        T("党费收缴", Q, (BRANCHES,), "按月足额收缴党费，每季度报送收缴情况", "党费收缴明细表"),
        T("发展党员工作", Y, (COMMITTEES,), "按年度计划发展党员，程序规范、材料齐全", "发展党员计划和档案",
          level=TaskLevel.ORGAN_COMMITTEE),
        T("流动党员和年老体弱党员关怀", H, (BRANCHES,), "每半年至少联系流动党员1次、走访年老体弱党员1次",
          "联系记录、走访照片"),
    ]),
    ("书记抓党建", [
        T("年度党建工作计划报送", N, (ALL,), "结合本单位实际制定年度党建工作计划并报工委",
          "年度工作计划", deadline=(2, 28), deadline_text="2月底前", weight=1),
        T("书记述职评议", N, (SECRETARIES,), "书记向工委述职，参会人员现场测评", "述职报告、测评结果",
          deadline=(1, 31), deadline_text="1月底前", weight=5, small=True),
        T("书记向党员述职并接受测评", N, (SECRETARIES,), "书记回本支部向党员述职，党员现场测评",
          "述职报告、测评表", deadline=(2, 28), deadline_text="2月底前", weight=3),
        T("党员代表半年测评", N, (ALL,), "6月组织党员代表对支部上半年工作进行测评", "测评表、汇总结果",
          deadline=(6, 30), deadline_text="6月底前"),
        T("提醒约谈", Q, (ORG_DEPT,), "对工作滞后的党组织书记开展提醒约谈，整改跟踪到位，必要时函告党组",
          "约谈记录、整改台账", level=TaskLevel.UNSPECIFIED, small=True),
        T("书记实绩档案更新", H, (ORG_DEPT,), "及时更新书记基本情况、考察、述职和考核结果",
          "实绩档案目录", level=TaskLevel.UNSPECIFIED),
        T("审批前考察和任职谈话", N, (ORG_DEPT,), "新任书记审批前考察，批准后开展任职谈话",
          "考察报告、谈话记录", deadline=(12, 31), deadline_text="全年", level=TaskLevel.UNSPECIFIED),
    ]),
    ("党建工作情况通报", [
        T("编发党建工作情况通报", Q, (OFFICE,), "每季度至少编发2期，点名通报任务进度", "通报文件",
          level=TaskLevel.UNSPECIFIED, small=True),
        T("季度党建工作推进会", Q, (OFFICE,), "每季度召开1次推进会，小结本季度台账完成情况",
          "会议通知、纪要", level=TaskLevel.UNSPECIFIED),
    ]),
    ("服务监督岗", [
        T("在职党员亮牌上岗", N, (UNITS,), "在职党员亮牌，公开监督电话和邮箱，接受群众监督",
          "亮牌照片、岗位清单", deadline=(3, 31), deadline_text="一季度"),
        T("服务监督示范岗推荐", N, (UNITS,), "每个单位推荐1至2个示范岗", "推荐表、事迹材料",
          deadline=(9, 30), deadline_text="9月底前", weight=1),
    ]),
    ("乡村振兴·我先行", [
        T("党员结对帮扶走访", Q, (ALL,), "每季度至少走访结对户1次，帮助解决实际困难", "走访记录、照片"),
    ]),
    ("双十佳评选", [
        T("“双十佳”申报", N, (UNITS,), "申报十佳廉洁科室（窗口）和十佳服务之星", "申报表、事迹材料",
          deadline=(8, 31), deadline_text="8月底前", weight=1),
    ]),
    ("党建品牌和阵地建设", [
        T("党建品牌创建", N, (BRANCHES,), "一支部一品牌：提炼品牌名称、内涵和载体，形成特色做法",
          "品牌创建方案、成效材料", deadline=(10, 31), deadline_text="10月底前", weight=3),
        T("党员活动室标准化建设", N, (BRANCHES,), "活动室有标识、有制度、有设施、有资料", "活动室照片",
          deadline=(6, 30), deadline_text="上半年"),
    ]),
    ("党风廉政建设", [
        T("警示教育", H, (ALL,), "每半年至少开展1次警示教育，观看警示教育片或参观教育基地",
          "活动照片、心得体会"),
        T("廉政谈话", Y, (COMMITTEES,), "党组（党委）书记与班子成员、班子成员与分管科室负责人谈话",
          "谈话记录", level=TaskLevel.PARTY_GROUP),
    ]),
    ("宣传和意识形态", [
        T("党建信息报送", M, (ALL,), "每月至少报送1条党建工作信息", "信息稿", weight=1),
        T("意识形态工作分析研判", H, (COMMITTEES,), "每半年专题研判1次意识形态领域情况", "研判报告",
          level=TaskLevel.PARTY_GROUP),
    ]),
    ("志愿服务", [
        T("党员志愿服务", Q, (ALL,), "每季度至少组织1次党员志愿服务活动", "活动照片、志愿服务记录"),
    ]),
    ("基层组织建设", [
        T("党组织按期换届", N, ("市财政局党支部", "市民政局党支部", "市教育局机关党支部"),
          "按期完成换届选举，程序规范", "换届请示、批复、选举结果", deadline=(9, 30), deadline_text="9月底前",
          weight=3),
        T("党组织和党员信息维护", H, (BRANCHES,), "及时维护党组织和党员信息，确保数据准确", "信息核对表",
          weight=1),
    ]),
    ("总结考核", [
        T("党建工作半年总结", N, (ALL,), "总结上半年台账完成情况、特色亮点和存在问题", "半年总结",
          deadline=(7, 10), deadline_text="7月10日前"),
        T("党建工作年度总结", N, (ALL,), "总结全年工作，形成年度台账汇总", "年度总结",
          deadline=(12, 20), deadline_text="12月20日前", weight=3, small=True),
        T("党建工作责任制考核", N, (ORG_DEPT,), "年终对各基层党组织开展责任制考核，结果运用到评先评优",
          "考核方案、结果", deadline=(12, 31), deadline_text="年底", level=TaskLevel.UNSPECIFIED),
    ]),
]
# fmt: on
