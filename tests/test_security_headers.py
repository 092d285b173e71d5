"""Headers: a Content-Security-Policy without inline script, the API schema behind login, and a compose
stack that publishes only its reverse proxy and has no default database password."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "/",
    "/organizations/",
    "/members/",
    "/notifications/",
    "/ledger/review/",
    "/ledger/plans/",
    "/ledger/summary/",
    "/ledger/overdue/",
    "/ledger/periods/",
    "/ledger/imports/",
    "/api/v1/docs/",
]
STRICT = {
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "connect-src": "'self'",
}


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("url", PAGES)
def test_every_page_carries_a_policy_without_inline_script(staff_client, url):
    response = staff_client.get(url)
    assert response.status_code == 200
    policy = _policy(response)
    for directive, value in STRICT.items():
        assert policy[directive] == value, directive
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("url", ["/login/", "/ledger/my/"])
def test_pages_hold_no_inline_script_or_handler(client, sec_a_client, url):
    html = (client if url == "/login/" else sec_a_client).get(url).content.decode()
    executable = [
        tag
        for tag in re.findall(r"<script\b[^>]*>", html)
        if "src=" not in tag and "application/json" not in tag
    ]
    assert executable == []
    assert not re.search(r"\son[a-z]+\s*=", html)
    assert not re.search(r"\sstyle\s*=", html)


def test_no_template_writes_inline_script_handlers_or_styles():
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        if template.parts[-3:-1] == ("admin", "accounts"):
            continue  # admin pages run under the admin's own policy (partybuild/csp.py)
        text = template.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(template.name)
        if re.search(r"\sstyle\s*=\s*[\"']", text):
            offenders.append(template.name)
    assert offenders == []


def test_the_admin_alone_may_run_its_inline_scripts(staff_client, committee_staff):
    policy = _policy(staff_client.get("/admin/login/"))
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"


def test_the_schema_needs_a_logged_in_user(api_client, staff_api):
    assert api_client.get("/api/v1/schema/").status_code == 401
    assert staff_api.get("/api/v1/schema/").status_code == 200


def test_the_docs_send_an_anonymous_browser_to_the_login_page(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/api/v1/docs/")
    assert client.get("/api/v1/docs/?script=").status_code in (401, 403)


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_publishes_only_the_reverse_proxy():
    services = _compose()["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert services["proxy"]["image"].startswith("nginx:")
    config = (ROOT / "deploy/nginx/partybuild.conf").read_text(encoding="utf-8")
    assert "proxy_pass http://partybuild_web" in config and "server web:8000" in config
    assert "alias /srv/static/" in config
    assert "X-Forwarded-For $remote_addr" in config
    assert services["web"]["environment"]["PARTYBUILD_TRUSTED_PROXY_COUNT"] == "1"


def test_compose_has_no_default_database_password():
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert "POSTGRES_PASSWORD:-" not in text
    uses = re.findall(r"\$\{POSTGRES_PASSWORD([^}]*)\}", text)
    assert uses and all(use.startswith(":?") for use in uses)
    assert "POSTGRES_PASSWORD=" in (ROOT / ".env.example").read_text(encoding="utf-8")
