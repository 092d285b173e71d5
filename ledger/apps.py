from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("台账")

    def ready(self) -> None:
        from accounts.services import merge_step_register

        from .services.merge import ledger_merge_step

        # When two orgs merge, open assignments move with the members (accounts cannot import ledger).
        merge_step_register(ledger_merge_step)
