from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination as BasePageNumberPagination

from partybuild.pagination import TwoEndedPaginator


class PageNumberPagination(BasePageNumberPagination):
    """`count, next, previous, results`; clients may ask for up to 500 rows with `page_size`.

    Pages in the second half are read from the end of the ordering (partybuild/pagination.py), so
    the last page costs what the first does.
    """

    django_paginator_class = TwoEndedPaginator
    page_size_query_param = "page_size"
    max_page_size = 500


class StableOrderingFilter(OrderingFilter):
    """`?ordering=` with the primary key appended: ties keep one order, so no row appears on two pages
    (or on none) and a page can be read from either end."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if ordering and str(ordering[-1]).lstrip("-") not in ("pk", "id"):
            direction = "-" if str(ordering[0]).startswith("-") else ""
            ordering = [*ordering, f"{direction}pk"]
        return ordering
