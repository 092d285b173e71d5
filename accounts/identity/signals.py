"""Receivers that hand events to the services: a login starts the session clocks, disabling ends all."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from . import services

User = get_user_model()


@receiver(user_logged_in, dispatch_uid="identity_session_start")
def _session_start(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        services.session_start(request, user)


@receiver(pre_save, sender=User, dispatch_uid="identity_note_disabling")
def _note_disabling(sender, instance, raw=False, **kwargs):
    # Only a save that turns an active user inactive counts (admin form, service, shell alike).
    instance._identity_disabling = bool(
        not raw
        and instance.pk
        and not instance.is_active
        and User.objects.filter(pk=instance.pk, is_active=True).exists()
    )


@receiver(post_save, sender=User, dispatch_uid="identity_end_sessions_on_disabling")
def _end_sessions_on_disabling(sender, instance, raw=False, **kwargs):
    if getattr(instance, "_identity_disabling", False):
        instance._identity_disabling = False
        services.user_sessions_end(instance, reason="disabled")
