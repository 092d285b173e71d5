"""Every write of the scheme and its runs: the default scheme, versions, computing, publishing."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import authz
from accounts.audit import audit_log
from accounts.models import GRASSROOTS_KINDS, Organization
from partybuild.exceptions import DomainError, PermissionDeniedError
from partybuild.periods import HALF, QUARTER, YEAR, Period

from ..models import (
    AssessmentResult,
    AssessmentRun,
    AssessmentRunChunk,
    RunState,
    Scheme,
    SchemeComponent,
)
from .calc import INDICES, ComponentSpec, SchemeSpec
from .components import run_constants
from .defaults import DEFAULT_COMPONENTS, DEFAULT_SCHEME

SCHEME_FIELDS = tuple(DEFAULT_SCHEME)
# Orgs per chunk: each chunk costs ~20 queries and a transaction whatever its size, so fewer, bigger
# chunks finish sooner; 500 still splits a city of 20,000 orgs for 40 workers (docs/benchmarks.md).
DEFAULT_CHUNK_SIZE = 500
# A run still "computing" after this long lost its workers (the task time limit is 30 minutes): it may
# be started again; before that, starting it again would pull the chunks from under the workers.
STUCK_AFTER_MINUTES = 35
PERIOD_KINDS = (QUARTER, HALF, YEAR)


def _require(actor, permission: str, obj=None) -> None:
    if actor is not None and not authz.may(actor, permission, obj):
        raise PermissionDeniedError(authz.refusal(permission))


# ----------------------------------------------------------------------------------------- schemes


def current_scheme(year: int) -> Scheme | None:
    return Scheme.objects.filter(year=year).order_by("-version").first()


def scheme_validate(scheme: Scheme, components: list[SchemeComponent]) -> None:
    """Weights add up to 100 (per index, and the three indices); grade thresholds descend."""
    errors: dict[str, str] = {}
    total = scheme.performance_weight + scheme.responsibility_weight + scheme.conduct_weight
    if total != 100:
        errors["performance_weight"] = _("三项指数的权重之和应为 100，现为 %(total)s") % {"total": total}
    if not scheme.excellent_from >= scheme.good_from >= scheme.fair_from:
        errors["excellent_from"] = _("等次分数线应为 优秀 ≥ 良好 ≥ 一般")
    for index in INDICES:
        weights = [c.weight for c in components if c.index == index]
        if weights and sum(weights) != 100:
            errors[f"components_{index}"] = _("“%(index)s”各项目权重之和应为 100，现为 %(total)s") % {
                "index": _index_label(index),
                "total": sum(weights),
            }
    if errors:
        raise ValidationError(errors)


def _index_label(index: str) -> str:
    from ..models import IndexKey

    return str(IndexKey(index).label)


def _copy(source: Scheme | None, *, year: int, version: int, actor) -> Scheme:
    fields = {name: getattr(source, name) for name in SCHEME_FIELDS} if source else dict(DEFAULT_SCHEME)
    scheme = Scheme(year=year, version=version, created_by=actor, **fields)
    scheme.full_clean()
    scheme.save()
    if source is not None:
        rows = [
            SchemeComponent(
                scheme=scheme,
                index=c.index,
                key=c.key,
                seq=c.seq,
                weight=c.weight,
                params=c.params,
                description=c.description,
            )
            for c in source.components.all()
        ]
    else:
        rows = [
            SchemeComponent(scheme=scheme, index=i, key=k, seq=n, weight=w, params=p, description=d)
            for n, (i, k, w, p, d) in enumerate(DEFAULT_COMPONENTS, start=1)
        ]
    SchemeComponent.objects.bulk_create(rows)
    return scheme


@transaction.atomic
def ensure_default_scheme(year: int, *, actor=None) -> Scheme:
    """The year's current scheme; a year without one starts from a copy of the latest earlier year's,
    or from the documented default (assessments.scheme.defaults) when there is none."""
    scheme = current_scheme(year)
    if scheme is not None:
        return scheme
    source = Scheme.objects.filter(year__lt=year).order_by("-year", "-version").first()
    return _copy(source, year=year, version=1, actor=actor)


@transaction.atomic
def scheme_new_version(*, actor, scheme: Scheme) -> Scheme:
    """A copy of `scheme` as the year's next version (what editing a scheme in use does)."""
    _require(actor, "assessments.change_scheme", scheme)
    latest = Scheme.objects.filter(year=scheme.year).aggregate(v=Max("version"))["v"] or 0
    copy = _copy(scheme, year=scheme.year, version=latest + 1, actor=actor)
    audit_log("assessments.scheme_version", actor=actor, target=copy, detail={"source": scheme.pk})
    return copy


@transaction.atomic
def scheme_update(
    *, actor, scheme: Scheme, fields: dict | None = None, weights: dict | None = None
) -> Scheme:
    """Change a scheme's fields and component weights (`{key: weight}`). A scheme a published run
    used is never changed: the change goes to a new version, which is returned."""
    _require(actor, "assessments.change_scheme", scheme)
    if scheme.is_locked:
        scheme = scheme_new_version(actor=actor, scheme=scheme)
    for name, value in (fields or {}).items():
        if name not in SCHEME_FIELDS:
            raise DomainError(_("考核办法没有字段 %(name)s") % {"name": name}, field=name)
        setattr(scheme, name, value)
    components = list(scheme.components.all())
    for component in components:
        if weights and component.key in weights:
            component.weight = weights[component.key]
    scheme.full_clean()
    scheme_validate(scheme, components)
    scheme.save()
    SchemeComponent.objects.bulk_update(components, ["weight"])
    return scheme


def spec_of(scheme: Scheme) -> SchemeSpec:
    return SchemeSpec(
        index_weights=scheme.index_weights(),
        components=tuple(
            ComponentSpec(index=c.index, key=c.key, weight=c.weight, params=c.params or {})
            for c in scheme.components.all()
        ),
        excellent_from=scheme.excellent_from,
        good_from=scheme.good_from,
        fair_from=scheme.fair_from,
        excellent_quota=scheme.excellent_quota,
        flag_bottom_rank=scheme.flag_bottom_rank,
        flag_poor_grade=scheme.flag_poor_grade,
    )


# -------------------------------------------------------------------------------------------- runs


def parse_period(year: int, period: str | None) -> Period:
    """`period` (2026-Q1, 2026-H1, 2026-Y; default: the year) of `year`, or a Chinese ValidationError."""
    try:
        parsed = Period.parse(period) if period else Period(year, YEAR)
    except ValueError as error:
        raise ValidationError({"period": str(error)}) from None
    if parsed.kind not in PERIOD_KINDS:
        raise ValidationError({"period": _("考核期间只能是季度、半年或全年（如 2026-Q1、2026-H1、2026-Y）")})
    if parsed.year != year:
        raise ValidationError(
            {"period": _("期间 %(period)s 不属于 %(year)s 年") % {"period": period, "year": year}}
        )
    return parsed


def assessed_organizations():
    """Who is assessed: the active grassroots orgs (机关党委, 党总支, 党支部), ranked among their kind."""
    return Organization.objects.filter(kind__in=GRASSROOTS_KINDS, is_active=True)


def _chunks(ids: list[int], size: int) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)] or [[]]


@transaction.atomic
def assessment_run_start(
    *,
    actor,
    year: int,
    period: str | None = None,
    reason: str = "",
    as_of: date | None = None,
    chunk_size: int = 0,
) -> AssessmentRun:
    """A run to compute: the period's latest run if it is not published (computed again in place),
    else a new version — which needs a reason when an earlier version was published. Its orgs are split
    into chunks (`chunk_size`, default DEFAULT_CHUNK_SIZE). Enqueue it with `assessment_run_enqueue`."""
    _require(actor, "assessments.compute_assessment")
    code = parse_period(year, period).code
    latest = (
        AssessmentRun.objects.select_for_update().filter(year=year, period=code).order_by("-version").first()
    )
    scheme = ensure_default_scheme(year, actor=actor)
    as_of = as_of or timezone.localdate()
    busy_since = timezone.now() - timedelta(minutes=STUCK_AFTER_MINUTES)
    if latest is not None and latest.state == RunState.COMPUTING and latest.updated_at > busy_since:
        raise ValidationError({"period": _("%(period)s 正在计算，请等计算完成后再试") % {"period": code}})
    if latest is not None and latest.state != RunState.PUBLISHED:
        run = latest
        run.scheme, run.state, run.as_of, run.error = scheme, RunState.COMPUTING, as_of, ""
        run.reason = reason or run.reason
        run.results.all().delete()
        run.chunks.all().delete()
    else:
        if latest is not None and not reason.strip():
            raise ValidationError({"reason": _("%(period)s 已发布，重新计算须填写原因") % {"period": code}})
        run = AssessmentRun(
            year=year,
            period=code,
            version=(latest.version + 1) if latest else 1,
            scheme=scheme,
            reason=reason.strip(),
            as_of=as_of,
            created_by=actor,
        )
    ids = list(assessed_organizations().order_by("path").values_list("pk", flat=True))
    chunks = _chunks(ids, chunk_size or DEFAULT_CHUNK_SIZE)
    run.chunks_total = len(chunks)
    run.constants = run_constants(year, Period.parse(code))
    run.computed_at = None
    run.save()
    AssessmentRunChunk.objects.bulk_create(
        AssessmentRunChunk(run=run, index=n, organization_ids=chunk) for n, chunk in enumerate(chunks)
    )
    if actor is not None:
        audit_log(
            "assessments.compute", actor=actor, target=run, detail={"period": code, "version": run.version}
        )
    return run


def assessment_run_enqueue(run: AssessmentRun) -> None:
    """Queue the run's chunks once the surrounding transaction has committed."""
    from assessments.tasks import dispatch_assessment_run

    run_id = run.pk
    transaction.on_commit(lambda: dispatch_assessment_run.delay(run_id))


@transaction.atomic
def assessment_run_publish(*, actor, run: AssessmentRun) -> AssessmentRun:
    """Publish a computed run: secretaries see it from now on, and it never changes again."""
    _require(actor, "assessments.publish_assessmentrun", run)
    run = AssessmentRun.objects.select_for_update().get(pk=run.pk)
    if run.state == RunState.PUBLISHED:
        raise DomainError(_("该考核结果已发布，不能再次发布"))
    if run.state != RunState.COMPUTED:
        raise DomainError(_("只有计算完成、待审核的考核结果才能发布"))
    run.state, run.published_at, run.published_by = RunState.PUBLISHED, timezone.now(), actor
    run.save(update_fields=["state", "published_at", "published_by", "updated_at"])
    audit_log(
        "assessments.publish", actor=actor, target=run, detail={"period": run.period, "version": run.version}
    )
    return run


def periods_due(today: date) -> list[tuple[int, str]]:
    """What the beat job computes a few days after a period ends: the quarter just ended, and the
    half-year (July) or the year (January) that ended with it."""
    last = today.replace(day=1) - timedelta(days=1)
    quarter = Period.containing(last, QUARTER)
    due = [(quarter.year, quarter.code)]
    if quarter.index == 2:
        due.append((quarter.year, Period(quarter.year, HALF, 1).code))
    if quarter.index == 4:
        due.append((quarter.year, Period(quarter.year, YEAR).code))
    return due


def results_of(run: AssessmentRun):
    return AssessmentResult.objects.filter(run=run)
