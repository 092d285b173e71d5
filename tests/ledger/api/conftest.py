import pytest

from accounts.models import Role
from tests.conftest import api_as
from tests.factories import UserFactory

BASE = "/api/v1/ledger"


@pytest.fixture
def reporting_api(reporting_client):
    return api_as(reporting_client)


@pytest.fixture
def sysadmin_api(db):
    return api_as(UserFactory(username="sysadmin", role=Role.SYSTEM_ADMIN))
