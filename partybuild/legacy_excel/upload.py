"""Refusing unsafe or wrong uploads before any XML is parsed."""

from __future__ import annotations

import os
import zipfile
import zlib
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import ParseError

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .problems import ImportFailed, _fail

PathOrFile = str | os.PathLike | IO[bytes]


def _size_of(source: PathOrFile) -> int:
    if isinstance(source, str | os.PathLike):
        return os.path.getsize(source)
    size = getattr(source, "size", None)
    if isinstance(size, int):
        return size
    position = source.tell()
    source.seek(0, os.SEEK_END)
    size = source.tell()
    source.seek(position)
    return size


def _name_of(source: PathOrFile) -> str:
    if isinstance(source, str | os.PathLike):
        return Path(source).name
    return Path(str(getattr(source, "name", "") or "")).name


def _head_bytes(source: PathOrFile, count: int = 8) -> bytes:
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as fh:
            return fh.read(count)
    source.seek(0)
    head = source.read(count)
    source.seek(0)
    return head


_SAVE_AS = gettext_lazy(
    "请用 Excel 或 WPS 打开该文件，选择“另存为”→“Excel 工作簿(*.xlsx)”，再上传另存后的文件"
)


# What openpyxl, zipfile and the (defused) XML parser raise on a damaged or hostile workbook whose zip
# directory looked fine: a bad CRC or deflate stream, a missing part, broken XML, a DTD or entity
# (XXE, refused by defusedxml as a ValueError), a cell value openpyxl cannot convert.
UNREADABLE_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    IndexError,
    ParseError,
    TypeError,
    ValueError,
)


def unreadable(source: PathOrFile) -> ImportFailed:
    """The Chinese refusal for a workbook whose contents cannot be read."""
    name = _name_of(source) or _("上传的文件")
    return _fail(
        _("文件“%(name)s”已损坏或含有不安全的内容，无法读取，未导入任何数据；%(save_as)s")
        % {"name": name, "save_as": _SAVE_AS}
    )


def check_upload(source: PathOrFile, *, max_bytes: int | None = None) -> None:
    """Refuse anything but a reasonably sized .xlsx, judging by its bytes and its zip directory only.

    Runs before openpyxl parses any XML, so an oversized file or a zip bomb costs nothing. The
    sizes in the zip directory are binding: zipfile stops reading an entry at its declared size.
    """
    max_bytes = settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    name = _name_of(source) or _("上传的文件")
    size = _size_of(source)
    if size == 0:
        raise _fail(_("文件“%(name)s”是空文件（0字节），请重新选择要导入的 .xlsx 文件") % {"name": name})
    if size > max_bytes:
        raise _fail(
            _(
                "文件“%(name)s”大小为%(size).1fMB，超过上限%(limit).1fMB；"
                "请删除无关的工作表、图片后另存，或把数据拆成几个文件分别导入"
            )
            % {"name": name, "size": size / 1024 / 1024, "limit": max_bytes / 1024 / 1024}
        )
    head = _head_bytes(source)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _fail(
            _(
                "文件“%(name)s”是旧版 Excel 97-2003（.xls）格式或设置了打开密码，系统只接受 .xlsx 工作簿；"
                "%(save_as)s（如有密码请先取消密码）"
            )
            % {"name": name, "save_as": _SAVE_AS}
        )
    if not head.startswith(b"PK"):
        kind = _("CSV 或文本") if name.lower().endswith((".csv", ".txt")) else _("非 Excel")
        raise _fail(
            _("文件“%(name)s”是%(kind)s文件，不是 Excel 工作簿（.xlsx）；%(save_as)s")
            % {"name": name, "kind": kind, "save_as": _SAVE_AS}
        )
    try:
        opened = source if not isinstance(source, str | os.PathLike) else open(source, "rb")  # noqa: SIM115
        try:
            with zipfile.ZipFile(opened) as archive:
                entries = archive.infolist()
        finally:
            if opened is not source:
                opened.close()
            else:
                source.seek(0)
    except zipfile.BadZipFile:
        raise _fail(
            _("文件“%(name)s”已损坏，无法作为 .xlsx 打开；%(save_as)s") % {"name": name, "save_as": _SAVE_AS}
        ) from None
    if len(entries) > settings.XLSX_MAX_ZIP_ENTRIES:
        raise _fail(
            _(
                "文件“%(name)s”内部包含%(count)d个部件，超过上限%(limit)d个；"
                "请删除多余的工作表、图片和批注后另存为 .xlsx 再上传"
            )
            % {"name": name, "count": len(entries), "limit": settings.XLSX_MAX_ZIP_ENTRIES}
        )
    uncompressed = sum(info.file_size for info in entries)
    if uncompressed > settings.XLSX_MAX_UNCOMPRESSED_BYTES:
        raise _fail(
            _("文件“%(name)s”解压后约%(size).0fMB，超过上限%(limit).0fMB；请把数据拆成几个文件分别导入")
            % {
                "name": name,
                "size": uncompressed / 1024 / 1024,
                "limit": settings.XLSX_MAX_UNCOMPRESSED_BYTES / 1024 / 1024,
            }
        )
    if not any(info.filename == "xl/workbook.xml" for info in entries):
        raise _fail(
            _("文件“%(name)s”不是 Excel 工作簿（可能是 Word 或其他压缩文件）；%(save_as)s")
            % {"name": name, "save_as": _SAVE_AS}
        )
