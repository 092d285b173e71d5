"""A realistic 10,000-row legacy ledger for the import benchmark, and the org tree it names.

Like the files in the wild: a title row, items merged down their tasks (序号 and 工作项目), text
deadlines in every common form, unit names, short names and group phrases as responsible units.
Deterministic (seeded) so every run measures the same file.
"""

from __future__ import annotations

import random
import zipfile
from datetime import date
from pathlib import Path

from openpyxl import Workbook

UNITS = 40
HEADER = ["序号", "工作项目", "具体任务", "责任单位", "完成时限", "完成情况", "备注"]
DEADLINES = [
    ("3月底前", 12),
    ("6月30日前", 10),
    ("全年", 10),
    ("2020年9月30日", 8),
    ("2020.11.30", 6),
    ("2020/5/31", 4),
    ("2020-10-15", 4),
    (date(2020, 8, 31), 6),
    ("每月", 10),
    ("每季度", 15),
    ("每半年", 5),
    ("每年", 10),
]
VERBS = ["开展", "组织", "落实", "推进", "完成", "报送", "召开", "建立", "健全", "督促"]
TOPICS = ["主题党日", "理论学习", "支部标准化建设", "志愿服务", "党费收缴", "谈心谈话", "党课", "组织生活会"]


def unit_name(n: int) -> str:
    return f"市第{n}局"


def org_spec() -> list[dict]:
    """The orgs the generated file names: one branch per unit, under the committee."""
    return [
        {"name": f"中共{unit_name(n)}支部委员会", "short_name": f"{unit_name(n)}党支部", "unit": unit_name(n)}
        for n in range(1, UNITS + 1)
    ]


def _responsible(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.05:
        return rng.choice(["各基层党支部", "各基层党组织"])
    names = [
        rng.choice([unit_name(n), f"{unit_name(n)}党支部"])
        for n in rng.sample(range(1, UNITS + 1), rng.randint(1, 2))
    ]
    return rng.choice(["、", "，", " "]).join(names)


def make_workbook(path: Path, rows: int = 10_000, seed: int = 2020) -> Path:
    """Write the file in write-only mode (fast, flat memory), then add the merges to the sheet XML."""
    rng = random.Random(seed)
    deadlines, weights = zip(*DEADLINES, strict=True)
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("2020年台账")
    ws.append(["2020年市直机关党建工作任务台账"])
    ws.append(["填报单位：市直机关工委组织科"])
    ws.append(HEADER)
    merges = ["A1:G1"]
    written, item_no, current = 0, 0, 3
    while written < rows:
        item_no += 1
        size = min(rng.randint(2, 8), rows - written)
        first = current + 1
        for k in range(size):
            title = f"{rng.choice(VERBS)}{rng.choice(TOPICS)}（第{item_no}项第{k + 1}条）"
            ws.append(
                [
                    item_no if k == 0 else None,
                    f"重点工作{item_no}" if k == 0 else None,
                    title,
                    _responsible(rng),
                    rng.choices(deadlines, weights)[0],
                    None,
                    "按要求留存佐证材料" if k % 3 == 0 else None,
                ]
            )
        if size > 1:
            merges += [f"A{first}:A{first + size - 1}", f"B{first}:B{first + size - 1}"]
        written += size
        current += size
        if item_no % 50 == 0 and written < rows:
            ws.append([None] * len(HEADER))  # a spacer row, as people leave them
            current += 1
    ws.append(["注：责任单位以最新机构设置为准"])
    workbook.save(path)
    _add_merges(path, merges)
    return path


def _add_merges(path: Path, merges: list[str]) -> None:
    # <mergeCells> goes right after <sheetData> (write-only sheets have nothing in between).
    xml = "".join(f'<mergeCell ref="{ref}"/>' for ref in merges)
    block = f'</sheetData><mergeCells count="{len(merges)}">{xml}</mergeCells>'.encode()
    temp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", block, 1)
            target.writestr(info, data)
    temp.replace(path)
