"""Evidence downloads: the only way evidence leaves the server, in every mode (there is no /media/ route)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from .. import selectors, services
from ..filetypes import INLINE_TYPES
from ..models import Attachment


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Stream one evidence file after checking the user may see its record and that its SHA-256 still holds.

    Images and PDFs open in the browser (`?download=1` saves them instead); other types are saved.
    The file name is the one the user uploaded (RFC 5987 encoded); the stored name is random.
    """
    attachment = get_object_or_404(
        Attachment.objects.filter(record__in=selectors.records_visible_to(request.user).values("pk")), pk=pk
    )
    try:
        handle = services.attachment_open_verified(attachment=attachment, user=request.user)
    except FileNotFoundError as error:
        raise Http404(_("文件不存在，可能已被删除")) from error
    except services.EvidenceIntegrityError as error:
        return render(
            request,
            "ledger/attachment_refused.html",
            {"attachment": attachment, "message": error.message},
            status=409,
        )
    inline = attachment.content_type in INLINE_TYPES and not request.GET.get("download")
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
