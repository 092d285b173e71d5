"""The model backend, loading the user's security row in the same query as the user."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from accounts.backends import PasswordOnlyBackend


class IdentityModelBackend(PasswordOnlyBackend):
    """Passwords only (no permissions: accounts/permissions/ answers those); the session lookup also
    fetches UserSecurity, which every request checks."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("security").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
