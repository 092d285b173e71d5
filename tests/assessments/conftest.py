"""The assessments tests stand on the ledger's 2020 plan (tests/ledger/conftest.py)."""

from tests.ledger.conftest import (  # noqa: F401 — fixtures shared with the ledger tests
    ledger_item,
    ledger_plan,
    task_monthly,
)
