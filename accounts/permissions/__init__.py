"""The role × resource × action matrix as rules: every permission the portal, API and admin ask.

Each entry names a Django-style permission (`app.action_model`, plus domain actions such as
`ledger.review_record`) and the predicate that grants it. Object-level predicates take the row
(or None, meaning "some row of this kind"); the org a row belongs to decides whether it is in scope.
`tests/golden/authz_matrix.csv` holds what these answer for every role, and a test keeps them equal.
Anything not listed is refused.
"""

from __future__ import annotations

import rules

from . import assessments, carriers, ledger, people, six_systems

# One part per area, each kept where its reader looks for it; a permission is named in exactly one.
_PARTS = (people.RULES, ledger.RULES, six_systems.RULES, carriers.RULES, assessments.RULES)
MATRIX = {name: predicate for part in _PARTS for name, predicate in part.items()}
assert len(MATRIX) == sum(len(part) for part in _PARTS), "a permission is named in two parts of the matrix"

for _name, _predicate in MATRIX.items():
    rules.set_perm(_name, _predicate)
