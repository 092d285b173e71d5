import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from partybuild.db_errors import OUT_OF_RANGE_MESSAGE, RETRY_MESSAGE, is_out_of_range, is_retryable_conflict
from partybuild.exceptions import ConflictError, DomainError, PermissionDeniedError

logger = logging.getLogger(__name__)


def exception_handler(exc, context):
    """Turn domain errors into 400/403/409 responses shaped like DRF's own validation errors.

    Services call `full_clean()`, so a model rule can also surface as Django's ValidationError;
    it becomes a 400 with the field messages instead of a 500. A lock held by another writer is a
    409 the client may retry; a number the database cannot hold, missed by validation, is a 400.
    """
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
