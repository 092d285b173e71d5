"""Existing data: the upgrade revokes the old plaintext DRF tokens and tells their users."""

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.db import connection

from accounts.models import Notification

migration = importlib.import_module("accounts.identity.migrations.0002_revoke_plaintext_api_tokens")


def _old_token_table(rows):
    with connection.cursor() as cursor:
        columns = "key varchar(40) PRIMARY KEY, user_id bigint, created date"
        cursor.execute(f"CREATE TABLE authtoken_token ({columns})")
        for key, user_id in rows:
            cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s, '2026-01-01')", [key, user_id])


def test_it_deletes_the_plaintext_tokens_and_notifies_each_owner(secretary_a, reporting_client, member):
    _old_token_table([("a" * 40, secretary_a.pk), ("b" * 40, reporting_client.pk)])
    migration.revoke_plaintext_tokens(apps, SimpleNamespace(connection=connection))
    assert "authtoken_token" not in connection.introspection.table_names()
    notified = Notification.objects.filter(title="您的 API 令牌已被吊销")
    assert set(notified.values_list("user", flat=True)) == {secretary_a.pk, reporting_client.pk}
    assert "POST /api/v1/auth/token/" in notified.first().body


def test_it_does_nothing_on_a_fresh_database(secretary_a):
    migration.revoke_plaintext_tokens(apps, SimpleNamespace(connection=connection))
    assert not Notification.objects.exists()
