"""Only the admin, so the admin import tests do not depend on the portal's other URL modules."""

from django.contrib import admin
from django.urls import path

urlpatterns = [path("admin/", admin.site.urls)]
# The site's own 500 handler: Django's default renders 500.html, whose layout links to portal pages.
handler500 = "partybuild.errors.server_error"
