"""TOTP for committee staff and the admin roles: enrolment, verification, recovery codes, resets."""

import re
from datetime import timedelta

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.identity.services import demo_accounts_mark
from accounts.models import Role
from tests.factories import UserFactory

from .helpers import TOKEN_URL, api_token, log_in, totp_code

HOME = reverse("home")
ENROL = reverse("identity:otp_enrol")
VERIFY = reverse("identity:otp_verify")


def _enrol(client, username="staff") -> list[str]:
    """Log in and enrol like a new staff member; returns the recovery codes shown."""
    log_in(client, username)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    page = client.post(ENROL, {"code": totp_code(device)})
    assert page.status_code == 200
    return re.findall(r'<li class="col py-1">([a-z2-7]{8})</li>', page.content.decode())


def test_staff_must_enrol_before_reaching_any_page(client, committee_staff):
    log_in(client, "staff")
    for url in (HOME, reverse("member_list"), "/api/v1/organizations/", reverse("identity:password_change")):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response.url.startswith(ENROL)
    assert client.get(ENROL).status_code == 200


def test_the_enrolment_page_draws_the_qr_code_itself_and_shows_the_secret(client, committee_staff):
    log_in(client, "staff")
    html = client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=committee_staff)
    assert "<svg" in html and 'class="segno"' in html
    assert "otpauth" not in html  # the URL is only inside the drawing
    shown = re.search(r"<p[^>]*data-secret>([A-Z2-7 ]+)</p>", html).group(1).replace(" ", "")
    from base64 import b32decode

    assert b32decode(shown) == device.bin_key
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)


def test_a_wrong_first_code_does_not_enrol(client, committee_staff):
    log_in(client, "staff")
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000"})
    assert "验证码不正确" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=committee_staff, confirmed=True).exists()
    assert client.get(HOME).status_code == 302


def test_enrolment_shows_ten_recovery_codes_once_and_lets_the_user_in(client, committee_staff):
    codes = _enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(HOME).status_code == 200


def test_the_next_login_asks_for_a_code_and_accepts_the_apps_code(client, committee_staff):
    _enrol(client)
    client.post(reverse("logout"))
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        log_in(client, "staff")
        assert client.get(HOME).url.startswith(VERIFY)
        # Enrolled already: the enrolment page cannot be used to bind a second phone with the password alone.
        assert client.get(ENROL).url == VERIFY
        assert "验证码不正确" in client.post(VERIFY, {"code": "123456"}).content.decode()
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        device = TOTPDevice.objects.get(user=committee_staff)
        assert client.post(VERIFY, {"code": totp_code(device)}).status_code == 302
        assert client.get(HOME).status_code == 200


def test_a_recovery_code_works_once(client, committee_staff):
    codes = _enrol(client)
    client.post(reverse("logout"))
    log_in(client, "staff")
    assert client.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert client.get(HOME).status_code == 200
    client.post(reverse("logout"))
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        log_in(client, "staff")
        assert client.post(VERIFY, {"code": codes[0]}).status_code == 200
        assert client.get(HOME).status_code == 302


def test_regenerating_recovery_codes_voids_the_old_ones(client, committee_staff):
    old = _enrol(client)
    page = client.post(reverse("identity:recovery_codes")).content.decode()
    new = re.findall(r'<li class="col py-1">([a-z2-7]{8})</li>', page)
    assert len(new) == 10 and not set(new) & set(old)
    stored = StaticToken.objects.filter(device__user=committee_staff).values_list("token", flat=True)
    assert set(stored) == set(new)


def test_the_admin_site_requires_the_second_factor(client, committee_staff):
    login = client.post(reverse("admin:login"), {"username": "staff", "password": "pass-12345"})
    assert login.status_code == 302
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(ENROL)
    assert client.get(reverse("admin:accounts_member_changelist")).status_code == 302


def test_the_admin_roles_need_totp_too(client, db):
    UserFactory(username="auditadmin", role=Role.AUDIT_ADMIN, is_staff=True)
    log_in(client, "auditadmin")
    assert client.get(HOME).url.startswith(ENROL)


def test_secretaries_and_members_need_no_totp(client, secretary_a):
    log_in(client, "sec_a")
    assert client.get(HOME).status_code == 200


def test_demo_staff_skip_totp(client, committee_staff):
    demo_accounts_mark([committee_staff])
    log_in(client, "staff")
    assert client.get(HOME).status_code == 200


def test_the_token_endpoint_asks_staff_for_a_code(api_client, client, committee_staff):
    no_device = api_client.post(TOKEN_URL, {"username": "staff", "password": "pass-12345"}, format="json")
    assert no_device.status_code == 403
    assert "绑定" in no_device.json()["detail"]
    _enrol(client)
    missing = api_client.post(TOKEN_URL, {"username": "staff", "password": "pass-12345"}, format="json")
    assert missing.status_code == 400 and "otp" in missing.json()
    wrong = api_client.post(TOKEN_URL, {"username": "staff", "password": "pass-12345", "otp": "000000"})
    assert wrong.status_code == 400 and "动态验证码不正确" in wrong.json()["otp"][0]
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        code = totp_code(TOTPDevice.objects.get(user=committee_staff))
        token = api_token(api_client, "staff", otp=code)
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert api_client.get("/api/v1/organizations/").status_code == 200


def test_the_security_admin_resets_a_lost_phone(client, committee_staff):
    _enrol(client)
    secadmin = UserFactory(username="secadmin", role=Role.SECURITY_ADMIN, is_staff=True)
    admin_browser = Client()
    admin_browser.force_login(secadmin)
    response = admin_browser.post(reverse("identity:otp_reset"), {"username": "staff"}, follow=True)
    assert "已重置" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=committee_staff).exists()
    assert client.get(HOME).url.startswith(reverse("login"))  # their session ended
    log_in(client, "staff")
    assert client.get(HOME).url.startswith(ENROL)


def test_only_the_security_admin_may_reset(committee_staff, db):
    sysadmin = UserFactory(username="sysadmin", role=Role.SYSTEM_ADMIN, is_staff=True)
    browser = Client()
    browser.force_login(sysadmin)
    assert browser.post(reverse("identity:otp_reset"), {"username": "staff"}).status_code == 403
    browser.force_login(committee_staff)
    assert browser.get(reverse("identity:otp_reset")).status_code == 403


def test_no_admin_page_shows_totp_secrets(admin_client):
    assert admin_client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert admin_client.get("/admin/otp_static/staticdevice/").status_code == 404


def test_guessing_codes_is_slowed_down(client, committee_staff):
    _enrol(client)
    client.post(reverse("logout"))
    start = timezone.now() + timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        log_in(client, "staff")
        client.post(VERIFY, {"code": "000000"})
        # Right after a wrong guess even the right code is refused: each failure doubles the wait.
        device = TOTPDevice.objects.get(user=committee_staff)
        assert client.post(VERIFY, {"code": totp_code(device)}).status_code == 200
    with time_machine.travel(start + timedelta(seconds=5), tick=False):
        assert client.post(VERIFY, {"code": totp_code(device)}).status_code == 302
