from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("组织与人员")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the permission matrix with rules)
        from .exports import members  # noqa: F401  (registers the roster export)
