from django.urls import path

from .. import views

app_name = "activities"
urlpatterns = [
    path("vettings/", views.vetting_list, name="vetting_list"),
    path("vettings/new/", views.vetting_create, name="vetting_create"),
    path("vettings/<int:pk>/", views.vetting_detail, name="vetting_detail"),
    path("vettings/<int:pk>/edit/", views.vetting_edit, name="vetting_edit"),
    path("vettings/<int:pk>/conclude/", views.vetting_conclude, name="vetting_conclude"),
    path("talks/", views.talk_list, name="talk_list"),
    path("talks/due/", views.talks_due, name="talks_due"),
    path("talks/<int:pk>/edit/", views.talk_edit, name="talk_edit"),
    path("terms/<int:pk>/talk/", views.talk_create, name="talk_create"),
    path("imports/<str:code>/", views.import_upload, name="import_upload"),
    path("imports/<str:code>/template/", views.import_template, name="import_template"),
    path("imports/<str:code>/confirm/", views.import_confirm, name="import_confirm"),
]
