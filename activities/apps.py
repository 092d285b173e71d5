from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("活动载体")

    def ready(self) -> None:
        from . import export_kinds  # noqa: F401  (registers the 实绩档案 export of a year)
