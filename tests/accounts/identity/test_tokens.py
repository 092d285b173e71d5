"""API tokens: hashed at rest, expiring, revoked by logout, password change, disabling and role change."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.contrib.admin.sites import site
from django.db import connection
from django.utils import timezone
from knox.models import AuthToken

from accounts.identity.services import user_sessions_end

from .helpers import TOKEN_URL, api_token

ORGS = "/api/v1/organizations/"


def _reads(api_client, token: str) -> int:
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api_client.get(ORGS).status_code


def test_it_answers_the_token_and_its_expiry_ten_hours_ahead(api_client, reporting_client):
    response = api_client.post(TOKEN_URL, {"username": "report", "password": "pass-12345"}, format="json")
    assert response.status_code == 200
    expiry = response.json()["expiry"]
    stored = AuthToken.objects.get(user=reporting_client)
    assert abs(stored.expiry - (timezone.now() + timedelta(hours=10))) < timedelta(minutes=1)
    assert datetime.fromisoformat(expiry) == stored.expiry
    assert expiry.endswith("+08:00")


def test_it_stores_only_a_hash_of_the_token(api_client, reporting_client):
    token = api_token(api_client, "report")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {AuthToken._meta.db_table}")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert token not in stored
    assert token[16:] not in stored  # knox keeps a 15-character lookup prefix, never the secret part


def test_an_expired_token_is_refused_with_a_chinese_message(api_client, reporting_client):
    token = api_token(api_client, "report")
    assert _reads(api_client, token) == 200
    with time_machine.travel(timezone.now() + timedelta(hours=10, minutes=1)):
        response = api_client.get(ORGS)
    assert response.status_code == 401
    assert "令牌无效、已过期或已被吊销" in response.json()["detail"]


def test_the_token_lifetime_comes_from_settings(api_client, reporting_client, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": timedelta(hours=1)}
    token = api_token(api_client, "report")
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        assert _reads(api_client, token) == 401


def test_logout_revokes_the_token_in_use_only(api_client, reporting_client):
    first, second = api_token(api_client, "report"), api_token(api_client, "report")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert api_client.post("/api/v1/auth/logout/").status_code == 204
    assert _reads(api_client, first) == 401
    assert _reads(api_client, second) == 200


def test_logout_all_revokes_every_token_and_every_browser_session(api_client, client, reporting_client):
    first, second = api_token(api_client, "report"), api_token(api_client, "report")
    client.force_login(reporting_client)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert api_client.post("/api/v1/auth/logout-all/").status_code == 204
    assert _reads(api_client, first) == 401
    assert _reads(api_client, second) == 401
    assert client.get("/").status_code == 302


def test_a_password_change_revokes_the_tokens(api_client, reporting_client):
    token = api_token(api_client, "report")
    reporting_client.set_password("Another#Pass1")
    reporting_client.save()
    assert _reads(api_client, token) == 401


def test_disabling_the_user_revokes_the_tokens(api_client, reporting_client):
    token = api_token(api_client, "report")
    reporting_client.is_active = False
    reporting_client.save()
    assert not AuthToken.objects.filter(user=reporting_client).exists()
    reporting_client.is_active = True
    reporting_client.save()
    assert _reads(api_client, token) == 401


def test_user_sessions_end_revokes_the_tokens(api_client, reporting_client, secretary_a):
    token = api_token(api_client, "report")
    other = api_token(api_client, "sec_a")
    assert user_sessions_end(reporting_client, reason="role_change") == 1
    assert _reads(api_client, token) == 401
    assert _reads(api_client, other) == 200


def test_the_reporting_client_gets_a_token_with_a_password_alone(api_client, reporting_client):
    assert _reads(api_client, api_token(api_client, "report")) == 200


def test_no_admin_page_lists_or_mints_tokens(admin_client, reporting_client):
    assert not site.is_registered(AuthToken)
    assert admin_client.get("/admin/knox/authtoken/").status_code == 404
    assert admin_client.get("/admin/knox/authtoken/add/").status_code == 404
    assert admin_client.get("/admin/authtoken/tokenproxy/").status_code == 404


@pytest.mark.django_db
def test_the_schema_describes_logout_and_the_token_expiry(staff_api):
    paths = staff_api.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert "/api/v1/auth/logout/" in paths
    assert "/api/v1/auth/logout-all/" in paths
    token_schema = paths["/api/v1/auth/token/"]["post"]["responses"]["200"]["content"]["application/json"]
    assert token_schema["schema"]["$ref"].endswith("TokenResponse")
