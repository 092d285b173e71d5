"""What the six systems' pages share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from ledger.views.common import add_domain_error
from partybuild.exceptions import DomainError


def show_error(form: forms.Form, error: DomainError | ValidationError) -> None:
    """A service's refusal next to the field it names (or above the form): DomainError or a model's
    full_clean() ValidationError alike."""
    if isinstance(error, DomainError):
        add_domain_error(form, error)
        return
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        field = name if name in form.fields and name != NON_FIELD_ERRORS else None
        for message in messages:
            form.add_error(field, message)
