"""Evidence files: checked by extension, by their first bytes and by size before they are stored."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from partybuild.exceptions import DomainError

from ..models import Attachment, Record

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
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
_ALLOWED_TEXT = "jpg、png、gif、webp、pdf、doc、docx、xls、xlsx"


def _extension(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def _head_matches(ext: str, head: bytes) -> bool:
    if ext in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext == "gif":
        return head[:6] in (b"GIF87a", b"GIF89a")
    if ext == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if ext == "pdf":
        return head.startswith(b"%PDF-")
    if ext in ("doc", "xls"):
        return head.startswith(_OLE)
    return head.startswith(_ZIP)


def _office_zip_matches(ext: str, file: UploadedFile) -> bool:
    """A .docx must hold word/document.xml and an .xlsx xl/workbook.xml, not just be any zip."""
    marker = "word/document.xml" if ext == "docx" else "xl/workbook.xml"
    try:
        with zipfile.ZipFile(file) as archive:
            return marker in archive.namelist()
    except zipfile.BadZipFile:
        return False


def attachment_validate(file: UploadedFile) -> None:
    """Refuse files whose extension is not allowed, whose content does not match it, or that are too big."""
    name = file.name or ""
    ext = _extension(name)
    if ext not in CONTENT_TYPES:
        raise DomainError(
            _("附件“%(name)s”的类型不支持：只能上传 %(allowed)s 文件")
            % {"name": name, "allowed": _ALLOWED_TEXT},
            field="files",
        )
    limit = settings.UPLOAD_MAX_BYTES
    if file.size is not None and file.size > limit:
        raise DomainError(
            _("附件“%(name)s”大小为 %(size).1f MB，超过 %(limit)d MB 上限；请压缩或拆分后再上传")
            % {"name": name, "size": file.size / 1024 / 1024, "limit": limit // (1024 * 1024)},
            field="files",
        )
    if not file.size:
        raise DomainError(_("附件“%(name)s”是空文件，请重新选择") % {"name": name}, field="files")
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    ok = _head_matches(ext, head)
    if ok and ext in ("docx", "xlsx"):
        ok = _office_zip_matches(ext, file)
        file.seek(0)
    if not ok:
        raise DomainError(
            _("附件“%(name)s”的内容与扩展名 .%(ext)s 不符（文件可能已损坏或被改名），请上传原始文件")
            % {"name": name, "ext": ext},
            field="files",
        )


def attachments_store(record: Record, files) -> list[Attachment]:
    """Save already-validated files against a record, with their size and SHA-256."""
    stored = []
    for file in files:
        digest = hashlib.sha256()
        for chunk in file.chunks():
            digest.update(chunk)
        file.seek(0)
        name = PurePath(file.name).name[:200]
        attachment = Attachment(
            record=record,
            original_name=name,
            size=file.size,
            content_type=CONTENT_TYPES[_extension(name)],
            sha256=digest.hexdigest(),
        )
        attachment.file.save(name, file, save=False)
        attachment.full_clean()
        attachment.save()
        stored.append(attachment)
    return stored
