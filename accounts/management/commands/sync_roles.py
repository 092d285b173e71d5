from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import RoleAssignment, User
from accounts.services.roles import ADMIN_SITE_ROLES


class Command(BaseCommand):
    help = "按角色授权刷新各用户的后台访问标志，并移除旧版的权限组（权限统一由 accounts/permissions/ 决定）。"

    @transaction.atomic
    def handle(self, *args, **options):
        admin_site_users = RoleAssignment.objects.filter(role__in=ADMIN_SITE_ROLES).values("user_id")
        granted = User.objects.filter(pk__in=admin_site_users, is_staff=False).update(is_staff=True)
        removed = User.objects.filter(is_staff=True, is_superuser=False).exclude(pk__in=admin_site_users)
        revoked = removed.update(is_staff=False)
        groups, _ = Group.objects.all().delete()
        self.stdout.write(
            f"后台访问：新增 {granted} 人，取消 {revoked} 人；移除旧权限组相关记录 {groups} 条。"
        )
