"""Portal routes of the scheme and its runs, under /assessments/ (namespace `scheme`)."""

from django.urls import path

from . import views

app_name = "scheme"
urlpatterns = [
    path("scheme/", views.scheme_page, name="scheme"),
    path("runs/", views.run_list, name="run_list"),
    path("runs/compute/", views.run_compute, name="run_compute"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/status/", views.run_status, name="run_status"),
    path("runs/<int:pk>/publish/", views.run_publish, name="run_publish"),
    path("runs/<int:pk>/diff/", views.run_diff, name="run_diff"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("results/", views.my_results, name="my_results"),
    path("results/<int:pk>/", views.result_detail, name="result_detail"),
]
