import re

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from accounts import authz
from accounts.models import User
from tests.factories import MemberFactory

TOKEN_URL = "/api/v1/auth/token/"


def test_it_exchanges_username_and_password_for_a_token_that_authenticates(api_client, secretary_a, org_a):
    MemberFactory(organization=org_a)
    response = api_client.post(TOKEN_URL, {"username": "sec_a", "password": "pass-12345"}, format="json")
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/members/").json()["count"] == 1


def test_it_gives_each_login_its_own_expiring_token(api_client, secretary_a):
    first = api_client.post(TOKEN_URL, {"username": "sec_a", "password": "pass-12345"}).json()
    second = api_client.post(TOKEN_URL, {"username": "sec_a", "password": "pass-12345"}).json()
    assert first["token"] != second["token"]
    assert first["expiry"] and second["expiry"]
    for token in (first["token"], second["token"]):
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert api_client.get("/api/v1/organizations/").status_code == 200


def test_it_refuses_a_wrong_password_with_a_chinese_message(api_client, secretary_a):
    response = api_client.post(TOKEN_URL, {"username": "sec_a", "password": "wrong-pass"}, format="json")
    assert response.status_code == 400
    assert "用户名或密码不正确" in response.json()["non_field_errors"][0]


def test_it_says_which_field_is_missing(api_client):
    response = api_client.post(TOKEN_URL, {"username": "sec_a"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()


def test_it_locks_the_account_after_five_failures_with_a_clear_chinese_message(api_client, secretary_a):
    for _attempt in range(4):
        response = api_client.post(TOKEN_URL, {"username": "sec_a", "password": "wrong-pass"}, format="json")
        assert response.status_code == 400
    fifth = api_client.post(TOKEN_URL, {"username": "sec_a", "password": "wrong-pass"}, format="json")
    assert fifth.status_code == 403
    # Even the right password is refused while locked, and the message says what to do.
    locked = api_client.post(TOKEN_URL, {"username": "sec_a", "password": "pass-12345"}, format="json")
    assert locked.status_code == 403
    assert "账号已被暂时锁定" in locked.json()["detail"]
    assert "30 分钟" in locked.json()["detail"]


def test_it_accepts_a_token_header_and_rejects_a_bad_one(api_client, reporting_client):
    token = api_client.post(TOKEN_URL, {"username": "report", "password": "pass-12345"}).json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api_client.get("/api/v1/organizations/").status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/organizations/").status_code == 200


def test_it_accepts_a_logged_in_session(client, committee_staff, org_a):
    client.force_login(committee_staff)
    assert client.get("/api/v1/organizations/").status_code == 200


def test_the_bootstrap_superuser_sets_up_accounts_but_reads_no_business_data(org_a):
    # 三员分立: the first-setup account creates the admin accounts; the roster is not its to read.
    MemberFactory(organization=org_a)
    call_command("createsuperuser", interactive=False, username="root", email="root@example.org", verbosity=0)
    root = User.objects.get(username="root")
    client = APIClient()
    client.force_authenticate(root)
    refused = client.get("/api/v1/organizations/")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "您的角色不能查看党组织。"
    assert client.get("/api/v1/members/").status_code == 403
    assert authz.may_manage_users(root) and authz.may_grant_roles(root)


def test_the_schema_passes_validation_without_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


@pytest.mark.django_db
def test_the_schema_describes_the_token_endpoint_and_both_resources(staff_api):
    response = staff_api.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/auth/token/" in paths
    assert "/api/v1/organizations/" in paths
    assert "/api/v1/members/{id}/" in paths
    assert "delete" not in paths["/api/v1/members/{id}/"]


def test_the_docs_page_loads_nothing_from_the_internet(staff_client):
    response = staff_client.get("/api/v1/docs/")
    assert response.status_code == 200
    # The start-up script is a second request (no inline script under the CSP).
    script = staff_client.get("/api/v1/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    html = response.content.decode() + script.content.decode()
    assert "swagger-ui" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert not re.search(r"""url\(\s*["']?(https?:)?//""", html)
    assert "redoc" not in html.lower()
    assert "fonts.googleapis" not in html
    # Swagger UI's online validator badge is switched off.
    assert '"validatorUrl": null' in html
