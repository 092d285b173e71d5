from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = _("台账")

    def ready(self) -> None:
        from accounts.services import merge_step_register

        from . import export_kinds  # noqa: F401  (registers the overdue list and yearly ledger exports)
        from .services.merge import ledger_merge_step

        # When two orgs merge, open assignments move with the members (accounts cannot import ledger).
        merge_step_register(ledger_merge_step)

        from accounts.signals import organization_moved

        from .services.rollup import rollup_follow_move

        # An org moved to another top-level org: its summary rows move with it.
        organization_moved.connect(rollup_follow_move, dispatch_uid="ledger.rollup_follow_move")
