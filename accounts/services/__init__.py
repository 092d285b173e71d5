"""Every write to orgs, people, terms and roles. Views, API, admin and imports call these."""

from .people import (
    id_number_hash,
    id_number_mask,
    id_number_normalize,
    id_number_problem,
    member_create,
    member_update,
    organization_create,
    organization_update,
    secretary_term_create,
    secretary_term_end,
    secretary_term_update,
    unit_get_or_create,
)
from .roles import role_grant, role_revoke, term_roles_sync, user_terms_sync

__all__ = [
    "id_number_hash",
    "id_number_mask",
    "id_number_normalize",
    "id_number_problem",
    "member_create",
    "member_update",
    "organization_create",
    "organization_update",
    "role_grant",
    "role_revoke",
    "secretary_term_create",
    "secretary_term_end",
    "secretary_term_update",
    "term_roles_sync",
    "unit_get_or_create",
    "user_terms_sync",
]
