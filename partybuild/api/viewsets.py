"""Base viewset for resources written through services: list, detail, create, update; never delete."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from rest_framework import mixins, viewsets


class ServiceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """CRUD without delete, where the serializer validates and a service function writes.

    Subclasses set `queryset`-free `get_queryset()` from a scoping selector and implement
    `create_object(data)` / `update_object(instance, data)` by calling one service each.
    After a write the row is read again through `get_queryset()`, so the response carries the
    same annotations (counts, display names) as the list and stays inside the user's scope.
    Rows are retired by a flag (e.g. `is_active`), so DELETE is not offered.
    """

    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def create_object(self, data: dict[str, Any]) -> Model:
        raise NotImplementedError

    def update_object(self, instance: Model, data: dict[str, Any]) -> Model:
        raise NotImplementedError

    def perform_create(self, serializer) -> None:
        obj = self.create_object(dict(serializer.validated_data))
        serializer.instance = self.get_queryset().get(pk=obj.pk)

    def perform_update(self, serializer) -> None:
        obj = self.update_object(serializer.instance, dict(serializer.validated_data))
        serializer.instance = self.get_queryset().get(pk=obj.pk)
