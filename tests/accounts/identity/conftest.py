import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # These tests set and check many passwords (the history check compares five hashes); PBKDF2 at
    # production strength would take most of their time. The rules under test do not depend on it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
