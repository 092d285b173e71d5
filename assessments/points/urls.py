"""Portal pages of member points (党员积分), under /assessments/ (namespace `points`)."""

from django.urls import path

from . import views

app_name = "points"

urlpatterns = [
    path("points/me/", views.my_points, name="my_points"),
    path("points/ranking/", views.ranking, name="ranking"),
    path("points/compute/", views.compute, name="compute"),
    path("points/schemes/", views.scheme_list, name="scheme_list"),
    path("points/schemes/prepare/", views.scheme_prepare, name="scheme_prepare"),
    path("points/schemes/<int:pk>/items/new/", views.item_add, name="item_add"),
    path("points/items/<int:pk>/", views.item_edit, name="item_edit"),
    path("points/manual/", views.manual_list, name="manual_list"),
    path("points/manual/new/", views.manual_add, name="manual_add"),
    path("points/manual/<int:pk>/withdraw/", views.manual_withdraw, name="manual_withdraw"),
    path("points/<int:pk>/", views.member_card, name="member_card"),
]
