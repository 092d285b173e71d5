"""The password policy, its expiry, the first-login change of issued passwords and the demo exemption."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.identity.models import UserSecurity
from accounts.identity.services import demo_accounts_mark, security_for
from accounts.models import Role, User
from tests.factories import UserFactory

from .helpers import TOKEN_URL, api_token, log_in

CHANGE = reverse("identity:password_change")


def _change(old: str, new: str) -> dict:
    return {"old_password": old, "new_password1": new, "new_password2": new}


def _errors(password: str, user=None) -> str:
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@pytest.mark.parametrize(
    "password",
    ["abcdefgh1", "ABCDEFGH1", "abcdEFGH", "abcd#efg", "12345678#"],
)
def test_it_refuses_a_password_with_fewer_than_three_character_classes(password):
    assert "至少 3 类" in _errors(password)


@pytest.mark.parametrize("password", ["xkqdWZPT7", "xkqd#wzp7", "XKQD#WZP7", "xkqd#WZPT", "Demo#2026"])
def test_it_accepts_any_three_of_the_four_classes(password):
    assert _errors(password) == ""


def test_it_refuses_fewer_than_eight_characters():
    assert "至少需要 8 个字符" in _errors("Ab#1xyz")


def test_it_refuses_a_password_like_the_username(db):
    user = User(username="zhangwei2026", display_name="张伟")
    assert "太相似" in _errors("Zhangwei#2026", user=user)


@pytest.mark.django_db
def test_it_refuses_any_of_the_last_five_passwords_but_not_the_sixth(secretary_a):
    passwords = [f"History#{n}x" for n in range(1, 7)]
    for password in passwords:
        secretary_a.set_password(password)
        secretary_a.save()
    # The current one and the four before it are refused; the sixth-newest is allowed again.
    for password in passwords[1:]:
        assert "最近用过的 5 个密码" in _errors(password, user=secretary_a), password
    assert _errors(passwords[0], user=secretary_a) == ""


def test_the_change_page_shows_the_rule_a_new_password_breaks(client, secretary_a):
    client.force_login(secretary_a)
    response = client.post(CHANGE, _change("pass-12345", "pass-12345"))
    assert response.status_code == 200
    assert "最近用过的 5 个密码" in response.content.decode()
    wrong_old = client.post(CHANGE, _change("nope", "Fresh#Pass1"))
    assert "当前密码不正确" in wrong_old.content.decode()


def test_every_user_finds_change_password_in_the_user_menu(client, member):
    client.force_login(member)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{CHANGE}"' in html
    page = client.get(CHANGE)
    assert page.status_code == 200
    assert "修改密码" in page.content.decode()


def test_an_expired_password_must_be_changed_at_the_next_login(client, secretary_a):
    security_for(secretary_a)  # the password's clock starts when the account is first seen
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        assert log_in(client, "sec_a").status_code == 302
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response.url.startswith(CHANGE)
        page = client.get(response.url).content.decode()
        assert "超过有效期" in page
        client.post(CHANGE, _change("pass-12345", "Renewed#2026"))
        assert client.get(reverse("home")).status_code == 200


def test_a_password_younger_than_ninety_days_is_fine(client, secretary_a):
    security_for(secretary_a)
    with time_machine.travel(timezone.now() + timedelta(days=89)):
        log_in(client, "sec_a")
        assert client.get(reverse("home")).status_code == 200


def test_a_password_set_by_the_admin_must_be_changed_at_first_login(client, secretary_a):
    secretary_a.set_password("Issued#2026")
    secretary_a.save()
    assert security_for(secretary_a).must_change_password
    log_in(client, "sec_a", "Issued#2026")
    response = client.get(reverse("member_list"))
    assert response.status_code == 302 and response.url.startswith(CHANGE)
    assert "首次登录请先修改密码" in client.get(CHANGE).content.decode()
    client.post(CHANGE, _change("Issued#2026", "Mine#2026a"))
    assert client.get(reverse("member_list")).status_code == 200
    assert not UserSecurity.objects.get(user=secretary_a).must_change_password


def test_a_user_added_in_the_admin_must_change_the_password_at_first_login(admin_client, client, org_a):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {"username": "newcomer", "password1": "Issued#2026", "password2": "Issued#2026"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    log_in(client, "newcomer", "Issued#2026")
    assert client.get(reverse("home")).url.startswith(CHANGE)


def test_the_api_refuses_a_user_who_must_change_the_password(api_client, reporting_client):
    token = api_token(api_client, "report")
    reporting_client.set_password("Issued#2026")
    reporting_client.save()
    refused = api_client.post(TOKEN_URL, {"username": "report", "password": "Issued#2026"}, format="json")
    assert refused.status_code == 403
    assert "须先修改" in refused.json()["detail"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/organizations/").status_code == 401  # revoked with the change


def test_an_existing_token_is_refused_once_the_password_expires(api_client, reporting_client):
    token = api_token(api_client, "report")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    long_ago = timezone.now() - timedelta(days=91)
    UserSecurity.objects.filter(user=reporting_client).update(password_changed_at=long_ago)
    response = api_client.get("/api/v1/organizations/")
    assert response.status_code == 403
    assert "须先修改" in response.json()["detail"]


def test_a_session_user_who_must_change_gets_a_chinese_403_from_the_api(client, secretary_a):
    UserSecurity.objects.update_or_create(user=secretary_a, defaults={"must_change_password": True})
    client.force_login(secretary_a)
    response = client.get("/api/v1/organizations/")
    assert response.status_code == 403
    assert "首次登录请先修改密码" in response.json()["detail"]


def test_demo_accounts_skip_the_first_login_change_and_expiry(client, secretary_a):
    demo_accounts_mark([secretary_a])
    UserSecurity.objects.filter(user=secretary_a).update(must_change_password=True)
    with time_machine.travel(timezone.now() + timedelta(days=400)):
        log_in(client, "sec_a")
        assert client.get(reverse("home")).status_code == 200


def test_the_admin_cannot_mark_an_account_as_demo(admin_client, secretary_a):
    url = reverse("admin:accounts_user_change", args=[secretary_a.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if form[name].value() is not None}
    data.update({"username": "sec_a", "role": Role.SECRETARY, "is_demo": "on", "security-is_demo": "on"})
    admin_client.post(url, data)
    assert not security_for(User.objects.get(pk=secretary_a.pk)).is_demo
    assert "is_demo" not in form.fields
    assert not any("identity" in path for path in _admin_model_urls(admin_client))


def _admin_model_urls(admin_client) -> list[str]:
    apps = admin_client.get(reverse("admin:index")).context["app_list"]
    return [model["admin_url"] or "" for app in apps for model in app["models"]]


def test_a_new_user_created_in_code_is_not_a_demo_account(db):
    user = UserFactory(username="plain")
    assert not security_for(user).is_demo


def test_the_admins_own_password_link_leads_to_the_portal_page(client, committee_staff):
    client.force_login(committee_staff)
    response = client.get(reverse("admin:password_change"))
    assert response.status_code == 302
    assert response.url == CHANGE
