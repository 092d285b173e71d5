"""Portal pages of 实绩档案, under /activities/ (namespace `archives`)."""

from django.urls import path

from ..views import archive as views

app_name = "archives"

urlpatterns = [
    path("archives/", views.archive_list, name="archive_list"),
    path("archives/<int:pk>/", views.archive_detail, name="archive_detail"),
    path("archives/<int:pk>/xlsx/", views.archive_download, name="archive_download"),
]
