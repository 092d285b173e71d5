from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.audit import audit_log
from accounts.identity.services import user_sessions_end
from accounts.models import User


class Command(BaseCommand):
    help = (
        "首次部署完成后关闭超级用户：createsuperuser 建立的账号只用于创建三员账号并分配角色，"
        "之后由本命令取消其超级用户身份并停用，生产环境不保留常设超级用户。"
    )

    @transaction.atomic
    def handle(self, *args, **options):
        superusers = list(User.objects.filter(is_superuser=True))
        for user in superusers:
            user.is_superuser = False
            user.is_staff = False
            user.is_active = False
            user.save(update_fields=["is_superuser", "is_staff", "is_active"])
            user_sessions_end(user, reason="superuser.disable")
            audit_log("superuser.disable", target=user, detail={"username": user.username})
        names = "、".join(u.username for u in superusers) or "无"
        self.stdout.write(f"已关闭超级用户 {len(superusers)} 个：{names}")
