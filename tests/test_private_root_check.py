"""`manage.py check` refuses a private root the web server would serve: evidence without a check."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError


def test_a_private_root_inside_the_static_root_fails_the_system_check(settings, tmp_path):
    settings.STATIC_ROOT = str(tmp_path / "static")
    settings.PARTYBUILD_PRIVATE_ROOT = tmp_path / "static" / "private"
    with pytest.raises(SystemCheckError, match="partybuild.E001"):
        call_command("check")


def test_a_private_root_beside_the_served_folders_passes(settings, tmp_path):
    settings.STATIC_ROOT = str(tmp_path / "static")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PARTYBUILD_PRIVATE_ROOT = tmp_path / "private"
    call_command("check")
