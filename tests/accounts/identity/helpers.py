"""Logging in the way a person does (the forms, not force_login) and reading a TOTP code like an app."""

from __future__ import annotations

from django.urls import reverse
from django_otp.oath import TOTP

PASSWORD = "pass-12345"  # tests.factories.UserFactory's password
TOKEN_URL = "/api/v1/auth/token/"


def log_in(client, username: str, password: str = PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def totp_code(device) -> str:
    """The code an authenticator app shows now for `device`."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def api_token(api_client, username: str, password: str = PASSWORD, **extra) -> str:
    body = {"username": username, "password": password, **extra}
    response = api_client.post(TOKEN_URL, body, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]
