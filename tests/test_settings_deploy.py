"""Production settings: `check --deploy` is clean, and a missing secret key stops the start loudly."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "PARTYBUILD_"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "partybuild.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_the_deploy_check_under_production_settings(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "PARTYBUILD_ID_HASH_KEY": secrets.token_urlsafe(32),
            "DJANGO_ALLOWED_HOSTS": "example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key_when_a_database_url_is_set(tmp_path):
    result = _manage("check", env={"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_it_refuses_to_start_without_its_own_id_number_hash_key(tmp_path):
    base = {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "DJANGO_SECRET_KEY": "k" * 60}
    missing = _manage("check", env=base)
    assert missing.returncode != 0
    assert "PARTYBUILD_ID_HASH_KEY is required" in missing.stderr
    same = _manage("check", env={**base, "PARTYBUILD_ID_HASH_KEY": "k" * 60})
    assert same.returncode != 0
    assert "must differ from DJANGO_SECRET_KEY" in same.stderr
