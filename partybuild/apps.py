import contextlib

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class PartybuildConfig(AppConfig):
    """Project-wide pieces that need an app: private storage checks, backup and restore commands."""

    name = "partybuild"
    verbose_name = _("系统")

    def ready(self) -> None:
        from django.db.models import ForeignKey, IntegerField

        from .lookups import AnyOf
        from .storage import ensure_private_dirs

        IntegerField.register_lookup(AnyOf)
        ForeignKey.register_lookup(AnyOf)

        checks.register(check_private_root)
        with contextlib.suppress(OSError):  # check_private_root says why
            ensure_private_dirs()


def check_private_root(app_configs=None, **kwargs):
    """The private root must exist, be writable, and not lie under a folder the web server serves."""
    import os

    from .storage import ensure_private_dirs, private_root, private_root_problems

    errors = [
        checks.Error(
            f"PARTYBUILD_PRIVATE_ROOT ({private_root()}) lies inside {name}: evidence would be served "
            "without a permission check.",
            hint="Point PARTYBUILD_PRIVATE_ROOT at a folder outside MEDIA_ROOT and STATIC_ROOT.",
            id="partybuild.E001",
        )
        for name in private_root_problems()
    ]
    try:
        ensure_private_dirs()
        writable = os.access(private_root(), os.W_OK)
    except OSError:
        writable = False
    if not writable:
        errors.append(
            checks.Error(
                f"PARTYBUILD_PRIVATE_ROOT ({private_root()}) cannot be created or written.",
                hint="Create it (a volume in docker-compose) owned by the user the app runs as.",
                id="partybuild.E002",
            )
        )
    return errors
