"""Read-only admin lists of transfers (组织关系转接) and merges: written only by accounts.services.moves."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import MemberTransfer, OrganizationMerge
from .base import ReadOnlyAdminMixin


@admin.register(MemberTransfer)
class MemberTransferAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "member",
        "from_organization",
        "to_organization",
        "transferred_on",
        "document_no",
        "reason",
        "created_by",
    ]
    list_filter = ["transferred_on"]
    search_fields = ["member__name", "from_organization__name", "to_organization__name", "document_no"]
    list_select_related = ["member", "from_organization", "to_organization", "created_by"]
    date_hierarchy = "transferred_on"


@admin.register(OrganizationMerge)
class OrganizationMergeAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["source", "target", "merged_on", "merged_by", "merged_at"]
    search_fields = ["source__name", "target__name"]
    list_select_related = ["source", "target", "merged_by"]
    readonly_fields = ["source", "target", "merged_on", "summary", "merged_by", "merged_at"]
