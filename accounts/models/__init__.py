"""accounts' models: the org tree, people on the rolls and their terms, and users with their roles."""

from .exports import ExportJob, ExportState
from .moves import MemberTransfer, OrganizationMerge
from .orgs import GRASSROOTS_KINDS, Organization, OrgGroupRule, OrgKind, Unit
from .people import Member, MemberClass, MemberStatus, PartyStanding, SecretaryRole, SecretaryTerm
from .users import ADMIN_ROLES, ORG_SCOPED_ROLES, Notification, Role, RoleAssignment, User

__all__ = [
    "ADMIN_ROLES",
    "GRASSROOTS_KINDS",
    "ExportJob",
    "ExportState",
    "ORG_SCOPED_ROLES",
    "Member",
    "MemberClass",
    "MemberStatus",
    "MemberTransfer",
    "Notification",
    "OrgGroupRule",
    "OrgKind",
    "Organization",
    "OrganizationMerge",
    "PartyStanding",
    "Role",
    "RoleAssignment",
    "SecretaryRole",
    "SecretaryTerm",
    "Unit",
    "User",
]
