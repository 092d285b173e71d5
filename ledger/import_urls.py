from django.urls import path

from . import views_imports as views

app_name = "ledger_imports"
urlpatterns = [
    path("", views.import_list, name="list"),
    path("<int:pk>/", views.import_detail, name="detail"),
    path("<int:pk>/confirm/", views.import_confirm, name="confirm"),
    path("<int:pk>/progress/", views.import_progress, name="progress"),
    path("<int:pk>/assignments/", views.import_assignments_run, name="assignments_run"),
    path("export/", views.export, name="export"),
]
