"""Browser sessions: ended everywhere by logout-all, password change, disabling and user_sessions_end;
an idle timeout (30 minutes, 15 for the admin roles) and an absolute lifetime (12 hours)."""

from datetime import timedelta

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.identity.services import user_sessions_end
from accounts.models import Role
from tests.factories import UserFactory

from .helpers import log_in

HOME = reverse("home")


def _two_browsers(user) -> tuple[Client, Client]:
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)
    assert first.get(HOME).status_code == 200
    assert second.get(HOME).status_code == 200
    return first, second


def _logged_out(browser: Client) -> bool:
    response = browser.get(HOME)
    return response.status_code == 302 and response.url.startswith(reverse("login"))


def test_user_sessions_end_ends_every_browser_session(secretary_a):
    first, second = _two_browsers(secretary_a)
    user_sessions_end(secretary_a, reason="role_change")
    assert _logged_out(first)
    assert _logged_out(second)


def test_the_user_is_told_why_the_session_ended(secretary_a):
    browser, _other = _two_browsers(secretary_a)
    user_sessions_end(secretary_a, reason="role_change")
    page = browser.get(HOME, follow=True).content.decode()
    assert "您的登录已失效" in page


def test_logout_everywhere_ends_the_other_browser_too(secretary_a):
    first, second = _two_browsers(secretary_a)
    assert first.post(reverse("identity:logout_all")).status_code == 302
    assert _logged_out(first)
    assert _logged_out(second)


def test_an_admins_password_reset_ends_the_users_sessions(secretary_a):
    browser, _other = _two_browsers(secretary_a)
    secretary_a.set_password("Reset#by-admin1")
    secretary_a.save()
    assert _logged_out(browser)


def test_disabling_the_user_ends_their_sessions(secretary_a):
    browser, _other = _two_browsers(secretary_a)
    secretary_a.is_active = False
    secretary_a.save()
    secretary_a.is_active = True
    secretary_a.save()
    assert _logged_out(browser)


def test_changing_my_own_password_keeps_this_session_and_ends_the_others(secretary_a):
    mine, other = _two_browsers(secretary_a)
    response = mine.post(
        reverse("identity:password_change"),
        {"old_password": "pass-12345", "new_password1": "Brand-new#2026", "new_password2": "Brand-new#2026"},
    )
    assert response.status_code == 302
    assert mine.get(HOME).status_code == 200
    assert _logged_out(other)


def test_logout_ends_the_session(client, secretary_a):
    client.force_login(secretary_a)
    client.post(reverse("logout"))
    assert _logged_out(client)


def test_thirty_idle_minutes_end_a_session(client, secretary_a):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(secretary_a)
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get(HOME).status_code == 200
    # Activity at 29 minutes restarted the idle clock.
    with time_machine.travel(start + timedelta(minutes=58), tick=False):
        assert client.get(HOME).status_code == 200
    with time_machine.travel(start + timedelta(minutes=89), tick=False):
        response = client.get(HOME, follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "30 分钟没有操作" in response.content.decode()


def test_the_admin_roles_time_out_after_fifteen_idle_minutes(client, db):
    secadmin = UserFactory(username="secadmin", role=Role.SECURITY_ADMIN, is_staff=True)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(secadmin)
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert client.get(HOME).status_code == 200
    with time_machine.travel(start + timedelta(minutes=30), tick=False):
        assert _logged_out(client)


def test_twelve_hours_end_a_session_however_busy(client, secretary_a):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(secretary_a)
    for minutes in range(20, 12 * 60, 20):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get(HOME).status_code == 200, minutes
    with time_machine.travel(start + timedelta(hours=12, minutes=1), tick=False):
        assert _logged_out(client)


def test_a_real_login_starts_the_clocks(client, secretary_a):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert log_in(client, "sec_a").status_code == 302
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert _logged_out(client)


def test_the_session_cookie_lasts_twelve_hours(settings):
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
