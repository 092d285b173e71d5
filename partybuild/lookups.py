"""`field__any_of=[ids]`: membership in a long list of ids as ONE array parameter on PostgreSQL.

An assessment chunk asks for its 1,000 orgs in a dozen queries; as `__in` each list is 1,000 query
parameters that Django prepares one by one (~0.1 s of Python a chunk). `= ANY(%s)` sends the list as one
array; other databases get the same `IN (…)`. Registered on integer and foreign-key fields (apps.py).
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db.models import Lookup


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [int(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if not self.rhs:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", (*lhs_params, list(self.rhs))
        return f"{lhs} IN ({', '.join(['%s'] * len(self.rhs))})", (*lhs_params, *self.rhs)
