"""Chinese by default, English from the footer's language switch, times in Beijing time.

The English catalogue is shipped compiled (locale/en/LC_MESSAGES/django.mo), so a machine without
gettext still shows English; these tests read that compiled file, not the .po.
"""

import ast
import gettext
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from ledger import services as ledger_services

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
ORGS_API = "/api/v1/organizations/"
MEMBERS_API = "/api/v1/members/"
CLOSE_API = "/api/v1/ledger/closures/close/"


def _po_entries(path: Path) -> list[tuple[str, str, str, str]]:
    """(flags, msgid, msgid_plural, msgstr) per entry; plural entries give their singular msgstr[0]."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        flags = " ".join(line for line in block.splitlines() if line.startswith("#,"))
        msgstr = _field(block, "msgstr[0]") or _field(block, "msgstr")
        entries.append((flags, _field(block, "msgid"), _field(block, "msgid_plural"), msgstr))
    return [entry for entry in entries if entry[1]]  # the header has an empty msgid


def _field(block: str, name: str) -> str:
    """The value of one field, its continuation lines joined; PO escapes are Python's."""
    match = re.search(rf'^{re.escape(name)} ("[^\n]*"(?:\n"[^\n]*")*)', block, re.M)
    if not match:
        return ""
    return "".join(ast.literal_eval(line) for line in match.group(1).splitlines())


# --- pages --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_shows_the_login_page_in_chinese_by_default(client):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="zh-hans">' in html
    assert "登录机关党建台账" in html
    assert "Log in" not in html


@pytest.mark.django_db
def test_it_stays_chinese_for_a_browser_set_to_english(client):
    # The committee's language wins over Accept-Language; only the footer switch changes it.
    html = client.get(reverse("login"), headers={"accept-language": "en"}).content.decode()
    assert '<html lang="zh-hans">' in html
    assert "登录机关党建台账" in html


@pytest.mark.django_db
def test_it_shows_the_login_page_in_english_with_the_language_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html
    assert "Log in to the party-building ledger" in html
    assert "Username" in html and "Password" in html
    assert "登录机关党建台账" not in html


@pytest.mark.django_db
def test_it_switches_to_english_from_the_footer_and_remembers_it(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get(reverse("login")).content.decode()
    assert "Log in to the party-building ledger" in html
    # The footer switch shows English as the selected language.
    assert '<option value="en" selected>English</option>' in html


def test_it_shows_the_home_page_to_committee_staff_in_chinese_by_default(client, committee_staff):
    client.force_login(committee_staff)
    html = client.get(reverse("home")).content.decode()
    assert "您好，staff" in html
    assert "在册党员" in html
    assert "首页" in html


def test_it_shows_the_home_page_to_committee_staff_in_english(client, committee_staff):
    client.force_login(committee_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("home")).content.decode()
    assert "Hello, staff" in html
    assert "Registered members" in html
    # The menu, the role shown next to the user and the log-out button are English too.
    assert "Home" in html
    assert "Party organizations" in html
    assert "Committee staff" in html
    assert "Log out" in html
    assert "您好" not in html
    assert "退出" not in html


def test_it_switches_back_to_chinese(client, committee_staff):
    client.force_login(committee_staff)
    client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    client.post(reverse("set_language"), {"language": "zh-hans", "next": reverse("home")})
    html = client.get(reverse("home")).content.decode()
    assert "您好，staff" in html
    assert "Hello" not in html


# --- API ----------------------------------------------------------------------------------------


def test_it_returns_drf_validation_errors_in_chinese_by_default(staff_api):
    response = staff_api.post(MEMBERS_API, {}, format="json")
    assert response.status_code == 400
    assert response.json()["name"] == ["该字段是必填项。"]


def test_it_returns_drf_validation_errors_in_chinese_to_an_english_api_client(staff_api):
    response = staff_api.post(MEMBERS_API, {}, format="json", headers={"accept-language": "en"})
    assert response.status_code == 400
    assert response.json()["name"] == ["该字段是必填项。"]


def test_it_returns_the_projects_own_field_errors_in_chinese_by_default(staff_api, root_org):
    response = staff_api.post(ORGS_API, {"name": "新支部", "kind": "branch", "parent": 999999}, format="json")
    assert response.status_code == 400
    assert response.json()["parent"] == [
        "党组织（id=999999）不存在或不在您的管辖范围内，请选择本组织或其下级组织。"
    ]


def test_it_returns_validation_errors_in_english_to_a_user_who_chose_english(staff_api, root_org):
    staff_api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = staff_api.post(ORGS_API, {"name": "新支部", "kind": "branch", "parent": 999999}, format="json")
    assert response.status_code == 400
    assert response.json()["parent"] == [
        "Party organization (id=999999) does not exist or is outside your scope; "
        "choose your own organization or one below it."
    ]


def test_it_refuses_closing_a_closed_quarter_in_chinese_by_default_and_in_english_on_request(
    staff_api, committee_staff
):
    # A domain error raised in a service, not a serializer: it follows the user's language too.
    ledger_services.period_close(period="2020-Q1", user=committee_staff)

    response = staff_api.post(CLOSE_API, {"period": "2020-Q1"}, format="json")
    assert response.status_code == 400
    assert response.json()["period"] == ["2020年第1季度已经关账"]

    staff_api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = staff_api.post(CLOSE_API, {"period": "2020-Q1"}, format="json")
    assert response.status_code == 400
    assert response.json()["period"] == ["Q1 2020 is already closed"]


# --- time zone ----------------------------------------------------------------------------------


def test_it_uses_beijing_time():
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    # 16:30 UTC on New Year's Eve is already 00:30 on New Year's Day in Beijing.
    local = timezone.localtime(datetime(2025, 12, 31, 16, 30, tzinfo=UTC))
    assert (local.year, local.month, local.day, local.hour, local.minute) == (2026, 1, 1, 0, 30)
    assert local.utcoffset().total_seconds() == 8 * 3600


# --- the shipped catalogue ----------------------------------------------------------------------


def test_it_translates_every_message_of_the_english_catalogue():
    entries = _po_entries(LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 400
    untranslated = [msgid for _flags, msgid, _plural, msgstr in entries if not msgstr]
    fuzzy = [msgid for flags, msgid, _plural, _msgstr in entries if "fuzzy" in flags]
    assert untranslated == []
    assert fuzzy == []


def test_it_keeps_every_placeholder_in_the_english_translation():
    entries = _po_entries(LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po")
    placeholder = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]+\}")
    changed = [
        msgid
        for _flags, msgid, _plural, msgstr in entries
        if sorted(placeholder.findall(msgid)) != sorted(placeholder.findall(msgstr))
    ]
    assert changed == []


def test_it_ships_a_compiled_english_catalogue_matching_the_po_file():
    # Compare with the .mo that is committed: a fresh machine without gettext uses it as is.
    with (LOCALE_DIR / "en" / "LC_MESSAGES" / "django.mo").open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    stale = [
        msgid
        for _flags, msgid, plural, msgstr in _po_entries(LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po")
        if (compiled.ngettext(msgid, plural, 1) if plural else compiled.gettext(msgid)) != msgstr
    ]
    assert stale == []


def test_it_ships_a_chinese_catalogue_that_leaves_the_chinese_text_as_it_is():
    assert (LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.mo").exists()
    with translation.override("zh-hans"):
        assert translation.gettext("党员名册") == "党员名册"
    with translation.override("en"):
        assert translation.gettext("党员名册") == "Member roll"
