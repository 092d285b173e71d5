"""The Celery app for the kill-a-worker integration test: the project's app with a short broker
visibility timeout, so a message a SIGKILLed worker held unacknowledged (acks_late) is delivered again
within seconds instead of Redis's default hour."""

from partybuild.celery import app

app.conf.broker_transport_options = {"visibility_timeout": 5}
app.conf.worker_prefetch_multiplier = 1
