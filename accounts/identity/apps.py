from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "accounts.identity"
    label = "identity"
    verbose_name = _("身份与会话")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import schema, signals  # noqa: F401  (receivers and the OpenAPI token scheme)
