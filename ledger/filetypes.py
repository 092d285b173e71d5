"""The evidence file types the ledger accepts, and the one extension each is stored under."""

from __future__ import annotations

CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Stored names take their extension from the checked type, never from the user's file name.
STORED_EXTENSION = {content_type: ext for ext, content_type in reversed(CONTENT_TYPES.items())}
# Shown in the browser rather than saved: raster images and PDF (no SVG, no HTML).
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"})


def stored_extension(content_type: str) -> str:
    return STORED_EXTENSION.get(content_type, "bin")
