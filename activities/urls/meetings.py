"""Portal pages of 三会一课, under /activities/ (namespace `meetings`)."""

from django.urls import path

from ..views import meetings as views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/check/", views.meeting_check, name="meeting_check"),
    path("meetings/exemptions/", views.exemption_list, name="exemption_list"),
    path("meetings/exemptions/<int:pk>/edit/", views.exemption_edit, name="exemption_edit"),
    path("meetings/exemptions/<int:pk>/delete/", views.exemption_delete, name="exemption_delete"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/delete/", views.meeting_delete, name="meeting_delete"),
]
