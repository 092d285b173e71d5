"""Only the admin, so the admin import tests do not depend on the portal's other URL modules."""

from django.contrib import admin
from django.urls import path

urlpatterns = [path("admin/", admin.site.urls)]
