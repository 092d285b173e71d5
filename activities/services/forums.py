"""Writes of 主题讲坛: register a forum (alone or jointly), correct it. Views, API, admin and imports
call these."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import authz
from accounts.models import Member, Organization
from partybuild.exceptions import DomainError, PermissionDeniedError
from partybuild.fields import refuse_unknown_fields

from ..models import Forum, ForumOrg

FORUM_FIELDS = ("held_on", "topic", "speaker_names", "attendance", "venue", "content")


def join_names(names: Iterable[str]) -> str:
    """Speakers' names as one cell: trimmed, in order, each once, joined by 、."""
    seen: list[str] = []
    for name in names:
        name = (name or "").strip()
        if name and name not in seen:
            seen.append(name)
    return "、".join(seen)


def _check_orgs(actor, host: Organization, orgs: Iterable[Organization]) -> list[Organization]:
    """The host first, then the co-hosts, each once. The actor must write for the host; co-hosts need
    only be visible (a branch invites its neighbour)."""
    if actor is not None and not authz.may(actor, "activities.add_forum", host):
        raise PermissionDeniedError(
            _("您不能为“%(org)s”登记主题讲坛（只能登记本组织及下级组织的）") % {"org": host}
        )
    result = [host]
    for org in orgs:
        if org.pk not in {o.pk for o in result}:
            result.append(org)
    return result


def _check_people(people: Iterable[Member], orgs: list[Organization], field: str, what: str) -> list[Member]:
    people = list(people)
    outside = [m for m in people if not any(m.organization.path.startswith(o.path) for o in orgs)]
    if outside:
        raise DomainError(
            _("%(what)s须是举办党组织（或其下级组织）的党员：%(names)s不是")
            % {"what": what, "names": "、".join(m.name for m in outside)},
            field=field,
        )
    return people


def _validate(forum: Forum) -> None:
    if forum.attendance is not None and forum.attendance > 100000:
        raise DomainError(_("参加人数不合理，请核对"), field="attendance")
    if not (forum.topic or "").strip():
        raise DomainError(_("请填写讲坛题目"), field="topic")
    if not (forum.speaker_names or "").strip():
        raise DomainError(_("请填写主讲人"), field="speaker_names")
    clash = Forum.objects.filter(held_on=forum.held_on, speaker_names=forum.speaker_names, topic=forum.topic)
    if forum.pk:
        clash = clash.exclude(pk=forum.pk)
    if clash.exists():
        raise DomainError(
            _("%(day)s %(speaker)s主讲的“%(topic)s”已登记，请勿重复登记")
            % {"day": forum.held_on, "speaker": forum.speaker_names, "topic": forum.topic},
            field="topic",
        )


def _write_links(forum: Forum, orgs: list[Organization]) -> None:
    wanted = {o.pk for o in orgs}
    forum.org_links.exclude(organization_id__in=wanted).delete()
    have = set(forum.org_links.values_list("organization_id", flat=True))
    ForumOrg.objects.bulk_create([ForumOrg(forum=forum, organization_id=pk) for pk in wanted - have])


@transaction.atomic
def forum_create(
    *,
    actor,
    organization: Organization,
    held_on: date,
    topic: str,
    attendance: int,
    speakers: Iterable[Member] = (),
    speaker_names: str = "",
    co_organizations: Iterable[Organization] = (),
    attendees: Iterable[Member] = (),
    venue: str = "",
    content: str = "",
) -> Forum:
    """Register a forum of `organization` (with `co_organizations` when joint). 主讲人 is the members
    picked (`speakers`) and any names written (`speaker_names`, for guests not on a roll)."""
    orgs = _check_orgs(actor, organization, co_organizations)
    speakers = _check_people(speakers, orgs, "speakers", _("主讲党员"))
    attendees = _check_people(attendees, orgs, "attendees", _("参加党员"))
    names = join_names([m.name for m in speakers] + speaker_names.replace("，", "、").split("、"))
    forum = Forum(
        organization=organization,
        held_on=held_on,
        topic=(topic or "").strip(),
        speaker_names=names,
        attendance=attendance,
        venue=venue,
        content=content,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _validate(forum)
    forum.full_clean()
    forum.save()
    _write_links(forum, orgs)
    forum.speakers.set(speakers)
    forum.attendees.set(attendees)
    return forum


@transaction.atomic
def forum_update(
    *,
    actor,
    forum: Forum,
    co_organizations: Iterable[Organization] | None = None,
    speakers: Iterable[Member] | None = None,
    attendees: Iterable[Member] | None = None,
    **fields,
) -> Forum:
    """Correct a forum; lists given (co-hosts, speakers, attendees) replace the ones it had."""
    refuse_unknown_fields(fields, FORUM_FIELDS, "forum")
    if actor is not None and not authz.may(actor, "activities.change_forum", forum):
        raise PermissionDeniedError(_("您不能修改该主题讲坛"))
    orgs = _check_orgs(
        None,
        forum.organization,
        co_organizations
        if co_organizations is not None
        else [link.organization for link in forum.org_links.all()],
    )
    for key, value in fields.items():
        setattr(forum, key, value.strip() if isinstance(value, str) else value)
    if speakers is not None:
        speakers = _check_people(speakers, orgs, "speakers", _("主讲党员"))
        written = fields.get("speaker_names", "")
        forum.speaker_names = join_names([m.name for m in speakers] + written.replace("，", "、").split("、"))
    if attendees is not None:
        attendees = _check_people(attendees, orgs, "attendees", _("参加党员"))
    _validate(forum)
    forum.full_clean()
    forum.save()
    if co_organizations is not None:
        _write_links(forum, orgs)
    if speakers is not None:
        forum.speakers.set(speakers)
    if attendees is not None:
        forum.attendees.set(attendees)
    return forum
