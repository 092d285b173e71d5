"""The database itself refuses UPDATE and DELETE on the audit table (and TRUNCATE on PostgreSQL).

The one way through is a row in audit_purge_permit: while it exists, rows with seq <= its through_seq
may be deleted. purge_audit inserts and removes it inside its own transaction, so no other session
ever sees it on PostgreSQL, and SQLite runs one writer at a time. The permit table is no Django model:
the ORM and `flush` never touch it.
"""

from django.db import migrations

PERMIT = "CREATE TABLE audit_purge_permit (through_seq bigint NOT NULL)"
MESSAGE = "审计日志只能追加，拒绝修改或删除 (audit trail is append-only)"

SQLITE = [
    PERMIT,
    f"""CREATE TRIGGER audit_event_refuse_update BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER audit_event_refuse_delete BEFORE DELETE ON audit_auditevent
    WHEN NOT EXISTS (SELECT 1 FROM audit_purge_permit WHERE OLD.seq <= through_seq)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_event_refuse_delete",
    "DROP TRIGGER IF EXISTS audit_event_refuse_update",
    "DROP TABLE IF EXISTS audit_purge_permit",
]

POSTGRESQL = [
    PERMIT,
    f"""CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_purge_permit WHERE OLD.seq <= through_seq) THEN
            RETURN OLD;
        END IF;
        IF TG_OP = 'TRUNCATE'
           AND EXISTS (SELECT 1 FROM audit_purge_permit WHERE through_seq = 9223372036854775807) THEN
            RETURN NULL;
        END IF;
        RAISE EXCEPTION '{MESSAGE}: %', TG_OP;
    END
    $$""",
    """CREATE TRIGGER audit_event_refuse_update BEFORE UPDATE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()""",
    """CREATE TRIGGER audit_event_refuse_delete BEFORE DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()""",
    """CREATE TRIGGER audit_event_refuse_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_event_refuse_truncate ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_event_refuse_delete ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_event_refuse_update ON audit_auditevent",
    "DROP FUNCTION IF EXISTS audit_event_refuse_change()",
    "DROP TABLE IF EXISTS audit_purge_permit",
]

STATEMENTS = {"sqlite": (SQLITE, SQLITE_REVERSE), "postgresql": (POSTGRESQL, POSTGRESQL_REVERSE)}


def _run(schema_editor, reverse: bool) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise RuntimeError(f"The audit trail's append-only triggers are written for SQLite and PostgreSQL, not {vendor}")
    for statement in STATEMENTS[vendor][1 if reverse else 0]:
        schema_editor.execute(statement, params=None)  # no placeholders: "%" is PL/pgSQL's


def create(apps, schema_editor):
    _run(schema_editor, reverse=False)


def drop(apps, schema_editor):
    _run(schema_editor, reverse=True)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_event_and_chain_head")]

    operations = [migrations.RunPython(create, drop)]
