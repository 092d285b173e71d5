"""A result's explanation: what is stored when it is computed, and the tree its reader sees.

Stored (`AssessmentResult.explanation`, written once per org by the chunk): each component's value and
what it is made of — counts, sums and the ids of the records that cost points — and nothing a reader
can derive: `{"components": {key: {"value": 0–100 or null, "detail": {…}}}}`. The indices, composite
and standing are the result's columns.

Read (`expand`): composite → indices (label, weight, value) → components (label, weight, value,
applicable, detail, `records`: per count the list page and query of exactly the records it counted),
from the stored part, the result's columns and the run's scheme version (a scheme used by a run never
changes: an edit makes a new version) — labels in the reader's language. Keeping the stored part small
keeps the job's insert and Python cheap at any number of orgs (docs/benchmarks.md, issue 10).
"""

from __future__ import annotations

import copy

from django.utils.translation import gettext

from partybuild.periods import Period

from ..models import ComponentKey, IndexKey
from .calc import INDICES, SchemeSpec
from .components import RECORDS, Context


def stored(spec: SchemeSpec, components: dict[str, dict]) -> dict:
    """What a chunk stores of an org's component values (see the module's docstring)."""
    out = {}
    for c in spec.components:
        value, detail = components[c.key]["value"], components[c.key]["detail"]
        out[c.key] = {"value": None if value is None else round(value, 2), "detail": detail}
    return {"components": out}


def components_of(explanation: dict) -> dict[str, dict]:
    """{component key: {"value", "detail"}} of a stored explanation, in either shape (before the
    compact one, results stored the whole tree)."""
    if "components" in explanation:
        return explanation["components"]
    return {c["key"]: c for index in explanation.get("indices", []) for c in index.get("components", [])}


def expand(spec: SchemeSpec, result, run) -> dict:
    """The reader's tree of `result` (of `run`, computed with `spec`). A result stored before the
    compact shape keeps its stored tree (without links to records, which it never had)."""
    explanation = result.explanation or {}
    if "components" not in explanation:
        return copy.deepcopy(explanation)
    index_labels = {key: gettext(label) for key, label in IndexKey.choices}
    labels = {key: gettext(label) for key, label in ComponentKey.choices}
    values = {
        "performance": result.performance_index,
        "responsibility": result.responsibility_index,
        "conduct": result.conduct_index,
    }
    ctx = Context(
        year=run.year,
        period=Period.parse(run.period),
        as_of=run.as_of,
        organization_ids=(result.organization_id,),
    )
    stored_components = explanation["components"]
    tree = {"composite": float(result.composite), "indices": []}
    for index in INDICES:
        components = []
        for c in spec.components:
            if c.index != index:
                continue
            part = stored_components.get(c.key, {"value": None, "detail": {}})
            records = RECORDS.get(c.key)
            components.append(
                {
                    "key": c.key,
                    "label": labels.get(c.key, c.key),
                    "weight": float(c.weight),
                    "value": part["value"],
                    "applicable": part["value"] is not None,
                    "detail": copy.deepcopy(part["detail"]),
                    "records": records(ctx, result.organization_id) if records else {},
                }
            )
        tree["indices"].append(
            {
                "key": index,
                "label": index_labels[index],
                "weight": float(spec.index_weights[index]),
                "value": float(values[index]),
                "components": components,
            }
        )
    return tree
