"""Existing data: DRF's plaintext tokens (rest_framework.authtoken) are revoked, their users told.

The authtoken app is no longer installed, so its table is reached by name: each user who had a token
gets an in-app notification saying how to get a new (expiring, hashed) one; then the table, its
migration records and its content types go. On a fresh database there is no table and nothing to do.
"""

from django.db import migrations

TABLE = "authtoken_token"
TITLE = "您的 API 令牌已被吊销"
BODY = (
    "为落实等级保护要求，系统已改用有有效期、加密存储的 API 令牌，原有令牌已全部吊销。"
    "如需继续调用接口，请向 POST /api/v1/auth/token/ 提交用户名和密码"
    "（工委干部和管理员另需 otp 动态验证码）获取新令牌；新令牌到期后需重新获取。"
)


def revoke_plaintext_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if TABLE not in connection.introspection.table_names():
        return
    quoted = connection.ops.quote_name(TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT user_id FROM {quoted}")
        user_ids = [row[0] for row in cursor.fetchall()]
        Notification = apps.get_model("accounts", "Notification")
        Notification.objects.bulk_create(
            [
                Notification(user_id=user_id, title=TITLE, body=BODY, dedupe_key="identity.plaintext-token-revoked")
                for user_id in user_ids
            ],
            ignore_conflicts=True,
        )
        cursor.execute(f"DELETE FROM {quoted}")
        cursor.execute(f"DROP TABLE {quoted}")
        cursor.execute("DELETE FROM django_migrations WHERE app = %s", ["authtoken"])
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Their permissions (and group grants) go with them.
    ContentType.objects.filter(app_label="authtoken").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("identity", "0001_security_state_and_login_failures"),
        ("accounts", "0002_default_group_rules"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [migrations.RunPython(revoke_plaintext_tokens, migrations.RunPython.noop)]
