"""No admin page shows or mints API tokens or second-factor secrets (三员分立: not even the system admin).

knox and django-otp register admins that list token digests, TOTP keys and QR codes and let an
admin create them for anyone; they are removed. The security admin resets a second factor through
the portal page `identity:otp_reset`; tokens end with `user_sessions_end`.
"""

from django.contrib import admin
from django.shortcuts import redirect
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

for model in (AuthToken, TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


def _own_password_change(request, extra_context=None):
    """The admin's "change my password" goes to the portal page, which applies the same rules and
    keeps this session; Django's admin form would count it as a password issued by someone else."""
    return redirect("identity:password_change")


admin.site.password_change = _own_password_change
