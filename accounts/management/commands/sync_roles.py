from django.core.management.base import BaseCommand

from accounts.roles import role_groups_sync


class Command(BaseCommand):
    help = "创建或更新各角色的管理后台权限组，并把各角色的后台用户加入其组。"

    def handle(self, *args, **options):
        for group in role_groups_sync().values():
            perms, people = group.permissions.count(), group.user_set.count()
            self.stdout.write(f"{group.name}：权限 {perms} 项，成员 {people} 人")
