"""Forms of the identity pages, with Chinese labels and messages."""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """The user's own password change: the current password, then the new one twice."""

    error_messages = {
        "password_mismatch": _("两次输入的新密码不一致，请重新输入。"),
        "password_incorrect": _("当前密码不正确，请重新输入。"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("当前密码")
        self.fields["new_password1"].label = _("新密码")
        self.fields["new_password2"].label = _("再次输入新密码")
        self.fields["new_password2"].help_text = ""
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


class OtpCodeForm(forms.Form):
    code = forms.CharField(
        label=_("动态验证码"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"class": "form-control", "autocomplete": "one-time-code", "autofocus": True}
        ),
        help_text=_("验证器应用中显示的 6 位数字；手机丢失时可填一个恢复码。"),
    )


class OtpResetForm(forms.Form):
    username = forms.CharField(
        label=_("用户名"), max_length=150, widget=forms.TextInput(attrs={"class": "form-control"})
    )
