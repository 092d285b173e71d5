"""The city load (bench/load.py runs it): secretaries submitting records, dashboards polling summaries.

Not run on its own: bench/load.py starts gunicorn on 127.0.0.1, picks the logins and passes them in
BENCH_LOAD_SECRETARIES / BENCH_LOAD_DASHBOARDS / BENCH_LOAD_YEAR. Every request goes to 127.0.0.1.
"""

from __future__ import annotations

import itertools
import os
import re
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

from locust import HttpUser, between, constant, events, task

from bench.city.context import PASSWORD
from bench.server import require_local

SUBMIT_LINK = re.compile(r'href="/ledger/assignments/(\d+)/submit/"')

_lock = threading.Lock()
_secretaries = itertools.cycle(os.environ.get("BENCH_LOAD_SECRETARIES", "").split(","))
_dashboards = itertools.cycle(os.environ.get("BENCH_LOAD_DASHBOARDS", "").split(","))
TODAY = datetime.now(ZoneInfo("Asia/Shanghai")).date()  # the site's day: a later done_on is refused
_taken: set[int] = set()  # assignments a secretary is submitting: two users never submit the same one


@events.test_start.add_listener
def _local_only(environment, **_kwargs):
    require_local(environment.host)


def _next(names) -> str:
    with _lock:
        return next(names)


class Secretary(HttpUser):
    """Log in, open my tasks, open an open assignment's form, submit a record, read the assignment."""

    weight = 40
    wait_time = between(5, 15)

    def on_start(self):
        self.username = _next(_secretaries)
        self.client.get("/login/", name="login (form)")
        response = self.client.post(
            "/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self._csrf()},
            allow_redirects=False,
            name="login",
        )
        if response.status_code != 302:
            response.failure(f"login {self.username}: {response.status_code}")

    def _csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    @task
    def submit_one(self):
        page = self.client.get("/ledger/my/", name="my tasks")
        ids = [int(pk) for pk in SUBMIT_LINK.findall(page.text)]
        with _lock:
            pk = next((pk for pk in ids if pk not in _taken), None)
            if pk is not None:
                _taken.add(pk)
        if pk is None:
            self.client.get("/ledger/my/assignments/", name="my assignments")
            return
        self.client.get(f"/ledger/assignments/{pk}/submit/", name="submit (form)")
        with self.client.post(
            f"/ledger/assignments/{pk}/submit/",
            {
                "content": "按要求完成。压力测试提交。",
                "done_on": TODAY.isoformat(),
                "participants": "12",
                "csrfmiddlewaretoken": self._csrf(),
            },
            allow_redirects=False,
            name="submit",
            catch_response=True,
        ) as response:
            if response.status_code == 302 and f"/ledger/assignments/{pk}/" in response.headers.get(
                "Location", ""
            ):
                response.success()
                events.request.fire(  # counted apart: accepted submissions, checked against the database
                    request_type="COUNT",
                    name="accepted submission",
                    response_time=0,
                    response_length=0,
                    exception=None,
                    context={},
                )
            else:
                response.failure(f"submit {pk}: {response.status_code}")
        self.client.get(f"/ledger/assignments/{pk}/", name="assignment detail")


class Dashboard(HttpUser):
    """A wall screen: the three summaries every 10 seconds, revalidated with If-None-Match."""

    weight = 1
    fixed_count = int(os.environ.get("BENCH_LOAD_DASHBOARD_COUNT", "5"))
    wait_time = constant(10)

    def on_start(self):
        username = _next(_dashboards)
        response = self.client.post(
            "/api/v1/auth/token/", json={"username": username, "password": PASSWORD}, name="token"
        )
        self.client.headers["Authorization"] = f"Token {response.json()['token']}"
        self.etags: dict[str, str] = {}
        self.year = os.environ.get("BENCH_LOAD_YEAR", str(TODAY.year))

    @task
    def poll(self):
        for by in ("item", "org", "period"):
            headers = {"If-None-Match": self.etags[by]} if by in self.etags else {}
            with self.client.get(
                f"/api/v1/ledger/summaries/?year={self.year}&by={by}",
                headers=headers,
                name=f"summaries by {by}",
                catch_response=True,
            ) as response:
                if response.status_code in (200, 304):
                    self.etags[by] = response.headers.get("ETag", self.etags.get(by, ""))
                    response.success()
                else:
                    response.failure(f"summaries {by}: {response.status_code}")
