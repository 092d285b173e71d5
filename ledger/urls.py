from django.urls import path

from . import views
from .views.fills import activity_fill
from .views.year import plan_copy

app_name = "ledger"
urlpatterns = [
    path("my/", views.my_tasks, name="my_tasks"),
    path("my/assignments/", views.my_assignments, name="my_assignments"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/submit/", views.record_submit, name="record_submit"),
    path("records/<int:pk>/", views.record_detail, name="record_detail"),
    path("records/<int:pk>/edit/", views.record_edit, name="record_edit"),
    path("records/<int:pk>/review/", views.record_review, name="record_review"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/bulk/", views.review_bulk, name="review_bulk"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/state/", views.plan_state, name="plan_state"),
    path("plans/<int:pk>/copy/", plan_copy, name="plan_copy"),
    path("plans/<int:plan_pk>/items/new/", views.item_create, name="item_create"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:item_pk>/tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("summary/", views.summary, name="summary"),
    path("overdue/", views.overdue_list, name="overdue_list"),
    path("periods/", views.period_list, name="period_list"),
    path("periods/<str:code>/close/", views.period_close, name="period_close"),
    path("periods/<str:code>/reopen/", views.period_reopen, name="period_reopen"),
    path("home-cards/", views.home_cards, name="home_cards"),
    path("activity-fill/", activity_fill, name="activity_fill"),
]
