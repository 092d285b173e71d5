from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_exports, views_moves, views_notifications

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz/", views.healthz, name="healthz"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/lookup/", views.organization_lookup, name="organization_lookup"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/rename/", views_moves.organization_rename, name="organization_rename"),
    path("organizations/<int:pk>/merge/", views_moves.organization_merge, name="organization_merge"),
    path("members/", views.member_list, name="member_list"),
    path("members/<int:pk>/", views_moves.member_detail, name="member_detail"),
    path("members/<int:pk>/transfer/", views_moves.member_transfer, name="member_transfer"),
    path("members/export/", views.member_export, name="member_export"),
    path("exports/", views_exports.export_list, name="export_list"),
    path("exports/<int:pk>/", views_exports.export_detail, name="export_detail"),
    path("exports/<int:pk>/progress/", views_exports.export_progress, name="export_progress"),
    path("exports/<int:pk>/download/", views_exports.export_download, name="export_download"),
    path("notifications/", views_notifications.notification_list, name="notification_list"),
    path("notifications/<int:pk>/open/", views_notifications.notification_open, name="notification_open"),
    path("notifications/read-all/", views_notifications.notification_read_all, name="notification_read_all"),
    path("", views.home, name="home"),
]
