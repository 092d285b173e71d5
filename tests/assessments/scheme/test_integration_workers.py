"""On PostgreSQL + Redis with two real workers: enqueue a year, SIGKILL one worker mid-way, and the run
still completes with the same rows as a clean run, without duplicates (acks_late redelivers the killed
chunk; the chunk upserts on (run, org) and counts done in its own transaction). Run by .ci/run."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from datetime import date
from urllib.parse import quote

import pytest
from django.db import connection

from accounts.models import OrgKind
from assessments.models import AssessmentResult, AssessmentRun, RunState
from assessments.scheme import compute, services
from tests.factories import make_org, make_root

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
YEAR = 2025
# The workers of this test consume their own queue (see integration_worker.py).
QUEUE = "assessments-kill-test"


def _worker(name: str) -> subprocess.Popen:
    settings = connection.settings_dict
    env = {
        **os.environ,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "KILL_TEST_QUEUE": QUEUE,
        "DATABASE_URL": (
            f"postgres://{quote(settings['USER'] or '')}:{quote(settings['PASSWORD'] or '')}@"
            f"{settings['HOST'] or 'localhost'}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}"
        ),
    }
    command = [sys.executable, "-m", "celery", "-A", "tests.assessments.scheme.integration_worker", "worker"]
    return subprocess.Popen(
        [*command, "-c", "1", "-n", f"{name}@%h", "-Q", QUEUE, "--without-gossip", "--without-mingle"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # Its own process group: the kill takes the worker's pool process too, as a lost machine would,
        # and leaves no orphan holding a connection to the test database.
        start_new_session=True,
    )


def _rows(run: AssessmentRun) -> list[tuple]:
    return sorted(
        AssessmentResult.objects.filter(run=run).values_list("organization_id", "composite", "rank", "grade")
    )


def test_a_killed_worker_leaves_the_same_rows_as_a_clean_run():
    root = make_root()
    for n in range(60):
        make_org(root, f"中共集成测试{n:02d}支部委员会", kind=OrgKind.BRANCH)
    clean = compute.compute_run_inline(
        services.assessment_run_start(actor=None, year=YEAR, period=f"{YEAR}-Q1", as_of=date(YEAR, 4, 10))
    )
    services.assessment_run_publish(actor=None, run=clean)
    expected = _rows(clean)

    workers = [_worker("a"), _worker("b")]
    try:
        time.sleep(5)
        from assessments.tasks import dispatch_assessment_run

        run = services.assessment_run_start(
            actor=None, year=YEAR, period=f"{YEAR}-Q1", reason="重算", as_of=date(YEAR, 4, 10), chunk_size=5
        )
        dispatch_assessment_run.apply_async(args=[run.pk], queue=QUEUE)
        deadline = time.monotonic() + 120
        while not run.chunks.filter(done_at__isnull=False).exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        os.killpg(workers[0].pid, signal.SIGKILL)
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if run.state != RunState.COMPUTING:
                break
            time.sleep(0.5)
        assert run.state == RunState.COMPUTED
        assert _rows(run) == expected
        assert AssessmentResult.objects.filter(run=run).count() == 60
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                worker.wait(timeout=30)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.pid, signal.SIGKILL)  # whatever of the group is left
