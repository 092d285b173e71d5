"""Ids and years in query strings and bodies, checked against what the database can hold before any query.

An id beyond a 64-bit integer reaches SQLite as OverflowError and PostgreSQL as "out of range": a 500
unless refused here with a message that names the parameter.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partybuild.periods import YEAR_MAX, YEAR_MIN

# BigAutoField: the largest id SQLite and PostgreSQL store.
DB_ID_MAX = 2**63 - 1


def _shown(value) -> str:
    text = str(value)
    return text if len(text) <= 24 else text[:24] + "…"


class _BoundedIntegerField(forms.IntegerField):
    """An integer within [min_value, max_value]; any other input gets one message naming the parameter."""

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError:
            # Params, not a formatted message: whoever renders it formats it once, so a value that itself
            # contains "%(x)s" is shown as typed (django-filter formats messages with their params).
            raise ValidationError(
                _("“%(label)s”应为 %(min)s 到 %(max)s 之间的整数，收到的是“%(value)s”"),
                code="invalid",
                params={
                    "label": self.label or _("参数"),
                    "min": self.min_value,
                    "max": self.max_value,
                    "value": _shown(value),
                },
            ) from None


class IdFormField(_BoundedIntegerField):
    def __init__(self, **kwargs):
        kwargs.update(min_value=1, max_value=DB_ID_MAX)
        super().__init__(**kwargs)


class YearFormField(_BoundedIntegerField):
    def __init__(self, **kwargs):
        kwargs.update(min_value=YEAR_MIN, max_value=YEAR_MAX)
        super().__init__(**kwargs)


@extend_schema_field({"type": "integer", "format": "int64", "minimum": 1, "maximum": DB_ID_MAX})
class IdFilter(django_filters.NumberFilter):
    """A row id in the query string: a whole number the database can hold, else 400."""

    field_class = IdFormField


@extend_schema_field({"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX})
class YearFilter(django_filters.NumberFilter):
    """A four-digit year the ledger can hold (2000–2100), else 400."""

    field_class = YearFormField


class IdField(serializers.IntegerField):
    """A row id in a request body: 1 … 2**63-1, else a 400 under the field's name."""

    default_error_messages = {
        "invalid": gettext_lazy("应填写数字 id，如 12"),
        "max_value": gettext_lazy("id 不能大于 {max_value}"),
        "min_value": gettext_lazy("id 应为正整数"),
        "max_string_length": gettext_lazy("id 过长，应为不超过 19 位的正整数"),
    }

    def __init__(self, **kwargs):
        kwargs.update(min_value=1, max_value=DB_ID_MAX)
        super().__init__(**kwargs)
