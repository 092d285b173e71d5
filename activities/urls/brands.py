"""Portal pages of 一支部一品牌, 志愿服务, 学习培训 and 信息报送, under /activities/ (namespace `brands`)."""

from django.urls import path

from ..views import brands, study, volunteers

app_name = "brands"

urlpatterns = [
    path("brands/", brands.brand_list, name="brand_list"),
    path("brands/apply/", brands.brand_apply, name="brand_apply"),
    path("brands/recheck/<int:year>/", brands.brand_recheck, name="brand_recheck"),
    path("brands/<int:pk>/", brands.brand_detail, name="brand_detail"),
    path("brands/<int:pk>/edit/", brands.brand_edit, name="brand_edit"),
    path("brands/<int:pk>/review/", brands.brand_review, name="brand_review"),
    path("volunteers/", volunteers.team_tree, name="team_tree"),
    path("volunteers/teams/new/", volunteers.team_create, name="team_create"),
    path("volunteers/teams/<int:pk>/", volunteers.team_detail, name="team_detail"),
    path("volunteers/teams/<int:pk>/squads/", volunteers.team_squads, name="team_squads"),
    path("volunteers/teams/<int:pk>/members/", volunteers.team_members, name="team_members"),
    path("volunteers/teams/<int:pk>/activity/", volunteers.activity_create, name="activity_create"),
    path("volunteers/activities/", volunteers.activity_list, name="activity_list"),
    path("volunteers/activities/<int:pk>/edit/", volunteers.activity_edit, name="activity_edit"),
    path("volunteers/activities/<int:pk>/delete/", volunteers.activity_delete, name="activity_delete"),
    path("trainings/", study.training_list, name="training_list"),
    path("trainings/new/", study.training_create, name="training_create"),
    path("trainings/<int:pk>/edit/", study.training_edit, name="training_edit"),
    path("info/", study.info_list, name="info_list"),
    path("info/new/", study.info_create, name="info_create"),
    path("info/<int:pk>/edit/", study.info_edit, name="info_edit"),
]
