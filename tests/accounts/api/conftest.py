import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """The token endpoint is throttled through the cache; each test starts with a clean count."""
    cache.clear()
    yield
    cache.clear()
