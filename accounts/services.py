"""Writes to organizations, members and secretary terms. Views, API, admin and imports call these."""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from partybuild.exceptions import DomainError

from .models import Member, Organization, SecretaryTerm, Unit

_ID_RE = re.compile(r"^\d{17}[\dXx]$|^\d{15}$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９ＸｘＡ", "0123456789XxA")


def id_number_normalize(raw: str) -> str:
    """Strip spaces, turn full-width digits half-width, upper-case X; raise if it is not an ID number."""
    value = re.sub(r"\s", "", str(raw or "")).translate(_FULLWIDTH).upper()
    if not _ID_RE.match(value):
        raise DomainError(
            _("身份证号“%(value)s”格式不正确：应为18位（最后一位可为X）或15位数字") % {"value": raw},
            field="id_number",
        )
    return value


def id_number_mask(value: str) -> str:
    """Keep the region (6) and the last 4: 520181********120X."""
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def id_number_hash(value: str) -> str:
    """Keyed hash (HMAC-SHA256) so the same person is found again without storing the number."""
    return hmac.new(settings.ID_NUMBER_HASH_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def unit_get_or_create(*, name: str) -> Unit:
    unit, _ = Unit.objects.get_or_create(name=name.strip())
    return unit


_ORG_FIELDS = ("short_name", "aliases", "kind", "unit", "code", "founded_on", "phone", "email", "is_active")


@transaction.atomic
def organization_create(
    *, name: str, kind: str, parent: Organization | None = None, **fields
) -> Organization:
    """Add an org under `parent` (or as a root). Unknown fields are refused, not ignored."""
    unknown = set(fields) - set(_ORG_FIELDS)
    if unknown:
        raise TypeError(f"unknown organization fields: {sorted(unknown)}")
    if Organization.objects.filter(name=name).exists():
        raise DomainError(_("党组织“%(name)s”已存在，不能重复创建") % {"name": name}, field="name")
    candidate = Organization(name=name, kind=kind, **fields)
    candidate.full_clean(exclude=["path", "depth", "numchild"])
    if parent is None:
        return Organization.objects.add_root(instance=candidate)
    return Organization.objects.add_child(parent, instance=candidate)


@transaction.atomic
def organization_update(
    *, organization: Organization, parent: Organization | None = None, **fields
) -> Organization:
    """Change an org's fields; with `parent`, move it (and its subtree) under that parent."""
    unknown = set(fields) - set(_ORG_FIELDS) - {"name"}
    if unknown:
        raise TypeError(f"unknown organization fields: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(organization, key, value)
    organization.full_clean(exclude=["path", "depth", "numchild"])
    organization.save()
    if parent is not None and Organization.objects.get_parent(organization) != parent:
        if parent.path.startswith(organization.path):
            raise DomainError(_("不能把党组织移动到它自己的下级组织之下"), field="parent")
        Organization.objects.move(organization, parent, pos="last-child")
        organization.refresh_from_db()
    return organization


def _apply_id_number(member: Member, id_number: str | None) -> None:
    if id_number is None:
        return
    if id_number == "":
        member.id_number_masked, member.id_number_hash = "", None
        return
    value = id_number_normalize(id_number)
    digest = id_number_hash(value)
    clash = Member.objects.filter(id_number_hash=digest).exclude(pk=member.pk).first()
    if clash is not None:
        raise DomainError(
            _("身份证号与已登记党员“%(name)s”（%(org)s）重复")
            % {"name": clash.name, "org": clash.organization},
            field="id_number",
        )
    member.id_number_masked, member.id_number_hash = id_number_mask(value), digest


@transaction.atomic
def member_create(*, organization: Organization, name: str, id_number: str | None = None, **fields) -> Member:
    member = Member(organization=organization, name=name, **fields)
    _apply_id_number(member, id_number)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def member_update(*, member: Member, id_number: str | None = None, **fields) -> Member:
    for key, value in fields.items():
        setattr(member, key, value)
    _apply_id_number(member, id_number)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def secretary_term_create(
    *, organization: Organization, person_name: str, started_on, **fields
) -> SecretaryTerm:
    term = SecretaryTerm(organization=organization, person_name=person_name, started_on=started_on, **fields)
    term.full_clean()
    term.save()
    return term
