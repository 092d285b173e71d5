"""The Celery app for the kill-a-worker integration test: the project's app with a short broker
visibility timeout, so a message a SIGKILLed worker held unacknowledged (acks_late) is delivered again
within seconds instead of Redis's default hour."""

import os

from partybuild.celery import app

# Its own queue: what the killed worker held is delivered again to this test's workers only, never to the
# CI's worker, which would otherwise run it later against another test's data.
# (The test names the queue in KILL_TEST_QUEUE; importing this module elsewhere changes nothing.)
app.conf.task_default_queue = os.environ.get("KILL_TEST_QUEUE", app.conf.task_default_queue)
app.conf.broker_transport_options = {"visibility_timeout": 5}
app.conf.worker_prefetch_multiplier = 1
