"""Every portal page and API list/detail, one request at a time, against a city database (bench/city).

    python -m bench.pages --database-url postgres://postgres@127.0.0.1:55492/partybuild_city [--samples 20]

Starts gunicorn (4 workers, production settings) on 127.0.0.1, logs in as the bench's staff and two
secretaries (a 机关党委's, with a big subtree, and a branch's), takes `--samples` timed requests of each
page after one warm-up request, and prints p50/p95/max and the response size per page, marking those
whose p95 misses the 300 ms target. Results also go to bench/out/pages-<time>.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.city.__main__ import setup_django  # noqa: E402
from bench.city.context import PASSWORD  # noqa: E402
from bench.server import require_local, serve  # noqa: E402

TARGET_MS = 300


@dataclass
class Page:
    name: str
    who: str  # staff | organ | branch (a portal session) or staff_api | branch_api (a token)
    path: str
    samples: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    size: int = 0

    def p(self, q: float) -> float:
        values = sorted(self.samples)
        return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else 0.0


def targets() -> dict:
    """Ids the pages need, picked from the database: the busiest secretary, a branch secretary, …"""
    from django.db.models import Count

    from accounts.models import Member, Organization, OrgKind, Role, RoleAssignment
    from ledger.models import Assignment, PeriodClosure, Plan, Record, RecordState, Task

    grants = RoleAssignment.objects.filter(role=Role.SECRETARY, user__username__startswith="city_sec_")
    organ = (
        grants.filter(organization__kind=OrgKind.ORGAN_COMMITTEE)
        .annotate(n=Count("organization__assignments"))
        .order_by("-n")
        .values_list("user__username", "organization_id")
        .first()
    )
    branch_grant = grants.filter(organization__kind=OrgKind.BRANCH).order_by("pk")
    branch = next(
        (u, o)
        for u, o in branch_grant.values_list("user__username", "organization_id")
        if Record.objects.filter(assignment__organization_id=o, state=RecordState.SUBMITTED).exists()
        and Assignment.objects.filter(organization_id=o, record__isnull=True).exists()
    )
    year = Plan.objects.order_by("-year").values_list("year", flat=True).first()
    big_task = (
        Task.objects.filter(item__plan__year=year)
        .annotate(n=Count("responsible_orgs"))
        .order_by("-n")
        .first()
    )
    return {
        "organ_user": organ[0],
        "organ_org": organ[1],
        "branch_user": branch[0],
        "branch_org": branch[1],
        "root": Organization.objects.get(depth=1).pk,
        "member": Member.objects.filter(organization_id=branch[1]).values_list("pk", flat=True).first(),
        "members_last_page": Member.objects.count() // 50,
        "orgs_last_page": Organization.objects.count() // 50,
        "assignments_deep_page": 2000,
        "year": year,
        "plan": Plan.objects.get(year=year).pk,
        "item": big_task.item_id,
        "task": big_task.pk,
        "open_assignment": Assignment.objects.filter(organization_id=branch[1], record__isnull=True)
        .order_by("due_date")
        .values_list("pk", flat=True)
        .first(),
        "record": Record.objects.filter(assignment__organization_id=branch[1], state=RecordState.SUBMITTED)
        .values_list("pk", flat=True)
        .first(),
        "closure": PeriodClosure.objects.values_list("period", flat=True).first(),  # looked up by period
        **activity_targets(branch[1]),
    }


def activity_targets(branch_org: int) -> dict:
    """The six systems' records the pages open: the year's busiest bulletin, the latest debrief session,
    a vetting, the branch secretary's own term and the term with the most records behind its archive."""
    from django.db.models import Count

    from accounts.models import SecretaryTerm
    from activities.models import Bulletin, DebriefSession, Vetting

    bulletin = (
        Bulletin.objects.published()
        .annotate(n=Count("receipts"))
        .order_by("-n", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    session = DebriefSession.objects.order_by("-held_on").values_list("pk", "round_id").first()
    busy_term = (
        SecretaryTerm.objects.annotate(
            n=Count("reminder_talks", distinct=True) + Count("debriefs", distinct=True)
        )
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    own_term = (
        SecretaryTerm.objects.filter(organization_id=branch_org, ended_on__isnull=True)
        .values_list("pk", flat=True)
        .first()
    )
    return {
        "bulletin": bulletin,
        "session": session[0],
        "round": session[1],
        "vetting": Vetting.objects.order_by("-visited_on", "-pk").values_list("pk", flat=True).first(),
        "busy_term": busy_term,
        "own_term": own_term or busy_term,
    }


def pages(t: dict) -> list[Page]:
    # Imported here: the carriers' bench modules import models, which need Django set up first.
    from bench.city import brands, days, forums, meetings, pairing, points, posts, scheme

    y = t["year"]
    portal = [
        ("home", "staff", "/"),
        ("home", "branch", "/"),
        ("organization_list p1", "staff", "/organizations/"),
        ("organization_list last page", "staff", f"/organizations/?page={t['orgs_last_page']}"),
        ("organization_detail (committee)", "staff", f"/organizations/{t['root']}/"),
        ("organization_detail (机关党委)", "organ", f"/organizations/{t['organ_org']}/"),
        ("organization_lookup", "staff", "/organizations/lookup/?q=%E7%A8%8E%E5%8A%A1"),
        ("member_list p1", "staff", "/members/"),
        ("member_list last page", "staff", f"/members/?page={t['members_last_page']}"),
        ("member_list by org", "staff", f"/members/?organization={t['organ_org']}"),
        ("member_list", "organ", "/members/"),
        ("notification_list", "branch", "/notifications/"),
        ("account_security", "branch", "/account/security/"),
        ("ledger:my_tasks", "branch", "/ledger/my/"),
        ("ledger:my_tasks", "organ", "/ledger/my/"),
        ("ledger:my_assignments", "branch", "/ledger/my/assignments/"),
        ("ledger:my_assignments", "organ", "/ledger/my/assignments/"),
        ("ledger:home_cards", "branch", "/ledger/home-cards/"),
        ("ledger:home_cards", "staff", "/ledger/home-cards/"),
        ("ledger:assignment_detail", "branch", f"/ledger/assignments/{t['open_assignment']}/"),
        ("ledger:record_submit (form)", "branch", f"/ledger/assignments/{t['open_assignment']}/submit/"),
        ("ledger:record_detail", "branch", f"/ledger/records/{t['record']}/"),
        ("ledger:record_edit (form)", "branch", f"/ledger/records/{t['record']}/edit/"),
        ("ledger:review_queue", "staff", "/ledger/review/"),
        ("ledger:plan_list", "staff", "/ledger/plans/"),
        ("ledger:plan_detail", "staff", f"/ledger/plans/{t['plan']}/"),
        ("ledger:task_edit (form)", "staff", f"/ledger/tasks/{t['task']}/edit/"),
        ("ledger:summary by item", "staff", f"/ledger/summary/?year={y}&by=item"),
        ("ledger:summary by org", "staff", f"/ledger/summary/?year={y}&by=org"),
        ("ledger:summary by period", "staff", f"/ledger/summary/?year={y}&by=period"),
        ("ledger:summary by item", "organ", f"/ledger/summary/?year={y}&by=item"),
        ("ledger:overdue_list", "staff", "/ledger/overdue/"),
        ("ledger:period_list", "staff", "/ledger/periods/"),
        ("ledger_imports:list", "staff", "/ledger/imports/"),
        # The six systems (issue 8).
        ("activities:vetting_list", "staff", f"/activities/vettings/?year={y}"),
        ("activities:talk_list", "staff", "/activities/talks/"),
        ("activities:talks_due", "staff", "/activities/talks/due/"),
        ("bulletins:bulletin_list", "staff", f"/activities/bulletins/?year={y}"),
        ("bulletins:bulletin_list", "branch", "/activities/bulletins/"),
        ("bulletins:bulletin_receipts", "staff", f"/activities/bulletins/{t['bulletin']}/receipts/"),
        ("bulletins:talk_list (reminder talks)", "staff", f"/activities/reminder-talks/?year={y}"),
        ("bulletins:rectification_list (overdue)", "staff", "/activities/rectifications/"),
        ("bulletins:my_rectifications", "branch", "/activities/rectifications/mine/"),
        ("scoring:session_list", "staff", "/activities/debriefs/"),
        ("scoring:session_detail", "staff", f"/activities/debriefs/{t['session']}/"),
        ("scoring:round_screen", "staff", f"/activities/scoring/{t['round']}/screen/"),
        ("scoring:round_progress (screen JSON)", "staff", f"/activities/scoring/{t['round']}/progress/"),
        ("activities:vetting_detail", "staff", f"/activities/vettings/{t['vetting']}/"),
        ("bulletins:bulletin_detail", "branch", f"/activities/bulletins/{t['bulletin']}/"),
        ("bulletins:bulletin_print", "staff", f"/activities/bulletins/{t['bulletin']}/print/"),
        ("archives:archive_list", "staff", f"/activities/archives/?year={y}"),
        ("archives:archive_detail (busiest term)", "staff", f"/activities/archives/{t['busy_term']}/"),
        ("archives:archive_detail (own)", "branch", f"/activities/archives/{t['own_term']}/"),
        *posts.posts_pages(y),
        *days.days_pages(t),
        *meetings.meetings_pages(y),
        *pairing.pairing_pages(y),
        *forums.pages(y),
        *brands.portal_pages(t),
        *points.points_pages(t),
        *scheme.scheme_pages(y),
        ("assessments:annual_account", "staff", f"/reports/annual/{y}/"),
        ("assessments:annual_account", "branch", f"/reports/annual/{y}/"),
    ]
    api = [
        ("organizations p1", "staff_api", "/api/v1/organizations/"),
        ("organizations last page", "staff_api", f"/api/v1/organizations/?page={t['orgs_last_page']}"),
        ("organization detail", "staff_api", f"/api/v1/organizations/{t['root']}/"),
        ("members p1", "staff_api", "/api/v1/members/"),
        ("members last page", "staff_api", f"/api/v1/members/?page={t['members_last_page']}"),
        ("member detail", "staff_api", f"/api/v1/members/{t['member']}/"),
        ("members", "branch_api", "/api/v1/members/"),
        ("ledger plans", "staff_api", "/api/v1/ledger/plans/"),
        ("ledger plan detail", "staff_api", f"/api/v1/ledger/plans/{t['plan']}/"),
        ("ledger items", "staff_api", "/api/v1/ledger/items/"),
        ("ledger item detail", "staff_api", f"/api/v1/ledger/items/{t['item']}/"),
        ("ledger tasks", "staff_api", f"/api/v1/ledger/tasks/?year={y}"),
        ("ledger task detail", "staff_api", f"/api/v1/ledger/tasks/{t['task']}/"),
        ("ledger tasks", "branch_api", f"/api/v1/ledger/tasks/?year={y}"),
        ("ledger assignments p1", "staff_api", f"/api/v1/ledger/assignments/?year={y}"),
        (
            "ledger assignments deep page",
            "staff_api",
            f"/api/v1/ledger/assignments/?page={t['assignments_deep_page']}",
        ),
        ("ledger assignment detail", "branch_api", f"/api/v1/ledger/assignments/{t['open_assignment']}/"),
        ("ledger assignments", "branch_api", "/api/v1/ledger/assignments/"),
        ("ledger records p1", "staff_api", "/api/v1/ledger/records/"),
        ("ledger record detail", "branch_api", f"/api/v1/ledger/records/{t['record']}/"),
        ("ledger records", "branch_api", "/api/v1/ledger/records/"),
        ("ledger summaries by item", "staff_api", f"/api/v1/ledger/summaries/?year={y}&by=item"),
        ("ledger summaries by org", "staff_api", f"/api/v1/ledger/summaries/?year={y}&by=org"),
        ("ledger summaries by period", "staff_api", f"/api/v1/ledger/summaries/?year={y}&by=period"),
        ("ledger summaries by item", "branch_api", f"/api/v1/ledger/summaries/?year={y}&by=item"),
        ("ledger closures", "staff_api", "/api/v1/ledger/closures/"),
        ("ledger closure detail", "staff_api", f"/api/v1/ledger/closures/{t['closure']}/"),
        ("activities vettings", "staff_api", f"/api/v1/activities/vettings/?year={y}"),
        ("activities appointment-talks", "staff_api", "/api/v1/activities/appointment-talks/"),
        ("activities bulletins", "staff_api", f"/api/v1/activities/bulletins/?year={y}"),
        ("activities bulletins", "branch_api", "/api/v1/activities/bulletins/"),
        ("activities reminder-talks", "staff_api", "/api/v1/activities/reminder-talks/"),
        ("activities rectifications", "staff_api", "/api/v1/activities/rectifications/"),
        ("activities letters", "staff_api", "/api/v1/activities/letters/"),
        ("activities debrief-sessions", "staff_api", "/api/v1/activities/debrief-sessions/"),
        ("activities debriefs", "staff_api", f"/api/v1/activities/debriefs/?year={y}"),
        ("activities scores", "staff_api", "/api/v1/activities/scores/"),
        ("activities archives", "staff_api", f"/api/v1/activities/archives/?year={y}"),
        ("activities archive detail", "staff_api", f"/api/v1/activities/archives/{t['busy_term']}/"),
        *posts.posts_api_pages(y),
        *days.days_api_pages(t),
        *meetings.meetings_api_pages(y),
        *pairing.pairing_api_pages(y),
        *forums.api_pages(y),
        *brands.api_pages(t),
        *points.points_api_pages(t),
        *scheme.scheme_api_pages(y),
        ("reports annual", "staff_api", f"/api/v1/reports/annual/{y}/"),
        ("reports annual", "branch_api", f"/api/v1/reports/annual/{y}/"),
    ]
    return [Page(*row) for row in portal + api]


def portal_session(url: str, username: str):
    import requests

    session = requests.Session()
    session.get(f"{url}/login/")
    response = session.post(
        f"{url}/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        allow_redirects=False,
    )
    if response.status_code != 302 or "/login/" in response.headers.get("Location", ""):
        raise SystemExit(f"login as {username} failed: {response.status_code}")
    return session


def api_session(url: str, username: str):
    import requests

    session = requests.Session()
    response = session.post(f"{url}/api/v1/auth/token/", json={"username": username, "password": PASSWORD})
    response.raise_for_status()
    session.headers["Authorization"] = f"Token {response.json()['token']}"
    return session


def measure(page: Page, session, url: str, samples: int) -> None:
    session.get(url + page.path)  # warm-up: caches, the worker's first import of a module
    for _ in range(samples):
        started = time.perf_counter()
        response = session.get(url + page.path, allow_redirects=False)
        body = response.content
        page.samples.append((time.perf_counter() - started) * 1000)
        page.statuses.append(response.status_code)
        page.size = len(body)


def report(results: list[Page]) -> str:
    lines = [
        "| page | as | p50 ms | p95 ms | max ms | size | status | target |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    for page in results:
        statuses = ",".join(str(s) for s in sorted(set(page.statuses)))
        ok = "met" if page.p(0.95) < TARGET_MS else "**missed**"
        lines.append(
            f"| {page.name} | {page.who} | {page.p(0.5):.0f} | {page.p(0.95):.0f} | {max(page.samples):.0f} "
            f"| {_size(page.size)} | {statuses} | {ok} |"
        )
    missed = [p for p in results if p.p(0.95) >= TARGET_MS]
    lines.append("")
    lines.append(f"{len(results) - len(missed)} of {len(results)} pages meet p95 < {TARGET_MS} ms.")
    return "\n".join(lines)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n > 1024 * 1024 else f"{n / 1024:.0f} KB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--only", default="", help="measure only pages whose name contains this")
    args = parser.parse_args(argv)
    if not 1 <= args.samples <= 200:
        parser.error("--samples must be between 1 and 200")
    setup_django(args.database_url)
    t = targets()
    todo = [p for p in pages(t) if args.only in p.name]
    with serve(args.database_url, workers=args.workers, port=args.port) as server:
        require_local(server.url)
        sessions = {
            "staff": portal_session(server.url, "city_staff"),
            "organ": portal_session(server.url, t["organ_user"]),
            "branch": portal_session(server.url, t["branch_user"]),
            "staff_api": api_session(server.url, "city_staff"),
            "branch_api": api_session(server.url, t["branch_user"]),
        }
        for page in todo:
            measure(page, sessions[page.who], server.url, args.samples)
            print(
                f"{page.name:<40} {page.who:<10} p95 {page.p(0.95):8.0f} ms  {_size(page.size)}", flush=True
            )
    print()
    print(report(todo))
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    path = out / f"pages-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(
        json.dumps({"targets": t, "pages": [asdict(p) for p in todo]}, ensure_ascii=False, indent=1)
    )
    print(f"\n(all samples in {path.relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
