"""Search-as-you-type org pickers: a select that renders only the chosen orgs, never the whole tree.

A city has 20,000 orgs: a `<select>` listing all of them is a megabyte per page. These widgets
render the empty choice and the selected org(s) only; static/js/org-search.js turns the select into
a search box that asks `organization_lookup` (the user's visible orgs, 20 at a time) as the user
types. Validation stays the form field's: its queryset is still the user's scope.
"""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class OrganizationSearchSelect(forms.Select):
    """One org, picked by searching. Use with a ModelChoiceField whose queryset is the user's scope."""

    active_only = False

    def __init__(self, attrs=None, *, active_only: bool = False):
        super().__init__(attrs)
        self.active_only = active_only

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        url = reverse("organization_lookup")
        widget_attrs["data-org-search"] = f"{url}?active=1" if self.active_only else url
        widget_attrs["data-placeholder"] = str(_("输入名称搜索党组织…"))
        widget_attrs["data-empty-text"] = str(_("没有找到匹配的党组织"))
        widget_attrs["data-more-text"] = str(_("结果较多，请输入更多文字缩小范围"))
        return context

    def optgroups(self, name, value, attrs=None):
        """The empty choice (if any) and the selected orgs: one small query, not the whole queryset."""
        field = getattr(self.choices, "field", None)
        options = []
        if field is not None and field.empty_label is not None and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", field.empty_label, not any(value), 0))
        wanted = [v for v in value if str(v).isdigit()]
        if field is not None and wanted:
            for index, org in enumerate(field.queryset.filter(pk__in=wanted).order_by("path"), start=1):
                label = field.label_from_instance(org)
                options.append(self.create_option(name, str(org.pk), label, True, index))
        return [(None, options, 0)]


class OrganizationSearchSelectMultiple(OrganizationSearchSelect, forms.SelectMultiple):
    """Several orgs, each added by searching (for ModelMultipleChoiceField)."""

    allow_multiple_selected = True
