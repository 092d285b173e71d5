from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("annual/", views.annual_account_latest, name="annual_account_latest"),
    path("annual/<int:year>/", views.annual_account_page, name="annual_account"),
    path("annual/<int:year>/xlsx/", views.annual_account_download, name="annual_account_download"),
]
