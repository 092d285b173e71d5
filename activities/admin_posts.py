"""Admin of 服务监督岗 and their public feedback: read-only (services write), scoped, with 导入 of posts."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin.base import ReadOnlyAdminMixin

from .imports.admin import RecordImportAdminMixin
from .models import Feedback, ServicePost


@admin.register(ServicePost)
class ServicePostAdmin(RecordImportAdminMixin, ReadOnlyAdminMixin, SimpleHistoryAdmin):
    record_kind = "service_post"
    scope_field = "organization"
    list_display = ["title", "member", "organization", "phone", "is_model_post", "model_year", "active"]
    list_filter = ["is_model_post", "model_year", "active"]
    search_fields = ["title", "member__name", "organization__name", "organization__short_name"]
    list_select_related = ["organization", "member"]


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    scope_field = "post__organization"
    list_display = ["created_at", "post", "kind", "state", "answered_at"]
    list_filter = ["kind", "state"]
    search_fields = ["text", "post__title", "post__member__name"]
    list_select_related = ["post", "post__member"]
    date_hierarchy = "created_at"
