from django.core.management.base import BaseCommand

from accounts.services.roles import role_assignments_expire


class Command(BaseCommand):
    help = "撤销已过失效日期的角色授权（如书记任期已满），并结束相关用户的会话和令牌。每日由定时任务执行。"

    def handle(self, *args, **options):
        count = role_assignments_expire()
        self.stdout.write(f"已撤销到期的角色授权 {count} 条")
