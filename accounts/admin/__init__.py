"""The admin site's pages for accounts: people (committee staff) and users and roles (the admin roles)."""

from . import moves, people, users  # noqa: F401  (registers the ModelAdmins)
from .people import MemberAdmin, OrganizationAdmin  # noqa: F401  (their import hooks are tested directly)
