"""Pages of 主题讲坛 and the selections (namespace `forums`)."""

from django.urls import path

from ..views import forums as views

app_name = "forums"

urlpatterns = [
    path("forums/", views.forum_list, name="forum_list"),
    path("forums/new/", views.forum_create, name="forum_create"),
    path("forums/grid/", views.forum_grid, name="forum_grid"),
    path("forums/<int:pk>/", views.forum_detail, name="forum_detail"),
    path("forums/<int:pk>/edit/", views.forum_edit, name="forum_edit"),
    path("selections/", views.selection_list, name="selection_list"),
    path("selections/new/", views.selection_create, name="selection_create"),
    path("selections/<int:pk>/", views.selection_detail, name="selection_detail"),
    path("selections/<int:pk>/nominate/", views.candidate_nominate, name="candidate_nominate"),
    path("selections/<int:pk>/promote/", views.selection_promote, name="selection_promote"),
    path("selections/<int:pk>/rounds/new/", views.selection_round_open, name="selection_round_open"),
    path("selections/rounds/<int:pk>/", views.selection_round, name="selection_round"),
]
