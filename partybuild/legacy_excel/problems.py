"""Problems found in a workbook, each pointing at the sheet, row and column to fix."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from partybuild.exceptions import DomainError


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with an uploaded workbook, pointing at the sheet, row and column to fix."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None  # column letter, e.g. "C"
    header: str | None = None  # the header text as written in the file, e.g. "入党时间"

    def __str__(self) -> str:
        place = ""
        if self.sheet:
            place = _("工作表“%(sheet)s”") % {"sheet": self.sheet}
        if self.row:
            place += _("第%(row)s行") % {"row": self.row}
        if self.column:
            place += _("第%(column)s列") % {"column": self.column}
            if self.header:
                place += f"({self.header})"
        elif self.header:
            place += _("“%(header)s”列") % {"header": self.header}
        return f"{place}：{self.message}" if place else self.message

    def as_line(self) -> str:
        """Short form for command output: 工作表/第N行/列名: 问题."""
        parts = [self.sheet or _("文件")]
        if self.row:
            parts.append(_("第%(row)s行") % {"row": self.row})
        if self.header or self.column:
            parts.append(self.header or _("%(column)s列") % {"column": self.column})
        return "/".join(parts) + f": {self.message}"


class ImportFailed(DomainError):
    """The workbook cannot be imported; `problems` lists every reason, each with its place."""

    def __init__(self, problems: list[ImportProblem], *, field: str | None = "file"):
        self.problems = list(problems)
        shown = "\n".join(str(p) for p in self.problems[:50])
        extra = len(self.problems) - 50
        more = "\n" + _("……另有%(count)d处问题") % {"count": extra} if extra > 0 else ""
        if len(self.problems) == 1:
            message = str(self.problems[0])
        else:
            message = (
                _("文件有%(count)d处问题，未导入任何数据：") % {"count": len(self.problems)}
                + f"\n{shown}{more}"
            )
        super().__init__(message, field=field)


def _fail(message: str) -> ImportFailed:
    return ImportFailed([ImportProblem(message)])
