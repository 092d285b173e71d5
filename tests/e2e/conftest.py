"""The browser the e2e tests drive: Debian's Chromium through Playwright (CI installs it)."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls around it are plain sync.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _static_files_by_their_own_names(settings):
    """The live server serves static files through Django's finders, which know `js/partybuild.js`, not
    the manifest's hashed names (those exist after collectstatic, and whitenoise serves them in
    production). Without this, a run with DEBUG off gets every script and stylesheet as a 404."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
