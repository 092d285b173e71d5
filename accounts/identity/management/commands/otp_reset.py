"""Break-glass: reset a user's TOTP when no other security admin can do it in the portal."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.identity.otp import otp_reset


class Command(BaseCommand):
    help = "重置指定账号的动态验证码（TOTP）和恢复码，并结束其全部登录；其下次登录时重新绑定"

    def add_arguments(self, parser):
        parser.add_argument("username", help="要重置的用户名")

    def handle(self, *args, username: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户名为“{username}”的账号，请核对后重试。")
        otp_reset(user, actor=None)
        self.stdout.write(self.style.SUCCESS(f"已重置 {username} 的动态验证码；其下次登录时将重新绑定。"))
