from django import template

from partybuild import periods

register = template.Library()


@register.filter
def period_label(code: str) -> str:
    """`2020-M03` → 2020年3月 (partybuild.periods.period_label); an unknown code is shown as it is."""
    return periods.period_label(code)
