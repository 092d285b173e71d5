"""Pages of a long list that cost the same from either end.

`OFFSET n` makes the database produce and discard n sorted rows, so the last page of 340,000
members sorted by org took seconds while the first took milliseconds. A page in the second half is
read from the other end instead: the ordering reversed (`QuerySet.reverse()`), a small offset from
the end, and the rows turned back. The ordering must be total (end in the primary key or another unique
field) for both directions to agree; a list whose ordering is not is read by offset as before.
A page deep inside such a list (DEFERRED_JOIN_AFTER) reads its keys first and then its rows.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

# From this many rows into the list (from its nearer end), a page reads its primary keys first (along
# the ordering's index, no joins) and then only those rows: the joins of select_related would otherwise
# run for every row the offset skips.
DEFERRED_JOIN_AFTER = 1000


class TwoEndedPaginator(Paginator):
    """A Paginator whose pages in the second half are read from the end of the ordering.

    `count`, when the caller knows it from elsewhere (a summary table), spares the COUNT(*) over the list.
    """

    def __init__(self, object_list, per_page, *args, count: int | None = None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        if count is not None:
            self.count = count  # the cached_property's value

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if self.orphans and top + self.orphans >= self.count:
            top = self.count
        objects = self.object_list
        if bottom > self.count - top and _totally_ordered(objects):
            from_end = self.count - top
            rows = _slice(objects.reverse(), from_end, from_end + (top - bottom))
            rows.reverse()
            return self._get_page(rows, number, self)
        if bottom >= DEFERRED_JOIN_AFTER and _totally_ordered(objects):
            return self._get_page(_slice(objects, bottom, top), number, self)
        return self._get_page(objects[bottom:top], number, self)


def _slice(objects: QuerySet, start: int, stop: int) -> list:
    """Rows start…stop of an ordered queryset; deep slices read their keys first, then the rows."""
    if start < DEFERRED_JOIN_AFTER:
        return list(objects[start:stop])
    keys = list(objects.values_list("pk", flat=True)[start:stop])
    found = objects.model._base_manager.none() if not keys else objects.filter(pk__in=keys)
    by_key = {row.pk: row for row in found}
    return [by_key[key] for key in keys if key in by_key]


def _totally_ordered(objects) -> bool:
    """An ordering that ends in the primary key: reading it backwards gives the same rows, reversed."""
    if not isinstance(objects, QuerySet) or not objects.ordered:
        return False
    ordering = objects.query.order_by or objects.model._meta.ordering
    if not ordering:
        return False
    name = str(ordering[-1]).lstrip("-")
    if name == "pk":
        return True
    try:
        return "__" not in name and objects.model._meta.get_field(name).unique
    except FieldDoesNotExist:
        return False


def paginate(request: HttpRequest, queryset, per_page: int, *, count: int | None = None) -> Page:
    """The page `?page=` asks for: the last one past the end, the first when it is not a number."""
    return TwoEndedPaginator(queryset, per_page, count=count).get_page(request.GET.get("page"))
