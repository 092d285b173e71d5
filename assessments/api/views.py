"""`GET /api/v1/reports/annual/{year}/`: the year-end account, scoped like the page."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from partybuild.periods import YEAR_MAX, YEAR_MIN

from ..annual import annual_account
from .serializers import AnnualAccountSerializer


class AnnualAccountView(APIView):
    authz_permission = "assessments.view_annualaccount"

    @extend_schema(responses=AnnualAccountSerializer, operation_id="reports_annual_retrieve")
    def get(self, request: Request, year: int) -> Response:
        """年度总账：一个年度的台账、六项制度与各载体数字；书记只得本组织及下级组织的数字。"""
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise Http404(_("没有这一年度"))
        account = annual_account(request.user, year, today=timezone.localdate())
        return Response(AnnualAccountSerializer(account).data)
