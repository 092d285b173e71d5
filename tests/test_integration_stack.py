"""The production stack as CI runs it: PostgreSQL, Redis as cache and broker, a live Celery worker."""

import pytest
from django.core.cache import cache
from django.db import connection

from partybuild.celery import app

pytestmark = pytest.mark.integration


def test_it_stores_data_in_postgresql(db):
    assert connection.vendor == "postgresql"


def test_it_shares_the_cache_through_redis():
    cache.set("partybuild-ci-probe", "在线", timeout=30)
    assert cache.get("partybuild-ci-probe") == "在线"
    assert type(cache._cache).__name__ == "RedisCacheClient"


def test_it_has_a_celery_worker_answering_on_the_broker():
    assert not app.conf.task_always_eager
    replies = app.control.ping(timeout=5.0)
    assert replies, "no Celery worker answered the ping"
