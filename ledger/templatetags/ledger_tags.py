from django import template

from partybuild.periods import Period

register = template.Library()


@register.filter
def period_label(code: str) -> str:
    """`2020-M03` → 2020年3月; an unknown code is shown as it is."""
    try:
        return Period.parse(code).label
    except (ValueError, AttributeError):
        return code
