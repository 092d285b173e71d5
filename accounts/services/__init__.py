"""Every write to orgs, people, terms and roles. Views, API, admin and imports call these."""

from .moves import (
    MergeResult,
    member_transfer,
    merge_step_register,
    organization_rename,
    organizations_merge,
    organizations_merge_preview,
)
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
    "MergeResult",
    "id_number_hash",
    "id_number_mask",
    "id_number_normalize",
    "id_number_problem",
    "member_create",
    "member_transfer",
    "member_update",
    "merge_step_register",
    "organization_create",
    "organization_rename",
    "organization_update",
    "organizations_merge",
    "organizations_merge_preview",
    "role_grant",
    "role_revoke",
    "secretary_term_create",
    "secretary_term_end",
    "secretary_term_update",
    "term_roles_sync",
    "unit_get_or_create",
    "user_terms_sync",
]
