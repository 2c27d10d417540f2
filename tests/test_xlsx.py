"""Spreadsheet export: every matrix as .xlsx beside its CSV, and one workbook with every matrix.

The workbooks open with openpyxl and hold exactly what the HTML table and the CSV hold, every
cell as text; header row and row-header column are frozen; a Legend sheet carries the legend and
how each row was derived; the same data and build date give the same bytes.
"""

from __future__ import annotations

import csv
import io
import os
from datetime import UTC
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT
from test_raci import MatrixParser

from macros.core.site import xlsx
from macros.core.site.generate import generate
from macros.core.views import raci
from macros.dist import source_date_epoch


def sheet_rows(ws) -> list[list[str]]:
    return [["" if v is None else v for v in row] for row in ws.iter_rows(values_only=True)]


def csv_rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    # The CSV alone defuses formula starters with a leading ': undo it to compare the text.
    return [
        [c[1:] if c.startswith("'") and c[1:].startswith(raci._FORMULA_START) else c for c in row]
        for row in csv.reader(io.StringIO(text))
    ]


def html_rows(path: Path, group_label: str | None) -> list[list[str]]:
    """The HTML table's rows; grouped rows carry their process heading as a first cell, and the
    header gets the group column's label the HTML shows as heading rows instead."""
    parser = MatrixParser()
    parser.feed(path.read_text())
    rows = parser.rows
    if group_label:
        rows[0] = [group_label, *rows[0]]
    return rows


def test_every_matrix_has_an_xlsx_equal_to_its_csv_and_html_cell_for_cell(built_site, pb):
    matrices = raci.matrices(pb)
    assert len(matrices) >= 6
    for m in matrices:
        path = built_site / m.xlsx_path
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == [xlsx.sheet_names([m])[0], xlsx.LEGEND_SHEET]
        ws = book.worksheets[0]
        cells = sheet_rows(ws)
        assert cells == m.table()
        assert cells == csv_rows(built_site / m.csv_path), m.name
        assert cells == html_rows(built_site / m.page.replace(".md", ".html"), m.group_label), (
            m.name
        )
        # Text cells only, formatted as Text: nothing read as a number, date or formula.
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert cell.data_type == "s" and cell.number_format == "@", cell.coordinate
        lead = 2 if m.group_label else 1
        assert ws.freeze_panes == f"{'ABC'[lead]}2"  # header row and row-header column frozen
        assert ws.column_dimensions["A"].width > 4
        legend = sheet_rows(book[xlsx.LEGEND_SHEET])
        flat = [c for row in legend for c in row]
        assert m.title in flat and m.intro in flat
        for key, meaning in (*m.legend, *m.basis_legend):
            assert [key, meaning] in legend
        for _id, label, _target, derived_from, basis in m.derivations:
            assert [label, f"{derived_from} (basis: {basis})"] in legend


def test_one_workbook_holds_every_matrix_and_the_raci_index_links_it(built_site, pb):
    matrices = raci.matrices(pb)
    book = openpyxl.load_workbook(built_site / xlsx.ALL_PATH)
    assert book.sheetnames == [*xlsx.sheet_names(matrices), xlsx.LEGEND_SHEET]
    for m, ws in zip(matrices, book.worksheets, strict=False):
        assert sheet_rows(ws) == m.table()
    index = (built_site / "raci" / "index.html").read_text()
    assert 'href="all-matrices.xlsx"' in index
    for m in matrices:
        assert f'href="{m.name}.xlsx"' in index
        assert f'href="{m.name}.xlsx"' in (built_site / "raci" / f"{m.name}.html").read_text()


def test_two_builds_give_identical_workbooks(built_site, pb, real_project, monkeypatch):
    # The real build dated its workbooks from its date source (SOURCE_DATE_EPOCH, else the last
    # commit); generate again in this process with the date the build used, compare the bytes.
    built = openpyxl.load_workbook(built_site / xlsx.ALL_PATH).properties.created
    epoch = int(built.replace(tzinfo=UTC).timestamp())
    assert abs(epoch - source_date_epoch(ROOT)) < 86400 * 365 * 20  # a commit's date, not "now"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    site = generate(pb, real_project.pipeline.schemas(), real_project.renderer)
    workbooks = {rel: data for rel, data in site.files.items() if rel.endswith(".xlsx")}
    assert len(workbooks) == len(raci.matrices(pb)) + 1
    for rel, data in workbooks.items():
        assert isinstance(data, bytes)
        assert (built_site / rel).read_bytes() == data, rel
    # A different build date gives a different created date.
    other = xlsx.workbook(raci.matrices(pb)[:1], epoch=86400 * 365)
    assert other != workbooks[raci.matrices(pb)[0].xlsx_path]
    created = openpyxl.load_workbook(io.BytesIO(other)).properties.created
    assert created.year == 1971


def test_cells_that_look_like_formulas_numbers_or_dates_stay_text():
    tricky = ["=SUM(A1:A9)", "+1", "-2", "@cmd", "0012", "2024-01-01", "TRUE", "1e5", "http://x"]
    m = raci.Matrix(
        name="tricky",
        title="Tricky",
        caption="Tricky",
        intro="Cells a spreadsheet would convert.",
        corner="=corner",
        columns=tuple(raci.Column(t, "x") for t in tricky),
        rows=(raci.MatrixRow("=row", "x", tuple(raci.Cell(t) for t in tricky)),),
        role_axis="col",
        legend=(("=A", "formula-like key"),),
    )
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.workbook([m], epoch=0))).worksheets[0]
    assert sheet_rows(ws) == m.table()
    assert all(c.data_type == "s" for row in ws.iter_rows() for c in row)
    assert xlsx.workbook([m], epoch=0) == xlsx.workbook([m], epoch=0)
    with pytest.raises(ValueError):
        xlsx.workbook([])


def test_sheet_names_are_valid_and_unique():
    def matrix(name):
        return raci.Matrix(name, "t", "c", "i", "x", (), (), "col", ())

    names = xlsx.sheet_names(
        [matrix("a" * 40), matrix("a" * 40), matrix("x/y:z"), matrix("legend")]
    )
    assert all(len(n) <= 31 for n in names)
    assert len({n.casefold() for n in names}) == 4 and xlsx.LEGEND_SHEET not in names
    assert not any(ch in n for n in names for ch in "[]:*?/\\")


def test_xlsxwriter_is_a_pinned_runtime_dependency_and_openpyxl_test_only():
    text = (ROOT / "pyproject.toml").read_text()
    runtime = text.split("dependencies = [", 1)[1].split("]", 1)[0]
    test_extra = text.split("test = [", 1)[1].split("]", 1)[0]
    assert '"xlsxwriter==' in runtime and "openpyxl" not in runtime
    assert '"openpyxl==' in test_extra
    assert os.path.exists(xlsx.__file__)
