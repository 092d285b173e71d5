"""服务监督岗: set up and edit posts; the public leaves praise or a complaint on a post's page (no account,
plain text); the org's secretary or staff answer it and close it (办结)."""

from __future__ import annotations

import hashlib
import os

import segno
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import authz
from accounts.audit import audit_log
from accounts.models import Member, Organization
from partybuild.exceptions import DomainError, PermissionDeniedError
from partybuild.fields import refuse_unknown_fields
from partybuild.storage import TMP_DIR, private_storage

from ..models import Feedback, FeedbackKind, FeedbackState, ServicePost
from ..models.posts import CONTACT_MAX_CHARS, FEEDBACK_MAX_CHARS

POST_FIELDS = (
    "title",
    "duties",
    "pledge",
    "phone",
    "mailbox",
    "is_model_post",
    "model_year",
    "established_on",
    "active",
    "ended_on",
)
ANSWER_MAX_CHARS = 1000
QR_DIR = f"{TMP_DIR}/qr"
QR_CACHE_SECONDS = 24 * 3600


# --------------------------------------------------------------------------- QR codes


def _qr_draw(url: str) -> str:
    return segno.make(url, error="m").svg_inline(omitsize=True, border=2, svgclass="pb-qr")


def qr_svg_of(url: str) -> str:
    """The QR code of `url` as inline SVG (sized by the stylesheet). Drawing one takes segno ~20 ms (it
    tries eight masks), so a sheet of 48 plates took a second whenever a worker had not drawn them yet:
    each drawing is kept in Django's cache and in a file under the private tmp/qr/ (shared by every
    worker, kept across restarts, never backed up), named by the URL's SHA-256. Same SVG either way."""
    digest = hashlib.sha256(url.encode()).hexdigest()
    key = f"posts:qr:{digest}"
    svg = cache.get(key)
    if svg is not None:
        return svg
    path = private_storage().path(f"{QR_DIR}/{digest[:2]}/{digest}.svg")
    try:
        with open(path, encoding="utf-8") as handle:
            svg = handle.read()
    except OSError:
        svg = ""
    if not svg.startswith("<svg"):
        svg = _qr_draw(url)
        _qr_keep(path, svg)
    cache.set(key, svg, QR_CACHE_SECONDS)
    return svg


def _qr_keep(path: str, svg: str) -> None:
    """Write the drawing whole (a temporary name, then moved in place) or not at all."""
    try:
        os.makedirs(os.path.dirname(path), mode=0o750, exist_ok=True)
        partial = f"{path}.{os.getpid()}.tmp"
        with open(partial, "w", encoding="utf-8") as handle:
            handle.write(svg)
        os.replace(partial, path)
    except OSError:
        pass  # a read-only or full disk: the code is drawn again next time, nothing else changes


def _settle_active(post: ServicePost) -> None:
    """An active post has no end date; a post stood down keeps the day it ended (today unless given)."""
    if post.active:
        post.ended_on = None
    elif post.ended_on is None:
        post.ended_on = timezone.localdate()


@transaction.atomic
def service_post_create(
    *, actor, organization: Organization, member: Member, title: str, **fields
) -> ServicePost:
    refuse_unknown_fields(fields, POST_FIELDS, "service_post")
    if actor is not None and not authz.may(actor, "activities.add_servicepost", organization):
        raise PermissionDeniedError(_("只有该党组织的书记或工委干部可以设立服务监督岗"))
    post = ServicePost(
        organization=organization, member=member, title=title.strip(), created_by=actor, **fields
    )
    _settle_active(post)
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def service_post_update(*, actor, post: ServicePost, **fields) -> ServicePost:
    refuse_unknown_fields(fields, (*POST_FIELDS, "organization", "member"), "service_post")
    if actor is not None and not authz.may(actor, "activities.change_servicepost", post):
        raise PermissionDeniedError(_("只有该党组织的书记或工委干部可以修改服务监督岗"))
    moved_to = fields.get("organization")
    movable = moved_to is None or actor is None or authz.may(actor, "activities.change_servicepost", moved_to)
    if not movable:
        raise PermissionDeniedError(_("不能把服务监督岗移到您管理范围以外的党组织"))
    for key, value in fields.items():
        setattr(post, key, value.strip() if key == "title" else value)
    _settle_active(post)
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def feedback_submit(*, post: ServicePost, kind: str, text: str, contact: str = "") -> Feedback:
    """What someone left on a post's public page: stored as the plain text it is (never read as HTML)."""
    if not post.active:
        raise DomainError(_("该服务监督岗已撤销，暂不接收评价"))
    if kind not in FeedbackKind.values:
        raise DomainError(_("请选择表扬或投诉/意见"), field="kind")
    text = text.strip()
    contact = contact.strip()
    if not text:
        raise DomainError(_("请填写评价内容"), field="text")
    if len(text) > FEEDBACK_MAX_CHARS:
        raise DomainError(_("内容最多%(n)s字") % {"n": FEEDBACK_MAX_CHARS}, field="text")
    if len(contact) > CONTACT_MAX_CHARS:
        raise DomainError(_("联系方式最多%(n)s字") % {"n": CONTACT_MAX_CHARS}, field="contact")
    feedback = Feedback(post=post, kind=kind, text=text, contact=contact)
    feedback.full_clean()
    feedback.save()
    return feedback


def _locked(feedback: Feedback) -> Feedback:
    return Feedback.objects.select_for_update().select_related("post__organization").get(pk=feedback.pk)


@transaction.atomic
def feedback_answer(*, actor, feedback: Feedback, answer: str, close: bool = False) -> Feedback:
    """The secretary or staff answer an item (and may close it at once)."""
    if actor is not None and not authz.may(actor, "activities.answer_feedback", feedback):
        raise PermissionDeniedError(_("只有该党组织的书记或工委干部可以答复群众评价"))
    item = _locked(feedback)
    if item.state == FeedbackState.CLOSED:
        raise DomainError(_("该评价已办结，不能再答复"))
    answer = answer.strip()
    if not answer:
        raise DomainError(_("请填写答复内容"), field="answer")
    if len(answer) > ANSWER_MAX_CHARS:
        raise DomainError(_("答复最多%(n)s字") % {"n": ANSWER_MAX_CHARS}, field="answer")
    now = timezone.now()
    item.answer = answer
    item.answered_by = actor
    item.answered_at = now
    item.state = FeedbackState.CLOSED if close else FeedbackState.ANSWERED
    item.closed_at = now if close else None
    item.save()
    audit_log("activities.feedback_answer", actor=actor, target=item)
    return item


@transaction.atomic
def feedback_close(*, actor, feedback: Feedback) -> Feedback:
    """办结: nothing more to do. Praise may be closed unanswered; a complaint needs an answer first."""
    if actor is not None and not authz.may(actor, "activities.answer_feedback", feedback):
        raise PermissionDeniedError(_("只有该党组织的书记或工委干部可以办结群众评价"))
    item = _locked(feedback)
    if item.state == FeedbackState.CLOSED:
        raise DomainError(_("该评价已经办结"))
    if item.kind == FeedbackKind.COMPLAINT and not item.answer:
        raise DomainError(_("投诉/意见请先答复再办结"), field="answer")
    item.state = FeedbackState.CLOSED
    item.closed_at = timezone.now()
    item.save()
    audit_log("activities.feedback_close", actor=actor, target=item)
    return item
