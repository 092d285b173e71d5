"""REST of the assessments app: the year-end account at /api/v1/reports/annual/{year}/ (CONTRACT.md)."""

from django.urls import include, path

from .views import AnnualAccountView

urlpatterns = [
    path("reports/annual/<int:year>/", AnnualAccountView.as_view(), name="reports-annual"),
    path("assessments/", include("assessments.api.points")),  # 党员积分 (points)
    # 考核办法与结果 (schemes, summaries)
    path("assessments/", include("assessments.scheme.api_urls")),
]
