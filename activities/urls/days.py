"""Portal pages of 党员服务日 / 主题党日, under /activities/ (namespace `days`)."""

from django.urls import path

from ..views import days as views

app_name = "days"

urlpatterns = [
    path("service-days/", views.service_day_list, name="service_day_list"),
    path("service-days/new/", views.service_day_create, name="service_day_create"),
    path("service-days/grid/", views.service_day_grid, name="service_day_grid"),
    path("service-days/<int:pk>/", views.service_day_detail, name="service_day_detail"),
    path("service-days/<int:pk>/edit/", views.service_day_edit, name="service_day_edit"),
    path("service-days/<int:pk>/delete/", views.service_day_delete, name="service_day_delete"),
    path("service-days/photos/<int:pk>/", views.service_day_photo, name="service_day_photo"),
]
