"""Portal pages of 扶贫结对, under /activities/ (namespace `pairing`)."""

from django.urls import path

from ..views import pairing as views

app_name = "pairing"

urlpatterns = [
    path("households/", views.household_list, name="household_list"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<int:pk>/", views.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("households/<int:pk>/pair/", views.pairing_create, name="pairing_create"),
    path("pairings/", views.pairing_list, name="pairing_list"),
    path("pairings/totals/", views.pairing_totals, name="totals"),
    path("pairings/<int:pk>/end/", views.pairing_end, name="pairing_end"),
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/photos/<int:pk>/", views.visit_photo, name="visit_photo"),
]
