"""Writes to organizations, members and secretary terms. Views, API, admin and imports call these."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from partybuild.exceptions import DomainError, PermissionDeniedError
from partybuild.fields import refuse_unknown_fields

from .. import authz
from ..models import Member, Organization, SecretaryTerm, Unit
from ..signals import organization_moved

_ID_RE = re.compile(r"^\d{17}[\dXx]$|^\d{15}$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９ＸｘＡ", "0123456789XxA")
_CHECK_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number_normalize(raw: str, *, strict: bool = True) -> str:
    """Strip spaces, turn full-width digits half-width, upper-case X; raise unless it has an ID number's
    form. `strict` (every form and API write) also refuses a wrong birth date or check digit; legacy
    imports pass strict=False and list `id_number_problem` as a warning, importing the file as it is."""
    value = re.sub(r"\s", "", str(raw or "")).translate(_FULLWIDTH).upper()
    if not _ID_RE.match(value):
        raise DomainError(
            _("身份证号格式不正确：应为18位（最后一位可为X）或15位数字，请核对后重新填写"), field="id_number"
        )
    if strict and (problem := id_number_problem(value)):
        raise DomainError(problem, field="id_number")
    return value


def id_number_problem(value: str) -> str | None:
    """What is wrong with a well-formed number: a birth date that does not exist, or (18 digits) a check
    digit that GB 11643 does not give. None when it is right."""
    birth = value[6:14] if len(value) == 18 else "19" + value[6:12]
    try:
        date(int(birth[:4]), int(birth[4:6]), int(birth[6:8]))
    except ValueError:
        return _("身份证号中的出生日期不存在，请核对后重新填写")
    if len(value) == 18 and value[17] != _check_digit(value[:17]):
        return _("身份证号校验位不正确（最后一位应由前17位计算得出），请核对是否有数字录错")
    return None


def _check_digit(first17: str) -> str:
    """GB 11643-1999 (ISO 7064 MOD 11-2)."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _CHECK_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def id_number_mask(value: str) -> str:
    """Keep only the region code: 520181************. Birth date, serial and check digit are hidden;
    the birth date, where a reader may see it, is shown from its own field."""
    return value[:6] + "*" * (len(value) - 6)


def id_number_hash(value: str) -> str:
    """Keyed hash (HMAC-SHA256) so the same person is found again without storing the number."""
    return hmac.new(settings.ID_NUMBER_HASH_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def id_number_clash_message(clash: Member, actor) -> str:
    """Name the registered member only to someone who may see them; anyone else learns only that the
    number is taken (no ID number → name and org lookup)."""
    if actor is not None and authz.may(actor, "accounts.view_member", clash):
        return _("身份证号与已登记党员“%(name)s”（%(org)s）重复") % {
            "name": clash.name,
            "org": clash.organization,
        }
    return _("该身份证号已在其他党组织登记，请联系工委核实")


def unit_get_or_create(*, name: str) -> Unit:
    unit, _ = Unit.objects.get_or_create(name=name.strip())
    return unit


# What may change on an org besides its place in the tree (organization_update also takes `name`).
ORGANIZATION_FIELDS = (
    "short_name",
    "aliases",
    "kind",
    "unit",
    "code",
    "founded_on",
    "phone",
    "email",
    "is_active",
)


@transaction.atomic
def organization_create(
    *, actor, name: str, kind: str, parent: Organization | None = None, **fields
) -> Organization:
    """Add an org under `parent` (or as a root). Unknown fields are refused, not ignored."""
    if actor is not None and not authz.may(actor, "accounts.add_organization"):
        raise PermissionDeniedError(_("只有工委干部可以新增党组织"))
    refuse_unknown_fields(fields, ORGANIZATION_FIELDS, "organization")
    if Organization.objects.filter(name=name).exists():
        raise DomainError(_("党组织“%(name)s”已存在，不能重复创建") % {"name": name}, field="name")
    candidate = Organization(name=name, kind=kind, **fields)
    candidate.full_clean(exclude=["path", "depth", "numchild"])
    if parent is None:
        return Organization.objects.add_root(instance=candidate)
    return Organization.objects.add_child(parent, instance=candidate)


@transaction.atomic
def organization_update(
    *, actor, organization: Organization, parent: Organization | None = None, **fields
) -> Organization:
    """Change an org's fields; with `parent`, move it (and its subtree) under that parent."""
    if actor is not None and not authz.may(actor, "accounts.change_organization", organization):
        raise PermissionDeniedError(_("只有工委干部可以修改党组织"))
    refuse_unknown_fields(fields, ("name", *ORGANIZATION_FIELDS), "organization")
    for key, value in fields.items():
        setattr(organization, key, value)
    organization.full_clean(exclude=["path", "depth", "numchild"])
    organization.save()
    if parent is not None and Organization.objects.get_parent(organization) != parent:
        if parent.path.startswith(organization.path):
            raise DomainError(_("不能把党组织移动到它自己的下级组织之下"), field="parent")
        old_top_id = _top_org_id(organization)
        Organization.objects.move(organization, parent, pos="last-child")
        organization.refresh_from_db()
        organization_moved.send(
            sender=Organization,
            organization=organization,
            old_top_id=old_top_id,
            new_top_id=_top_org_id(organization),
        )
    return organization


def _top_org_id(organization: Organization) -> int | None:
    """The committee's child `organization` lies under (the committee for itself)."""
    top_path = organization.path[: Organization.steplen * 2]
    return Organization.objects.filter(path=top_path).values_list("pk", flat=True).first()


@dataclass(frozen=True)
class IdNumber:
    """What is kept of an ID number: the masked form, the keyed hash, and (imports) what looks wrong."""

    masked: str
    digest: str
    problem: str | None = None


def id_number_read(raw: object, *, strict: bool = True) -> IdNumber:
    """The one way an ID number enters the database, for forms, the API and imports alike: normalised
    (DomainError if it has not an ID number's form), then kept only masked and hashed. Legacy imports
    pass strict=False: a wrong birth date or check digit is returned as `problem` to list as a warning."""
    text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw or "")
    value = id_number_normalize(text, strict=strict)
    problem = None if strict else id_number_problem(value)
    return IdNumber(id_number_mask(value), id_number_hash(value), problem)


def _apply_id_number(member: Member, id_number: str | None, actor) -> None:
    if id_number is None:
        return
    if id_number == "":
        member.id_number_masked, member.id_number_hash = "", None
        return
    number = id_number_read(id_number)
    clash = Member.objects.filter(id_number_hash=number.digest).exclude(pk=member.pk)
    if clash := clash.select_related("organization").first():
        raise DomainError(id_number_clash_message(clash, actor), field="id_number")
    member.id_number_masked, member.id_number_hash = number.masked, number.digest


# What a member's owners may change; everything else (hash, history) is the service's.
MEMBER_FIELDS = (
    "organization",
    "name",
    "staff_no",
    "gender",
    "ethnicity",
    "birth_date",
    "education",
    "joined_on",
    "full_member_on",
    "standing",
    "member_class",
    "category_label",
    "status",
    "phone",
    "party_post",
)


# What a member write stores: the fields above and what is kept of the ID number (never the number).
MEMBER_STORED_FIELDS = (*MEMBER_FIELDS, "id_number_masked", "id_number_hash")


def _require_member_write(actor, organization: Organization) -> None:
    if actor is not None and not authz.may(actor, "accounts.change_member", organization):
        raise PermissionDeniedError(_("只有工委干部和本组织书记可以新增或修改本组织的党员信息"))


def _refuse_unknown(fields: dict) -> None:
    refuse_unknown_fields(fields, MEMBER_FIELDS, "member")


def _unmasked(member: Member) -> bool:
    """True when the stored form would show more than the region code (the full number never is)."""
    return bool(member.id_number_masked) and set(member.id_number_masked[6:]) != {"*"}


def member_clean(member: Member, *, exclude: Iterable[str] = (), validate_unique: bool = True) -> None:
    """The checks every member write runs (ValidationError naming each field): the model's own, and
    that no more of the ID number than its masked form is kept."""
    if _unmasked(member):
        raise ValidationError({"id_number_masked": _("身份证号只能保存脱敏形式")})
    member.full_clean(exclude=list(exclude), validate_unique=validate_unique)


@transaction.atomic
def member_create(
    *, actor, organization: Organization, name: str, id_number: str | None = None, **fields
) -> Member:
    """Add a member to `organization`'s roll. `actor=None` is the system (imports check up front)."""
    _refuse_unknown(fields)
    _require_member_write(actor, organization)
    member = Member(organization=organization, name=name, **fields)
    _apply_id_number(member, id_number, actor)
    member_clean(member)
    member.save()
    return member


@transaction.atomic
def member_update(*, actor, member: Member, id_number: str | None = None, **fields) -> Member:
    """Change a member's details; a new org is a transfer (组织关系转接, dated today), on file like any."""
    _refuse_unknown(fields)
    _require_member_write(actor, member.organization)
    new_org = fields.pop("organization", None)
    if new_org is not None:
        _require_member_write(actor, new_org)
    for key, value in fields.items():
        setattr(member, key, value)
    _apply_id_number(member, id_number, actor)
    member_clean(member)
    member.save()
    if new_org is not None and new_org.pk != member.organization_id:
        from .moves import member_transfer

        member_transfer(
            actor=actor,
            member=member,
            to_organization=new_org,
            on_date=timezone.localdate(),
            reason=_("修改党员信息时变更所在党组织"),
        )
        member.refresh_from_db()
    return member


@transaction.atomic
def members_import(
    *, actor, create: Sequence[Member], update: Sequence[Member], batch_size: int = 500
) -> None:
    """Write many members at once (a legacy roster), each with one history row.

    The rows were built with the rules member_create and member_update apply (id_number_read with
    strict=False, member_clean on each) — the import checks them row by row so every problem is
    shown at its cell. Here the writer asks authz once per org, keeps to MEMBER_STORED_FIELDS and
    refuses an unmasked ID number. `actor=None` is the system (the command line).
    """
    organizations = {m.organization_id: m.organization for m in (*create, *update)}
    for organization in organizations.values():
        _require_member_write(actor, organization)
    if any(_unmasked(member) for member in (*create, *update)):
        raise DomainError(_("身份证号只能保存脱敏形式"), field="id_number")
    if create:
        bulk_create_with_history(list(create), Member, batch_size=batch_size)
    if update:
        bulk_update_with_history(list(update), Member, list(MEMBER_STORED_FIELDS), batch_size=batch_size)


@transaction.atomic
def secretary_term_create(
    *, actor, organization: Organization, person_name: str, started_on, **fields
) -> SecretaryTerm:
    """Record a term of office; its holder (if they have a login) becomes secretary of the org."""
    if actor is not None and not authz.may(actor, "accounts.add_secretaryterm"):
        raise PermissionDeniedError(_("只有工委干部可以登记书记任职"))
    term = SecretaryTerm(organization=organization, person_name=person_name, started_on=started_on, **fields)
    term.full_clean()
    term.save()
    from .roles import term_roles_sync

    term_roles_sync(term)
    return term


TERM_FIELDS = (
    "organization",
    "member",
    "person_name",
    "role",
    "started_on",
    "ended_on",
    "approval_document",
)


@transaction.atomic
def secretary_term_update(*, actor, term: SecretaryTerm, **fields) -> SecretaryTerm:
    """Correct a term's details; the secretary role it grants follows (holder, start, end)."""
    refuse_unknown_fields(fields, TERM_FIELDS, "term")
    if actor is not None and not authz.may(actor, "accounts.change_secretaryterm", term):
        raise PermissionDeniedError(_("只有工委干部可以修改书记任职"))
    for key, value in fields.items():
        setattr(term, key, value)
    term.full_clean()
    term.save()
    from .roles import term_roles_sync

    term_roles_sync(term)
    return term


@transaction.atomic
def secretary_term_end(*, actor, term: SecretaryTerm, ended_on) -> SecretaryTerm:
    """End a term; the holder's secretary role (and with it their sessions) ends on that day."""
    if actor is not None and not authz.may(actor, "accounts.change_secretaryterm", term):
        raise PermissionDeniedError(_("只有工委干部可以办理书记离任"))
    term.ended_on = ended_on
    term.full_clean()
    term.save(update_fields=["ended_on"])
    from .roles import term_roles_sync

    term_roles_sync(term)
    return term
