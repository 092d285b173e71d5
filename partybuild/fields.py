""" "Only these fields may change": one list per model (beside its services), one way to refuse the rest."""

from __future__ import annotations

from collections.abc import Iterable


def refuse_unknown_fields(fields: Iterable[str], allowed: Iterable[str], what: str) -> None:
    """TypeError naming every field a service was handed but does not write: a caller's mistake, never
    the user's, so it fails loudly instead of being silently ignored."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown {what} fields: {sorted(unknown)}")
