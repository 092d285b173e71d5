"""Writes of the selections (评选): the selection and its categories, nominations, the scoring round
(the shared live-scoring mechanism, activities.services.scoring) and moving candidates on by stage."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import authz
from accounts.audit import audit_log
from accounts.models import Member, Organization
from partybuild.exceptions import ConflictError, DomainError, PermissionDeniedError
from partybuild.fields import refuse_unknown_fields

from ..models import (
    Candidate,
    CandidateStage,
    ScoringSubject,
    ScoringTemplate,
    Selection,
    SelectionCategory,
    SelectionKind,
    SelectionRound,
)
from ..models.selections import STAGE_ORDER, next_stage
from .scoring import round_close, scoring_round_open, scoring_subject_add

SELECTION_FIELDS = ("year", "name", "kind", "description", "nominate_from", "nominate_until")
CANDIDATE_FIELDS = ("name", "category", "member", "deeds", "score", "organization")
# The 双十佳 categories (CONTRACT.md): made with every double-top-ten selection.
DOUBLE_TOP_TEN_CATEGORIES = (("科室窗口", 10), ("个人标兵", 10))


def kind_from_name(name: str) -> str:
    """CONTRACT.md's import rule: a name containing 主题讲坛 → forum speakers, 双十佳 → double top ten."""
    if "主题讲坛" in name:
        return SelectionKind.FORUM_SPEAKERS
    if "双十佳" in name:
        return SelectionKind.DOUBLE_TOP_TEN
    return SelectionKind.OTHER


def _require(actor, permission: str, obj, message: str) -> None:
    if actor is not None and not authz.may(actor, permission, obj):
        raise PermissionDeniedError(message)


@transaction.atomic
def selection_create(
    *, actor, year: int, name: str, kind: str = "", categories: Iterable[str] = (), **fields
) -> Selection:
    """A selection of `year`; its kind from the name when not given; 双十佳 gets its two categories."""
    refuse_unknown_fields(fields, SELECTION_FIELDS, "selection")
    _require(actor, "activities.add_selection", None, _("只有工委干部可以发起评选"))
    name = (name or "").strip()
    if Selection.objects.filter(year=year, name=name).exists():
        raise DomainError(_("%(year)s年度已有评选“%(name)s”") % {"year": year, "name": name}, field="name")
    selection = Selection(
        year=year,
        name=name,
        kind=kind or kind_from_name(name),
        created_by=actor if getattr(actor, "pk", None) else None,
        **fields,
    )
    selection.full_clean()
    selection.save()
    names = list(categories)
    if not names and selection.kind == SelectionKind.DOUBLE_TOP_TEN:
        names = [n for n, _quota in DOUBLE_TOP_TEN_CATEGORIES]
    quotas = dict(DOUBLE_TOP_TEN_CATEGORIES) if selection.kind == SelectionKind.DOUBLE_TOP_TEN else {}
    for seq, category in enumerate(names, start=1):
        SelectionCategory.objects.create(
            selection=selection, seq=seq, name=category, quota=quotas.get(category)
        )
    return selection


@transaction.atomic
def selection_update(*, actor, selection: Selection, **fields) -> Selection:
    refuse_unknown_fields(fields, SELECTION_FIELDS, "selection")
    _require(actor, "activities.change_selection", selection, _("只有工委干部可以修改评选"))
    for key, value in fields.items():
        setattr(selection, key, value)
    selection.full_clean()
    selection.save()
    return selection


@transaction.atomic
def selection_category_add(
    *, actor, selection: Selection, name: str, quota: int | None = None
) -> SelectionCategory:
    _require(actor, "activities.change_selection", selection, _("只有工委干部可以设置评选类别"))
    name = (name or "").strip()
    category, _created = SelectionCategory.objects.get_or_create(
        selection=selection,
        name=name,
        defaults={"seq": selection.categories.count() + 1, "quota": quota},
    )
    return category


def _check_candidate(candidate: Candidate) -> None:
    if candidate.category_id is None and candidate.selection.categories.exists():
        raise DomainError(_("请选择类别"), field="category")
    if candidate.member_id and not candidate.name:
        candidate.name = candidate.member.name
    if not candidate.name:
        raise DomainError(_("请填写人选名称（姓名或科室、窗口名称）"), field="name")
    clash = Candidate.objects.filter(selection=candidate.selection_id, name=candidate.name)
    if candidate.pk:
        clash = clash.exclude(pk=candidate.pk)
    if clash.exists():
        raise DomainError(
            _("“%(name)s”已是该评选的人选，请勿重复推荐") % {"name": candidate.name}, field="name"
        )


@transaction.atomic
def candidate_nominate(
    *,
    actor,
    selection: Selection,
    organization: Organization,
    name: str = "",
    category: SelectionCategory | None = None,
    member: Member | None = None,
    deeds: str = "",
    stage: str = CandidateStage.NOMINATED,
    score: Decimal | None = None,
) -> Candidate:
    """An org nominates a candidate (推荐). Secretaries: for their own org (or below), during the window;
    staff: any org, any time (and, importing a past year, at the stage it reached)."""
    _require(
        actor,
        "activities.add_candidate",
        organization,
        _("您只能推荐本组织（及下级组织）的人选，不能为“%(org)s”推荐") % {"org": organization},
    )
    is_staff = actor is None or authz.is_committee_staff(actor)
    if not is_staff and not selection.is_nominating():
        raise ConflictError(_("“%(selection)s”不在推荐时间内，不能推荐人选") % {"selection": selection})
    if not is_staff and stage != CandidateStage.NOMINATED:
        raise PermissionDeniedError(_("只有工委干部可以确定入选和表彰"))
    candidate = Candidate(
        selection=selection,
        organization=organization,
        name=(name or "").strip(),
        category=category,
        member=member,
        deeds=deeds,
        stage=stage,
        score=score,
        nominated_by=actor if getattr(actor, "pk", None) else None,
    )
    _check_candidate(candidate)
    candidate.full_clean()
    candidate.save()
    return candidate


@transaction.atomic
def candidate_update(*, actor, candidate: Candidate, **fields) -> Candidate:
    """Staff correct a candidate (name, category, member, deeds, recorded score)."""
    refuse_unknown_fields(fields, CANDIDATE_FIELDS, "candidate")
    _require(actor, "activities.change_candidate", candidate, _("只有工委干部可以修改评选人选"))
    for key, value in fields.items():
        setattr(candidate, key, value)
    _check_candidate(candidate)
    candidate.full_clean()
    candidate.save()
    return candidate


@transaction.atomic
def candidate_set_stage(*, actor, candidate: Candidate, stage: str) -> Candidate:
    """Put a candidate at `stage` (an import of a past year, or staff correcting a step)."""
    _require(actor, "activities.promote_candidate", candidate, _("只有工委干部可以确定入选和表彰"))
    if stage not in CandidateStage.values:
        raise DomainError(_("阶段只能是推荐、入选或表彰"), field="stage")
    if candidate.stage != stage:
        candidate.stage = stage
        candidate.save(update_fields=["stage"])
    return candidate


@transaction.atomic
def candidates_promote(*, actor, selection: Selection, candidates: Iterable[Candidate], to_stage: str) -> int:
    """Move the candidates one stage on (推荐 → 入选, 入选 → 表彰); each must be at the stage before."""
    _require(actor, "activities.promote_candidate", None, _("只有工委干部可以确定入选和表彰"))
    if to_stage not in STAGE_ORDER[1:]:
        raise DomainError(_("只能确定入选或表彰"), field="stage")
    before = STAGE_ORDER[STAGE_ORDER.index(to_stage) - 1]
    moved = 0
    for candidate in candidates:
        if candidate.selection_id != selection.pk:
            raise DomainError(_("“%(name)s”不是该评选的人选") % {"name": candidate}, field="candidates")
        if candidate.stage != before:
            raise ConflictError(
                _("“%(name)s”目前是“%(stage)s”，只有“%(before)s”的人选可以确定为“%(to)s”")
                % {
                    "name": candidate,
                    "stage": candidate.get_stage_display(),
                    "before": CandidateStage(before).label,
                    "to": CandidateStage(to_stage).label,
                }
            )
        candidate.stage = to_stage
        candidate.save(update_fields=["stage"])
        moved += 1
    audit_log(
        "selection.promote", actor=actor, target=selection, detail={"stage": to_stage, "candidates": moved}
    )
    return moved


@transaction.atomic
def selection_round_open(
    *,
    actor,
    selection: Selection,
    template: ScoringTemplate,
    rater_kind: str,
    stage: str = CandidateStage.NOMINATED,
    category: SelectionCategory | None = None,
    title: str = "",
) -> SelectionRound:
    """A live-scoring round (the shared mechanism) with a subject per candidate at `stage` (of `category`)."""
    _require(actor, "activities.change_selection", selection, _("只有工委干部可以组织评选评分"))
    if category is not None and category.selection_id != selection.pk:
        raise DomainError(_("类别不属于该评选"), field="category")
    candidates = (
        selection.candidates.filter(stage=stage)
        .select_related("organization")
        .order_by("category__seq", "pk")
    )
    if category is not None:
        candidates = candidates.filter(category=category)
    candidates = list(candidates)
    if not candidates:
        raise DomainError(
            _("没有处于“%(stage)s”阶段的人选，无法开始评分") % {"stage": CandidateStage(stage).label}
        )
    title = title or _("%(selection)s现场评分（%(stage)s人选%(category)s）") % {
        "selection": selection,
        "stage": CandidateStage(stage).label,
        "category": f"·{category.name}" if category else "",
    }
    round = scoring_round_open(actor=actor, title=title, template=template, rater_kind=rater_kind)
    link = SelectionRound.objects.create(selection=selection, round=round, stage=stage, category=category)
    for candidate in candidates:
        label = f"{candidate.name}（{candidate.organization.short_name or candidate.organization.name}）"
        scoring_subject_add(actor=actor, round=round, label=label, target=candidate)
    return link


@transaction.atomic
def selection_round_close(*, actor, selection_round: SelectionRound) -> SelectionRound:
    """Close the round (shared mechanism: scores, ranks, grades) and keep each candidate's score."""
    selection_round.round = round_close(actor=actor, round=selection_round.round)
    selection_round_apply_scores(selection_round=selection_round)
    return selection_round


def selection_round_apply_scores(*, selection_round: SelectionRound) -> int:
    """Copy a closed round's results to its candidates' `score` (also after a close on the scoring screen)."""
    if not selection_round.round.is_closed:
        return 0
    results = dict(
        ScoringSubject.objects.filter(round=selection_round.round, object_id__isnull=False).values_list(
            "object_id", "result_score"
        )
    )
    candidates = list(Candidate.objects.filter(pk__in=results))
    for candidate in candidates:
        candidate.score = results[candidate.pk]
    Candidate.objects.bulk_update(candidates, ["score"])
    return len(candidates)


@transaction.atomic
def selection_promote_top(*, actor, selection_round: SelectionRound, top: int) -> int:
    """After the round closes: the best `top` of each category (by the round's rank; equal ranks at the
    border all go on) move to the next stage."""
    _require(actor, "activities.promote_candidate", None, _("只有工委干部可以确定入选和表彰"))
    selection_round.round.refresh_from_db()
    round = selection_round.round
    if not round.is_closed:
        raise ConflictError(_("评分还没有结束，结束后才能按名次确定人选"))
    if top < 1:
        raise DomainError(_("名额须至少为 1"), field="top")
    to_stage = next_stage(selection_round.stage)
    if to_stage is None:
        raise DomainError(_("已是最后阶段（表彰）"))
    selection_round_apply_scores(selection_round=selection_round)
    subjects = ScoringSubject.objects.filter(round=round, result_rank__isnull=False, object_id__isnull=False)
    ranks = dict(subjects.values_list("object_id", "result_score"))
    candidates = list(
        Candidate.objects.filter(pk__in=ranks, stage=selection_round.stage).select_related("category")
    )
    by_category: dict[int | None, list[Candidate]] = {}
    for candidate in candidates:
        by_category.setdefault(candidate.category_id, []).append(candidate)
    chosen: list[Candidate] = []
    for group in by_category.values():
        group.sort(key=lambda c: -ranks[c.pk])
        if len(group) > top:
            border = ranks[group[top - 1].pk]
            group = [c for c in group if ranks[c.pk] >= border]
        chosen.extend(group)
    return candidates_promote(
        actor=actor, selection=selection_round.selection, candidates=chosen, to_stage=to_stage
    )


def nomination_open_today(selection: Selection) -> bool:
    return selection.is_nominating(timezone.localdate())
