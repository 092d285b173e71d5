"""One user per role and one row of every kind in org A (and org B), for the matrix tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Organization, Role, User
from accounts.services.people import secretary_term_create
from activities import services as activities
from ledger import services as ledger
from ledger.models import Assignment, Recurrence
from tests.authz import (
    world_brands,
    world_days,
    world_forums,
    world_meetings,
    world_pairing,
    world_points,
    world_posts,
    world_scheme,
)
from tests.factories import MemberFactory, UnitFactory, UserFactory, make_org, make_root

ROLES = (
    Role.COMMITTEE_STAFF,
    Role.SECRETARY,
    Role.MEMBER,
    Role.REVIEWER,
    Role.REPORTING,
    Role.SYSTEM_ADMIN,
    Role.SECURITY_ADMIN,
    Role.AUDIT_ADMIN,
)
YEAR = 2020
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@dataclass
class World:
    org_a: Organization
    org_b: Organization
    users: dict[str, User]
    rows: dict[str, dict[str, object]] = field(default_factory=dict)  # kind → {"own": row, "other": row}


def build_world() -> World:
    root = make_root()
    org_a = make_org(
        root, "中共清镇市税务局支部委员会", short_name="市税务局党支部", unit=UnitFactory(name="市税务局")
    )
    org_b = make_org(
        root, "中共清镇市财政局支部委员会", short_name="市财政局党支部", unit=UnitFactory(name="市财政局")
    )
    person = MemberFactory(organization=org_a, name="张三")
    users: dict[str, User] = {}
    for role in ROLES:
        fields = {"organization": org_a} if role in (Role.SECRETARY, Role.MEMBER) else {}
        if role == Role.MEMBER:
            fields["member"] = person
        users[role] = UserFactory(username=f"matrix_{role}", role=role, **fields)
    # The secretary is a person of org A with a term of their own: their 实绩档案.
    own_term = secretary_term_create(
        actor=None,
        organization=org_a,
        member=MemberFactory(organization=org_a, name="王芳"),
        person_name="王芳",
        started_on=date(2020, 1, 1),
    )
    users[Role.SECRETARY].member = own_term.member
    users[Role.SECRETARY].save(update_fields=["member"])
    secretary_b = UserFactory(username="matrix_secretary_b", role=Role.SECRETARY, organization=org_b)
    staff = users[Role.COMMITTEE_STAFF]

    plan = ledger.plan_create(year=YEAR, title="2020年台账", by=staff)
    item = ledger.item_create(plan=plan, title="基层组织建设", seq=1, by=staff)
    task = ledger.task_create(
        item=item,
        title="开展主题党日活动",
        by=staff,
        recurrence=Recurrence.MONTHLY,
        responsible_orgs=[org_a, org_b],
    )
    assignments = {
        key: Assignment.objects.get(task=task, organization=org, period="2020-M03")
        for key, org in (("own", org_a), ("other", org_b))
    }
    records = {
        key: ledger.record_submit(
            assignment=assignments[key],
            user=writer,
            content="开展主题党日活动",
            done_on=date(2020, 3, 5),
            files=[SimpleUploadedFile("photo.png", PNG, content_type="image/png")],
        )
        for key, writer in (("own", users[Role.SECRETARY]), ("other", secretary_b))
    }
    vettings = {
        key: activities.vetting_create(
            actor=staff,
            organization=org,
            candidate=MemberFactory(organization=org),
            team_members="王五",
            visited_on=date(2020, 3, 1),
        )
        for key, org in (("own", org_a), ("other", org_b))
    }
    talks = {
        key: activities.appointment_talk_create(
            actor=staff,
            term=secretary_term_create(
                actor=staff, organization=org, person_name="李四", started_on=date(2020, 3, 1)
            ),
            talked_on=date(2020, 3, 5),
            talked_by="工委书记",
        )
        for key, org in (("own", org_a), ("other", org_b))
    }
    bulletins = {
        key: activities.bulletin_publish(
            actor=staff,
            bulletin=activities.bulletin_create(
                actor=staff,
                kind="bulletin",
                issued_on=date(2020, 3, 10),
                title="关于台账工作的通报",
                orgs=[(org, "remind")],
            ),
        )
        for key, org in (("own", org_a), ("other", org_b))
    }
    reminder_talks = {
        key: activities.reminder_talk_create(
            actor=staff,
            organization=org,
            secretary_name="李四",
            reason="duty",
            talked_on=date(2020, 3, 2),
            talked_by="工委书记",
            items=[{"content": "补齐会议记录", "deadline": date(2020, 4, 30)}],
        )
        for key, org in (("own", org_a), ("other", org_b))
    }
    rectifications = {key: talk.rectifications.get() for key, talk in reminder_talks.items()}
    for key, writer in (("own", users[Role.SECRETARY]), ("other", secretary_b)):
        activities.rectification_report(
            actor=writer,
            rectification=rectifications[key],
            report="已补齐",
            files=[SimpleUploadedFile("整改.png", PNG, content_type="image/png")],
        )
    letters = {
        key: activities.letter_create(
            actor=staff,
            talk=talk,
            addressee="市税务局党组",
            number=f"函〔2020〕{key}",
            sent_on=date(2020, 5, 1),
        )
        for key, talk in reminder_talks.items()
    }
    scoring = _scoring_rows(staff, users[Role.REVIEWER], org_a, org_b)
    world = World(org_a=org_a, org_b=org_b, users=users)
    world.rows = {
        "accounts.organization": {"own": org_a, "other": org_b},
        "accounts.member": {
            "own": person,
            "other": MemberFactory(organization=org_b),
            "peer": MemberFactory(organization=org_a),
        },
        "ledger.assignment": assignments,
        "ledger.record": records,
        "ledger.attachment": {key: record.attachments.get() for key, record in records.items()},
        "ledger.plan": {"own": plan},
        "ledger.item": {"own": item},
        "ledger.task": {"own": task},
        "activities.vetting": vettings,
        "activities.appointmenttalk": talks,
        # The secretary's own term; another org's; a term of their own org that is not theirs.
        "activities.archive": {"own": own_term, "other": talks["other"].term, "peer": talks["own"].term},
        "activities.bulletin": bulletins,
        "activities.remindertalk": reminder_talks,
        "activities.rectification": rectifications,
        "activities.rectificationevidence": {
            key: item.evidence.get() for key, item in rectifications.items()
        },
        "activities.letter": letters,
        **scoring,
        **world_posts.posts_rows(staff, org_a, org_b),
        **world_days.days_rows(item=item, org_a=org_a, org_b=org_b, users=users, secretary_b=secretary_b),
        **world_meetings.meetings_rows(staff, org_a, org_b),
        **world_pairing.pairing_rows(org_a, org_b, PNG),
        **world_forums.forums_rows(staff, users, org_a, org_b),
        **world_brands.brands_rows(staff, org_a, org_b, YEAR),
        **world_points.points_rows(staff, person, org_b),
        **world_scheme.scheme_rows(org_a, org_b),
    }
    return world


def _scoring_rows(staff, reviewer, org_a, org_b) -> dict[str, dict[str, object]]:
    """An open 向工委述职 session with a debrief in each org; the world's reviewer is invited and scored."""
    from activities.models import DebriefKind, ScoringCriterion, ScoringTemplate

    # Its own template: a transactional test elsewhere may have flushed the one the migration made.
    template = ScoringTemplate.objects.create(name="权限矩阵评分表")
    ScoringCriterion.objects.create(template=template, name="工作实绩", weight=100, max_points=10)
    session = activities.debrief_session_create(
        actor=staff,
        year=YEAR,
        held_on=date(2020, 12, 20),
        kind=DebriefKind.TO_COMMITTEE,
        title="2020年度述职评议会",
        template=template,
    )
    debriefs = {
        key: activities.debrief_add(actor=staff, session=session, organization=org, person_name=name)
        for key, org, name in (("own", org_a, "李四"), ("other", org_b, "赵六"))
    }
    activities.scoring_reviewers_invite(actor=staff, round=session.round, users=[reviewer])
    score, _created = activities.score_submit(
        round=session.round,
        subject=debriefs["own"].subject,
        points={str(c["id"]): 8 for c in session.round.criteria},
        actor=reviewer,
    )
    return {
        "activities.scoringtemplate": {"own": template},
        "activities.scoringround": {"own": session.round},
        "activities.debriefsession": {"own": session},
        "activities.debrief": debriefs,
        "activities.debriefreport": debriefs,
        "activities.score": {"own": score},
    }
