from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from partybuild.api.docs import DocsView

api_v1 = [
    path("", include("accounts.api.urls")),
    path("ledger/", include("ledger.api.urls")),
    path("activities/", include("activities.api.urls")),
    path("", include("assessments.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("ledger/imports/", include("ledger.import_urls")),
    path("ledger/", include("ledger.urls")),
    path("activities/", include("activities.urls.vetting")),
    path("activities/", include("activities.urls.bulletins")),
    path("activities/", include("activities.urls.scoring")),
    path("activities/", include("activities.urls.archive")),
    path("activities/", include("activities.urls.posts")),
    path("activities/", include("activities.urls.days")),
    path("activities/", include("activities.urls.meetings")),
    path("activities/", include("activities.urls.pairing")),
    path("activities/", include("activities.urls.forums")),
    path("activities/", include("activities.urls.brands")),
    path("assessments/", include("assessments.points.urls")),
    path("assessments/", include("assessments.scheme.urls")),
    path("reports/", include("assessments.urls")),
    path("audit/", include("accounts.audit.urls")),
    path("account/", include("accounts.identity.urls")),
    path("", include("accounts.urls")),
]
# No /media/ route in any mode: evidence and uploads are private files, streamed only by views that
# check the user's permission (ledger:attachment_download).

# Chinese error pages in the site's layout (JSON under /api/): partybuild/errors.py.
handler403 = "partybuild.errors.permission_denied"
handler404 = "partybuild.errors.page_not_found"
handler500 = "partybuild.errors.server_error"
