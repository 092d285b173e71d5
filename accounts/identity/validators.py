"""The password policy (AUTH_PASSWORD_VALIDATORS), with Chinese messages.

At least 8 characters, 3 of the 4 character classes, not like the username or name, not common,
not all digits, not one of the last 5. PasswordHistoryValidator also hooks every password change
(Django calls `password_changed` after each set_password + save, whoever made it).
"""

from __future__ import annotations

import string

from django.conf import settings
from django.contrib.auth import password_validation as django_validators
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MinimumLengthValidator(django_validators.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return _("密码太短，至少需要 %(min_length)d 个字符。")

    def get_help_text(self) -> str:
        return _("至少 %(min_length)d 个字符。") % {"min_length": self.min_length}


def _classes(password: str) -> int:
    has = [
        any(c.islower() for c in password),
        any(c.isupper() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() or c in string.punctuation for c in password),
    ]
    return sum(has)


class CharacterClassesValidator:
    """At least `min_classes` of: lower-case letters, upper-case letters, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if _classes(password) < self.min_classes:
            raise ValidationError(
                _("密码须包含小写字母、大写字母、数字、符号这四类中的至少 %(count)d 类。"),
                code="password_too_simple",
                params={"count": self.min_classes},
            )

    def get_help_text(self) -> str:
        return _("包含小写字母、大写字母、数字、符号中的至少 %(count)d 类。") % {"count": self.min_classes}


class UserAttributeSimilarityValidator(django_validators.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return _("密码与%(verbose_name)s太相似，请换一个。")

    def get_help_text(self) -> str:
        return _("不能与用户名、姓名等个人信息相似。")


class CommonPasswordValidator(django_validators.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("这个密码太常见，容易被猜中，请换一个。")

    def get_help_text(self) -> str:
        return _("不能是常见密码。")


class NumericPasswordValidator(django_validators.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("密码不能全是数字。")

    def get_help_text(self) -> str:
        return _("不能全是数字。")


class PasswordHistoryValidator:
    """Not the current password nor one of the previous ones (PARTYBUILD_PASSWORD_HISTORY in all)."""

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        from .services import password_history_hashes

        if any(check_password(password, encoded) for encoded in password_history_hashes(user)):
            raise ValidationError(
                _("不能使用最近用过的 %(count)d 个密码，请换一个新密码。"),
                code="password_reused",
                params={"count": settings.PARTYBUILD_PASSWORD_HISTORY},
            )

    def password_changed(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        from .services import password_changed_record

        password_changed_record(user)

    def get_help_text(self) -> str:
        return _("不能与最近用过的 %(count)d 个密码相同。") % {"count": settings.PARTYBUILD_PASSWORD_HISTORY}
