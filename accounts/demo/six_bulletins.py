"""Demo 通报/通知 and 提醒约谈 (issue 8): ten published bulletins and notices (some already read) and
one reminder talk whose items are closed, overdue and open. Deterministic for a given "today"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import SecretaryRole, SecretaryTerm

# A 1×1 PNG: the evidence of the closed rectification item.
_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


@dataclass(frozen=True)
class _Spec:
    kind: str
    title: str
    body: str
    marks: tuple[str, ...] = ()  # one mark per named org (the first grassroots orgs, in order)
    to_all: bool = False


_BULLETINS = [
    _Spec(
        "bulletin",
        "关于第一季度党建工作台账完成情况的通报",
        "第一季度，各基层党组织按照年度台账要求推进各项工作。现将完成情况通报如下：市税务局党支部等单位按期完成、材料齐全，予以表扬；个别单位主题党日记录不全，请对照整改。",
        ("praise", "praise", "remind"),
    ),
    _Spec(
        "reminder",
        "关于按时报送三会一课记录的工作提醒",
        "部分党支部三会一课记录未按月上传台账系统。请各党支部于每月5日前完成上月记录报送。",
        ("remind", "remind"),
    ),
    _Spec(
        "notice",
        "关于开展“七一”主题党日活动的通知",
        "为庆祝中国共产党成立纪念日，请各基层党组织结合实际开展主题党日活动，并于活动后3个工作日内在台账系统提交记录。",
        to_all=True,
    ),
    _Spec(
        "bulletin",
        "关于党建工作任务逾期未完成情况的通报",
        "截至本月底，以下党组织有台账任务逾期未完成。请高度重视，尽快完成并提交佐证材料。",
        ("criticise", "remind", "remind"),
    ),
    _Spec(
        "bulletin",
        "关于“一支部一品牌”创建工作的通报表扬",
        "市财政局党支部等单位品牌创建特色鲜明、成效明显，予以通报表扬。",
        ("praise", "praise"),
    ),
    _Spec(
        "reminder", "关于做好党费收缴工作的提醒", "请各党支部按时足额收缴党费，并在台账中登记。", ("remind",)
    ),
    _Spec(
        "notice",
        "关于举办基层党务干部培训班的通知",
        "工委定于下月举办基层党务干部培训班，请各党支部书记按时参加。",
        ("",) * 4,
    ),
    _Spec(
        "bulletin",
        "关于第二季度党建工作台账完成情况的通报",
        "第二季度台账任务总体完成较好，个别单位存在材料不规范、报送不及时的问题。",
        ("praise", "remind", "criticise"),
    ),
    _Spec(
        "bulletin",
        "关于党员服务日活动开展情况的通报",
        "各党支部积极组织党员进社区开展志愿服务，现予通报。",
        ("praise", "praise", "praise"),
    ),
    _Spec(
        "bulletin",
        "关于巡察反馈问题整改进展的通报",
        "对巡察反馈问题整改进展缓慢的单位予以通报批评，请于一个月内完成整改。",
        ("criticise",),
    ),
]


def seed_six_bulletins(accounts, *, year: int, today: date) -> str:
    """Publish the bulletins through the services (numbers, receipts, notifications), read some of
    them as their secretaries, and record one reminder talk with its items and a letter."""
    from activities import services
    from activities.models import BulletinKind, ReminderReason
    from ledger.models import Task

    staff = accounts.users.staff
    orgs = accounts.orgs.grassroots
    secretary_of = dict(zip((o.pk for o in orgs), accounts.users.secretaries, strict=False))
    tasks = list(Task.objects.filter(item__plan__year=year).order_by("item__seq", "seq")[:2])
    published = []
    for index, spec in enumerate(_BULLETINS):
        issued_on = today - timedelta(days=18 * (len(_BULLETINS) - 1 - index))
        named = list(zip(orgs[index % 3 : index % 3 + len(spec.marks)], spec.marks, strict=False))
        draft = services.bulletin_create(
            actor=staff,
            kind=spec.kind,
            issued_on=issued_on,
            title=spec.title,
            body=spec.body,
            to_all=spec.to_all,
            orgs=named,
            tasks=tasks if spec.kind == BulletinKind.BULLETIN and index == 3 else (),
        )
        bulletin = services.bulletin_publish(actor=staff, bulletin=draft)
        published.append(bulletin)
        # The older ones have been opened by the first secretaries named; the newest are unread.
        if index < 7:
            for org, _mark in named[:2]:
                if org.pk in secretary_of:
                    services.bulletin_mark_read(user=secretary_of[org.pk], bulletin=bulletin)

    org = orgs[min(4, len(orgs) - 1)]
    term = (
        SecretaryTerm.objects.filter(organization=org, role=SecretaryRole.SECRETARY, ended_on__isnull=True)
        .order_by("-started_on")
        .first()
    )
    talked_on = today - timedelta(days=60)
    talk = services.reminder_talk_create(
        actor=staff,
        organization=org,
        term=term,
        secretary_name=term.person_name if term else "",
        reason=ReminderReason.SLOW_RECTIFICATION,
        reason_detail="上半年台账任务逾期较多，巡察反馈问题整改进展缓慢。",
        talked_on=talked_on,
        talked_by="工委副书记、组织科科长",
        notes="指出问题，提出整改要求，书记作了表态。",
        items=[
            {"content": "补齐上半年三会一课记录并上传台账", "deadline": today - timedelta(days=30)},
            {"content": "召开专题组织生活会，查摆问题、制定措施", "deadline": today - timedelta(days=10)},
            {"content": "建立台账任务周调度机制", "deadline": today + timedelta(days=20)},
        ],
    )
    done = talk.rectifications.order_by("seq").first()
    secretary = secretary_of.get(org.pk)
    if secretary is not None:
        services.rectification_report(
            actor=secretary,
            rectification=done,
            report="已补齐1—6月支部委员会、党员大会和党课记录，全部上传台账系统。",
            files=[SimpleUploadedFile("会议记录.png", _PNG, content_type="image/png")],
        )
        services.rectification_close(actor=staff, rectification=done, note="经核查，记录齐全")
    return (
        f"通报与通知 {len(published)} 期（{published[0].year}年起编号），"
        f"提醒约谈 1 次（{org.short_name or org.name}，整改事项 3 项：已销号 1 项、逾期 1 项）。"
    )
