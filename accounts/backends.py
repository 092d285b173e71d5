"""Authentication by password, with no permissions from groups or per-user grants: those come from
accounts/permissions/ through the rules backend, so there is one place that says who may do what."""

import rules
from django.contrib.auth.backends import ModelBackend
from rules.permissions import ObjectPermissionBackend


class PasswordOnlyBackend(ModelBackend):
    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False


class MatrixBackend(ObjectPermissionBackend):
    """The rules backend, also answering "may this user see this app in the admin at all"."""

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        from .permissions import MATRIX

        prefix = f"{app_label}."
        return any(rules.has_perm(name, user_obj) for name in MATRIX if name.startswith(prefix))
