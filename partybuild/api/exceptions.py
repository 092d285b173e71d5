import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from partybuild.db_errors import OUT_OF_RANGE_MESSAGE, RETRY_MESSAGE, is_out_of_range, is_retryable_conflict
from partybuild.exceptions import ConflictError, DomainError, PermissionDeniedError

logger = logging.getLogger(__name__)

# A row outside the user's scope is answered exactly as a row that does not exist (no probing).
NOT_FOUND_MESSAGE = _("未找到：该对象不存在，或不在您的查看范围内；请检查 id 或链接")


def exception_handler(exc, context):
    """Turn domain errors into 400/403/409 responses shaped like DRF's own validation errors.

    Services call `full_clean()`, so a model rule can also surface as Django's ValidationError;
    it becomes a 400 with the field messages instead of a 500. A lock held by another writer is a
    409 the client may retry; a number the database cannot hold, missed by validation, is a 400.
    A 404 says so in Chinese (Django's Http404 carries an English "No Record matches the given query.").
    """
    if isinstance(exc, Http404) or (
        isinstance(exc, NotFound) and str(exc.detail) == str(NotFound.default_detail)
    ):
        return Response({"detail": str(NOT_FOUND_MESSAGE)}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, PermissionDeniedError):
        return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, ConflictError):
        return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DomainError):
        body = {exc.field: [exc.message]} if exc.field else {"detail": exc.message}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        body = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if is_retryable_conflict(exc):
        logger.warning("409 after a database lock conflict: %s", exc)
        return Response({"detail": str(RETRY_MESSAGE)}, status=status.HTTP_409_CONFLICT)
    if is_out_of_range(exc):
        # Validation should have named the field; log it so the missing check gets written.
        logger.warning("400 for a number the database cannot hold (add a bounded field): %s", exc)
        return Response({"detail": str(OUT_OF_RANGE_MESSAGE)}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
