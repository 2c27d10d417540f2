"""RACI and role matrices as Excel workbooks (.xlsx), written with XlsxWriter.

`workbook(matrices, epoch)` returns the bytes of one workbook: a sheet per matrix (header row
and row-header column frozen, column widths set, every cell a text cell) and a "Legend" sheet
with each matrix's legend, intro and how each row was derived. The build writes one workbook per
matrix beside its CSV (`xlsx_path`) and one holding every matrix (`ALL_PATH`).

Cells hold exactly `Matrix.table()`: the same text as the HTML table and the CSV (the CSV alone
prefixes formula starters with ', since CSV has no cell types). Strings are written as strings
and the cells formatted as Text (@), so a spreadsheet never reads one as a formula, number,
date or link. The same matrices and epoch give the same bytes: XlsxWriter stamps zip entries
with a fixed date, and the document's created date is the build's date (SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Sequence
from datetime import UTC, datetime

import xlsxwriter

from ..views.raci import Matrix

ALL_PATH = "raci/all-matrices.xlsx"
DEFAULT_EPOCH = 315532800  # 1980-01-01T00:00:00Z, as macros/dist.py uses without a date source
LEGEND_SHEET = "Legend"
MAX_WIDTH = 45  # characters: longer text wraps inside its column
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def xlsx_path(matrix: Matrix) -> str:
    """Where a matrix's own workbook goes: beside its CSV, raci/<name>.xlsx."""
    return matrix.xlsx_path


def build_epoch() -> int:
    """The build's date: SOURCE_DATE_EPOCH (set by `python -m macros build`), else 1980-01-01."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else DEFAULT_EPOCH


def sheet_names(matrices: Sequence[Matrix]) -> list[str]:
    """One valid, unique sheet name per matrix (Excel: at most 31 characters, no []:*?/\\)."""
    names: list[str] = []
    taken = {LEGEND_SHEET.casefold()}
    for m in matrices:
        base = _SHEET_BAD.sub("-", m.name).strip("'")[:31] or "Matrix"
        name, n = base, 2
        while name.casefold() in taken:
            suffix = f"~{n}"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        taken.add(name.casefold())
        names.append(name)
    return names


def _width(longest: int) -> float:
    """A column's width for its longest text (characters)."""
    return min(max(longest, 4), MAX_WIDTH) + 2


def workbook(matrices: Sequence[Matrix], epoch: int | None = None) -> bytes:
    """The bytes of one .xlsx holding `matrices` (a sheet each, in order) and a Legend sheet.

    epoch: the created date, in seconds since 1970 (default: `build_epoch()`).
    Raises ValueError for an empty list.
    """
    if not matrices:
        raise ValueError("a workbook needs at least one matrix")
    created = datetime.fromtimestamp(epoch if epoch is not None else build_epoch(), UTC)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    # A naive datetime: XlsxWriter writes it as given, with a Z.
    book.set_properties(
        {
            "title": matrices[0].title if len(matrices) == 1 else "MOF Playbook: RACI matrices",
            "created": created.replace(tzinfo=None),
        }
    )
    text = book.add_format({"num_format": "@", "valign": "top"})
    wrap = book.add_format({"num_format": "@", "valign": "top", "text_wrap": True})
    head = book.add_format({"num_format": "@", "bold": True, "text_wrap": True, "valign": "bottom"})
    letters = book.add_format({"num_format": "@", "align": "center", "valign": "top"})
    bold = book.add_format({"num_format": "@", "bold": True})

    for m, name in zip(matrices, sheet_names(matrices), strict=True):
        sheet = book.add_worksheet(name)
        table = m.table()
        lead = 1 if m.group_label else 0  # the group column comes before the row header
        header = table[0]
        for c, cell in enumerate(header):
            sheet.write_string(0, c, cell, head)
        widest = [0] * len(header)  # each column's longest text below the header
        for r, line in enumerate(table[1:], 1):
            for c, cell in enumerate(line):
                if not cell:  # a blank cell is left unwritten: most of a large matrix
                    continue
                sheet.write_string(r, c, cell, wrap if c <= lead else letters)
                if len(cell) > widest[c]:
                    widest[c] = len(cell)
        for c, cell in enumerate(header):
            if c <= lead:
                sheet.set_column(c, c, _width(max(widest[c], len(cell))), wrap)
            else:  # letter columns: narrow, the header wraps; a letter typed in is centred text
                sheet.set_column(c, c, min(_width(widest[c]) + 4, 14), letters)
        sheet.set_row(0, 60)
        sheet.freeze_panes(1, lead + 1)

    legend = book.add_worksheet(LEGEND_SHEET)
    legend.set_column(0, 0, 28)
    legend.set_column(1, 1, 90)
    r = 0
    for m, name in zip(matrices, sheet_names(matrices), strict=True):
        legend.write_string(r, 0, m.title, bold)
        legend.write_string(r, 1, f"Sheet {name}: {m.caption}", text)
        r += 1
        legend.write_string(r, 0, "About", text)
        legend.write_string(r, 1, m.intro, wrap)
        r += 1
        for key, meaning in (*m.legend, *m.basis_legend):
            legend.write_string(r, 0, key, text)
            legend.write_string(r, 1, meaning, wrap)
            r += 1
        if m.derivations:
            legend.write_string(r, 0, "How each row was derived", bold)
            r += 1
            for _id, label, _target, derived_from, basis in m.derivations:
                legend.write_string(r, 0, label, wrap)
                legend.write_string(r, 1, f"{derived_from} (basis: {basis})", wrap)
                r += 1
        r += 1
    book.close()
    return buffer.getvalue()
