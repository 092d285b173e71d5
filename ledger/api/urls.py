from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("plans", views.PlanViewSet, basename="ledger-plan")
router.register("items", views.ItemViewSet, basename="ledger-item")
router.register("tasks", views.TaskViewSet, basename="ledger-task")
router.register("assignments", views.AssignmentViewSet, basename="ledger-assignment")
router.register("records", views.RecordViewSet, basename="ledger-record")
router.register("closures", views.ClosureViewSet, basename="ledger-closure")

urlpatterns = [
    path("summaries/", views.SummaryView.as_view(), name="ledger-summaries"),
    *router.urls,
]
