"""Computing a run: each chunk of orgs in one transaction (components → indices → stored result with what
its explanation is made of, tree.stored), then the run's combination step (rank among peers, grade,
quota, flags).

Idempotent: a chunk upserts on the unique (run, org) key and marks its chunk row done in the same
transaction, so a chunk computed twice (a worker killed after commit, a redelivered task) writes the
same rows; the combination step locks the run and reads only stored results.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import Organization
from partybuild.bulk_update import update_columns, upsert_rows
from partybuild.periods import Period

from ..models import AssessmentResult, AssessmentRun, AssessmentRunChunk, RunState
from .calc import Ranked, SchemeSpec, combine, rank_peers
from .components import COMPONENTS, Context
from .services import spec_of
from .tree import stored

RESULT_FIELDS = [
    "peer_kind",
    "performance_index",
    "responsibility_index",
    "conduct_index",
    "composite",
    "explanation",
]


def compute_values(spec: SchemeSpec, ctx: Context) -> dict[int, dict]:
    """{org: {component key: {"value", "detail"}}}: one call (one grouped query) per component."""
    per_org: dict[int, dict] = {org_id: {} for org_id in ctx.organization_ids}
    for component in spec.components:
        values = COMPONENTS[component.key](ctx, component.params)
        for org_id in ctx.organization_ids:
            per_org[org_id][component.key] = values[org_id]
    return per_org


def compute_chunk(run_id: int, index: int) -> bool:
    """Compute and store one chunk of a run, in one transaction; False when it was already done (or
    the run is no longer computing), True when this call did it."""
    with transaction.atomic():
        # Lock the chunk row only (`of`): the chunks of one run are computed side by side.
        chunk = (
            AssessmentRunChunk.objects.select_for_update(of=("self",))
            .select_related("run__scheme")
            .filter(run_id=run_id, index=index)
            .first()
        )
        if chunk is None:  # the run was started again since this task was sent
            return False
        run = chunk.run
        if chunk.done_at is not None or run.state != RunState.COMPUTING:
            return False
        spec = spec_of(run.scheme)
        ctx = Context(
            year=run.year,
            period=Period.parse(run.period),
            as_of=run.as_of,
            organization_ids=tuple(chunk.organization_ids),
            constants=run.constants,
        )
        kinds = dict(Organization.objects.filter(pk__any_of=ctx.organization_ids).values_list("pk", "kind"))
        values = compute_values(spec, ctx)
        rows = []
        for org_id in ctx.organization_ids:
            components = values[org_id]
            indices = combine(spec, {key: c["value"] for key, c in components.items()})
            rows.append(
                {
                    "run_id": run.pk,
                    "organization_id": org_id,
                    "peer_kind": kinds.get(org_id, ""),
                    "performance_index": indices["performance"],
                    "responsibility_index": indices["responsibility"],
                    "conduct_index": indices["conduct"],
                    "composite": indices["composite"],
                    "explanation": stored(spec, components),
                }
            )
        upsert_rows(AssessmentResult, rows, unique=["run", "organization"], update=RESULT_FIELDS)
        chunk.done_at = timezone.now()
        chunk.save(update_fields=["done_at"])
    return True


def chunks_left(run_id: int) -> int:
    return AssessmentRunChunk.objects.filter(run_id=run_id, done_at__isnull=True).count()


def finalize_run(run_id: int) -> bool:
    """Once every chunk is done: rank, grade, quota and flags over all the run's results, and mark the
    run computed. Idempotent; False when there is nothing (yet, or any more) to do."""
    with transaction.atomic():
        run = AssessmentRun.objects.select_for_update(of=("self",)).select_related("scheme").get(pk=run_id)
        if run.state != RunState.COMPUTING or chunks_left(run_id):
            return False
        spec = spec_of(run.scheme)
        results = list(
            AssessmentResult.objects.filter(run=run)
            .select_related("organization")
            .only("pk", "organization_id", "peer_kind", "composite", "organization__path")
        )
        ranked = {
            r.pk: Ranked(
                org_id=r.organization_id,
                peer_kind=r.peer_kind,
                path=r.organization.path,
                composite=r.composite,
            )
            for r in results
        }
        rank_peers(spec, list(ranked.values()))
        for result in results:
            row = ranked[result.pk]
            result.rank, result.peer_count, result.grade = row.rank, row.peer_count, row.grade
            result.quota_applied, result.flags = row.quota_applied, row.flags
        # Scalar columns only: the stored tree is not rewritten (explanation_of adds the standing when
        # it is read), which keeps this step a small fraction of the run at any size.
        update_columns(AssessmentResult, results, ["rank", "peer_count", "grade", "quota_applied", "flags"])
        run.state, run.computed_at = RunState.COMPUTED, timezone.now()
        run.save(update_fields=["state", "computed_at", "updated_at"])
    return True


def compute_run_inline(run: AssessmentRun) -> AssessmentRun:
    """Every chunk and the combination in this process (the management command's --sync, tests)."""
    for index in run.chunks.order_by("index").values_list("index", flat=True):
        compute_chunk(run.pk, index)
    finalize_run(run.pk)
    run.refresh_from_db()
    return run
