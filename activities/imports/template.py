"""下载模板: an .xlsx with the kind's headers (required ones bold) and a 填表说明 sheet."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from .cells import ID_NUMBER_NAMES
from .engine import _synonyms
from .registry import RecordKind

_REQUIRED = Font(bold=True)
_OPTIONAL = Font(italic=True, color="555555")
_FILL = PatternFill("solid", fgColor="FDE9E7")


def template_workbook(kind: RecordKind) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = str(kind.label)
    headers = [(c.header, c.required, c.hint) for c in kind.columns]
    if "id_number" in _synonyms(kind):
        headers.append((ID_NUMBER_NAMES[0], False, _("仅当同一党组织有同名党员时需要")))
    for index, (header, required, _hint) in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=index, value=header)
        cell.font = _REQUIRED if required else _OPTIONAL
        if required:
            cell.fill = _FILL
        ws.column_dimensions[cell.column_letter].width = max(12, len(header) * 2 + 4)
    ws.freeze_panes = "A2"
    notes = wb.create_sheet(_("填表说明"))
    notes.append([_("列名"), _("是否必填"), _("说明"), _("也可写作")])
    for column in kind.columns:
        notes.append(
            [
                column.header,
                _("必填") if column.required else _("选填"),
                str(column.hint),
                "、".join(column.synonyms),
            ]
        )
    if "id_number" in _synonyms(kind):
        notes.append([ID_NUMBER_NAMES[0], _("选填"), _("仅当同一党组织有同名党员时需要"), ""])
    notes.append([])
    notes.append([_("日期可写作 2019-03-31、2019年3月31日、2019.3.31 或 2019/3/31。")])
    notes.append([_("党组织填写全称、简称、别名或单位名称均可。多个值用“、”分隔。")])
    notes.append([_("重复导入同一文件不会产生重复记录：已有的记录按文件内容更新。")])
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["C"].width = 60
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
