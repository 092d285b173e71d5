"""Evidence files: checked by extension, by their first bytes and by size before they are stored;
stored privately under random names with their SHA-256, which is checked again on every download."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from accounts.audit import audit_log
from partybuild.exceptions import DomainError
from partybuild.storage import CHUNK, sha256_of

from ..evidence import EvidenceFile
from ..filetypes import CONTENT_TYPES
from ..models import Attachment, Record

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
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


def evidence_store(files, build: Callable[..., EvidenceFile]) -> list[EvidenceFile]:
    """Save already-validated (and quota-checked) files as evidence rows made by `build(**fields)`
    (the owner bound in), with their size and SHA-256.

    If one cannot be written, the files already written for this call are deleted again.
    """
    stored: list[EvidenceFile] = []
    try:
        for file in files:
            digest, size = sha256_of(file)
            name = PurePath(file.name).name[:200]
            evidence = build(
                original_name=name, size=size, content_type=CONTENT_TYPES[_extension(name)], sha256=digest
            )
            evidence.file.save(name, file, save=False)
            stored.append(evidence)
            evidence.full_clean()
            evidence.save()
    except BaseException:
        for evidence in stored:
            evidence.file.storage.delete(evidence.file.name)
        raise
    return stored


def attachments_store(record: Record, files) -> list[Attachment]:
    return evidence_store(files, lambda **fields: Attachment(record=record, **fields))


class EvidenceIntegrityError(DomainError):
    """A stored evidence file no longer matches the SHA-256 recorded when it was uploaded."""


def attachment_open_verified(*, attachment: Attachment, user) -> tempfile.SpooledTemporaryFile:
    """A copy of the evidence file whose SHA-256 was checked against the row, ready to stream.

    The bytes are hashed while copied, so what is served is exactly what was checked. A missing file
    raises FileNotFoundError; a changed one EvidenceIntegrityError, after an audit event. Never serves
    tampered bytes.
    """
    # Closed by the response that streams it, or below when it must not be served.
    copy = tempfile.SpooledTemporaryFile(max_size=CHUNK, dir=settings.FILE_UPLOAD_TEMP_DIR)  # noqa: SIM115
    try:
        with attachment.file.storage.open(attachment.file.name, "rb") as source:
            for block in iter(lambda: source.read(CHUNK), b""):
                copy.write(block)
        digest, size = sha256_of(copy)
    except FileNotFoundError:
        copy.close()
        audit_log(
            "evidence.integrity",
            actor=user,
            target=attachment,
            result="failure",
            detail={"reason": "missing", "file": attachment.original_name},
        )
        raise
    if digest != attachment.sha256 or size != attachment.size:
        copy.close()
        audit_log(
            "evidence.integrity",
            actor=user,
            target=attachment,
            result="failure",
            detail={
                "reason": "sha256 mismatch",
                "file": attachment.original_name,
                "expected_sha256": attachment.sha256,
                "actual_sha256": digest,
                "expected_size": attachment.size,
                "actual_size": size,
            },
        )
        raise EvidenceIntegrityError(
            _(
                "佐证材料“%(name)s”未通过完整性校验：文件内容与上传时记录的 SHA-256 指纹不一致，"
                "可能已被篡改或损坏。为防止传播被改动的材料，系统已拒绝下载并记入审计日志；"
                "请联系系统管理员核查并从备份恢复该文件。"
            )
            % {"name": attachment.original_name}
        )
    return copy
