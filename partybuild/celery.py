"""Celery app. Reads every CELERY_* setting from Django settings, so that local mode's
CELERY_TASK_ALWAYS_EAGER (tasks run in-process, no broker) takes effect."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partybuild.settings")

app = Celery("partybuild")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
