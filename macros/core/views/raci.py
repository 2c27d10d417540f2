"""RACI rows and role matrices: one view of the `raci` entries of reviews and SMFs.

`rows(pb)` collects every RACI row (review, SMF activity, SMF as a whole); `matrices(pb)` turns
them, and the review owners/attendees, into tables that the pages render as HTML and the build
writes as CSV. Both come from the same Matrix object, so a page and its CSV cannot disagree.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace

from ..data.model import Entity, Playbook
from ..kinds import RACI_KEYS

# (data key, letter, meaning), in the order a RACI cell lists letters.
LETTERS = tuple(
    zip(
        RACI_KEYS,
        ("R", "A", "C", "I"),
        (
            "Responsible: does the work",
            "Accountable: answers for the outcome (exactly one per row)",
            "Consulted: gives input before the work is done",
            "Informed: is kept up to date",
        ),
        strict=True,
    )
)
WORD_OF = {letter: meaning.split(":")[0] for _, letter, meaning in LETTERS}
LETTER_ORDER = {letter: i for i, (_, letter, _) in enumerate(LETTERS)}

# How a row's letters rest on the source (CONTRIBUTING.md, "RACI: how the letters are derived").
BASES = (
    ("stated", "Stated: the source names the role for this work"),
    ("derived", "Derived: follows from a stated owner or accountable role by the written rules"),
    ("proposed", "Proposed: the playbook's suggestion; the source names no role for this work"),
)
BASIS_LEGEND = tuple((basis, meaning) for basis, meaning in BASES)
# The organisation's own rows (overlay raci.yaml): shown only when it has decided some.
LOCAL_BASIS = ("local", "Local: decided by our organisation; MOF's row stays beside it")


def basis_legend(pb: Playbook) -> tuple[tuple[str, str], ...]:
    """The bases a RACI row of this playbook can have: MOF's three, and 'local' when the
    organisation's layer decides rows."""
    return BASIS_LEGEND + ((LOCAL_BASIS,) if pb.local and pb.local.decisions else ())


@dataclass(frozen=True)
class Row:
    """One RACI row: a review, an SMF activity, or an SMF as a whole."""

    scope: str  # "review" | "activity" | "smf"
    id: str  # review, activity or SMF id
    name: str
    entity: Entity  # the review or SMF whose page shows the row
    group: str | None  # the process name, for activities
    letters: dict[str, str]  # role id -> "R" | "A" | "C" | "I" (or "R/A"), in RACI order
    derived_from: str
    basis: str  # "stated" | "derived" | "proposed" | "local"

    @property
    def target(self) -> str:
        """The docs page (and anchor) a link to this row goes to."""
        return self.entity.page + (f"#{self.id}" if self.scope == "activity" else "")

    @property
    def key(self) -> str:
        """The row's identity across matrices: scope and id ("review:portfolio")."""
        return f"{self.scope}:{self.id}"


def _letters(raci) -> dict[str, str]:
    """Role id -> its letters in the row; "R/A" where the accountable role also does the work."""
    held: dict[str, list[str]] = {}
    for key, letter, _ in LETTERS:
        for role in getattr(raci, key) or ():
            held.setdefault(role, []).append(letter)
    return {role: combine(letters) for role, letters in held.items()}


def split(letters: str) -> list[str]:
    """The single letters of a cell: "R/A" -> ["R", "A"]."""
    return [part for part in letters.split("/") if part]


def _local_row(pb: Playbook, scope: str, entity: Entity) -> list[Row]:
    """The organisation's decided row for a review or SMF (basis 'local'), if any: it follows
    MOF's row, which stays as the framework's view."""
    decided = pb.local.decisions.get((scope, entity.id)) if pb.local else None
    if decided is None:
        return []
    org = pb.local.organisation
    who = org.name if org else "our organisation"
    said = f"Decided by {who} (the organisation's layer, raci.yaml)"
    if decided.note:
        said += f": {decided.note}"
    return [
        Row(
            scope,
            f"local-{entity.id}",
            entity.name,
            entity,
            None,
            _letters(decided.raci),
            said,
            "local",
        )
    ]


def rows(pb: Playbook) -> tuple[Row, ...]:
    """Every RACI row of the playbook: reviews first, then SMFs in lifecycle order. A local
    decision (basis 'local') follows MOF's row of the same review or SMF."""
    found: list[Row] = []
    for review in pb.reviews:
        if review.raci:
            found.append(
                Row(
                    "review",
                    review.id,
                    review.name,
                    review,
                    None,
                    _letters(review.raci),
                    review.raci.derived_from,
                    review.raci.basis,
                )
            )
        found += _local_row(pb, "review", review)
    for smf in pb.smfs:
        for process in smf.processes or ():
            for act in process.activities:
                if act.raci:
                    found.append(
                        Row(
                            "activity",
                            act.id,
                            act.name,
                            smf,
                            process.name,
                            _letters(act.raci),
                            act.raci.derived_from,
                            act.raci.basis,
                        )
                    )
        if smf.raci:
            found.append(
                Row(
                    "smf",
                    smf.id,
                    smf.name,
                    smf,
                    None,
                    _letters(smf.raci),
                    smf.raci.derived_from,
                    smf.raci.basis,
                )
            )
        found += _local_row(pb, "smf", smf)
    return tuple(found)


@dataclass(frozen=True)
class RowIndex:
    """Every RACI row, and each role's rows: indexed once, not scanned once per role."""

    all: tuple[Row, ...]
    by_role: dict[str, tuple[Row, ...]]

    @classmethod
    def of(cls, pb: Playbook) -> RowIndex:
        found = rows(pb)
        by_role: dict[str, list[Row]] = {}
        for row in found:
            for role_id in row.letters:
                by_role.setdefault(role_id, []).append(row)
        return cls(found, {k: tuple(v) for k, v in by_role.items()})

    def of_role(self, role_id: str) -> tuple[Row, ...]:
        return self.by_role.get(role_id, ())


def basis_counts(found: tuple[Row, ...]) -> tuple[tuple[str, str, int], ...]:
    """(basis, meaning, number of rows) for each basis, in BASES order ('local' last, when a
    row has it)."""
    bases = BASES + ((LOCAL_BASIS,) if any(row.basis == "local" for row in found) else ())
    return tuple(
        (basis, meaning, sum(1 for row in found if row.basis == basis)) for basis, meaning in bases
    )


def role_order(pb: Playbook) -> list[Entity]:
    """Roles in the order of data/roles.yaml: role types grouped by accountability, then
    meeting roles. Matrices use it so related roles sit side by side."""
    return sorted(pb.all("role"), key=lambda r: r.origin.line)


def combine(letters) -> str:
    """Several letters in one cell (a role's part across an SMF's rows): 'R/C'."""
    return "/".join(sorted(set(letters), key=LETTER_ORDER.__getitem__))


# --- Matrices -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str  # exactly what the HTML cell and the CSV cell hold
    role: str | None = None  # role id, for the filter


@dataclass(frozen=True)
class MatrixRow:
    label: str
    target: str | Entity  # what the row header links to
    cells: tuple[Cell, ...]
    group: str | None = None
    role: str | None = None  # role id when rows are roles
    basis: str | None = None  # for RACI rows: "stated" | "derived" | "proposed"
    key: str | None = None  # for RACI rows: Row.key


@dataclass(frozen=True)
class Column:
    label: str
    target: str | Entity
    role: str | None = None  # role id when columns are roles


@dataclass(frozen=True)
class Matrix:
    name: str  # raci/<name>.md and raci/<name>.csv
    title: str
    caption: str
    intro: str
    corner: str  # header of the row-header column
    columns: tuple[Column, ...]
    rows: tuple[MatrixRow, ...]
    role_axis: str  # "col" or "row": where the roles are, for the filter
    legend: tuple[tuple[str, str], ...]
    group_label: str | None = None  # "Process": rows come in groups (CSV gets a column)
    derivations: tuple[tuple[str, str, str | Entity, str, str], ...] = field(default=())
    # (row id, label, link target, derived_from, basis) for RACI matrices
    basis_legend: tuple[tuple[str, str], ...] = ()  # set on RACI matrices: rows carry a basis
    part: int = 1  # this page's part of the whole matrix (pages()), and how many parts
    parts: int = 1
    whole: str = ""  # the whole matrix's name, on a part: its CSV and workbook are the whole's

    @property
    def has_basis(self) -> bool:
        """RACI matrices show each row's basis in a column after the row header."""
        return bool(self.basis_legend)

    @property
    def page(self) -> str:
        return f"raci/{self.name}.md"

    @property
    def csv_path(self) -> str:
        """The whole matrix as CSV, also from each of its parts."""
        return f"raci/{self.whole or self.name}.csv"

    @property
    def xlsx_path(self) -> str:
        """The whole matrix's workbook beside its CSV (written by site/xlsx.py)."""
        return f"raci/{self.whole or self.name}.xlsx"

    @property
    def roles(self) -> tuple[tuple[str, str], ...]:
        """(role id, label) of the roles a reader can filter to."""
        if self.role_axis == "col":
            return tuple((c.role, c.label) for c in self.columns if c.role)
        return tuple((r.role, r.label) for r in self.rows if r.role)

    def table(self) -> list[list[str]]:
        """Header row then body rows, as plain text: the CSV, and what the HTML shows."""
        lead = [self.group_label] if self.group_label else []
        basis = ["Basis"] if self.has_basis else []
        out = [lead + [self.corner] + basis + [c.label for c in self.columns]]
        for row in self.rows:
            group = [row.group or ""] if self.group_label else []
            mark = [row.basis or ""] if self.has_basis else []
            out.append(group + [row.label] + mark + [c.text for c in row.cells])
        return out

    def groups(self) -> list[tuple[str | None, list[MatrixRow]]]:
        """Consecutive rows of the same group, for <tbody> sections."""
        out: list[tuple[str | None, list[MatrixRow]]] = []
        for row in self.rows:
            if out and out[-1][0] == row.group:
                out[-1][1].append(row)
            else:
                out.append((row.group, [row]))
        return out


RACI_LEGEND = (
    *((letter, meaning) for _, letter, meaning in LETTERS),
    ("R/A", "The accountable role also does the work itself"),
)


def _raci_matrix(
    pb: Playbook,
    name: str,
    title: str,
    caption: str,
    intro: str,
    corner: str,
    found: list[Row],
    group_label: str | None = None,
) -> Matrix:
    used = {role for row in found for role in row.letters}
    roles = [r for r in role_order(pb) if r.id in used]
    columns = tuple(Column(r.name, r, r.id) for r in roles)
    blank = {r.id: Cell("", r.id) for r in roles}  # one per column: most cells are blank
    body = tuple(
        MatrixRow(
            row.name,
            row.target,
            tuple(
                Cell(letters, r.id) if (letters := row.letters.get(r.id)) else blank[r.id]
                for r in roles
            ),
            group=row.group,
            basis=row.basis,
            key=row.key,
        )
        for row in found
    )
    derivations = tuple(
        (row.id, row.name, row.target, row.derived_from, row.basis) for row in found
    )
    return Matrix(
        name,
        title,
        caption,
        intro,
        corner,
        columns,
        body,
        "col",
        RACI_LEGEND,
        group_label,
        derivations,
        basis_legend(pb),
    )


def _role_review_matrix(pb: Playbook) -> Matrix:
    reviews = pb.reviews
    owners = {r.id: set(r.owners or ()) for r in reviews}
    attends = {r.id: {a.role for a in r.attendees or ()} for r in reviews}
    taking_part = set().union(*owners.values(), *attends.values())
    owns, attends_, blank = Cell("Owns"), Cell("Attends"), Cell("")  # cells are shared values
    body = []
    for role in role_order(pb):
        if role.id not in taking_part:  # a blank row is not shown: not built either
            continue
        cells = tuple(
            owns if role.id in owners[r.id] else attends_ if role.id in attends[r.id] else blank
            for r in reviews
        )
        body.append(MatrixRow(role.name, role, cells, role=role.id))
    return Matrix(
        "roles-by-review",
        "Roles by review: who owns and who attends",
        "Roles × management reviews: Owns or Attends",
        "Each row is a role, each column a management review. The cell says whether the role "
        "owns and drives the review or attends it, as the Management Reviews document lists them.",
        "Role",
        tuple(Column(r.name, r) for r in reviews),
        tuple(body),
        "row",
        (
            ("Owns", "Owns and drives the review (an owner also attends)"),
            ("Attends", "Takes part in the review as an attendee or participant"),
        ),
    )


def _role_smf_matrix(pb: Playbook, found: list[Row]) -> Matrix:
    smfs = pb.smfs
    held: dict[tuple[str, str], set[str]] = {}
    for row in found:  # MOF's letters only: the organisation's rows are in the SMF matrices
        if row.scope in ("activity", "smf") and row.basis != "local":
            for role, letters in row.letters.items():
                held.setdefault((role, row.entity.id), set()).update(split(letters))
    holders = {role for role, _ in held}
    blank = Cell("")  # cells are shared values: most are blank
    body = []
    for role in role_order(pb):
        if role.id not in holders:  # a blank row is not shown: not built either
            continue
        cells = tuple(
            Cell(combine(letters)) if (letters := held.get((role.id, s.id))) else blank
            for s in smfs
        )
        if any(c.text for c in cells):
            body.append(MatrixRow(role.name, role, cells, role=role.id))
    legend = (
        *RACI_LEGEND,
        ("R/C", "Several letters: the role holds each of them for some activity of the SMF"),
    )
    return Matrix(
        "roles-by-smf",
        "Roles by SMF: RACI letters per service management function",
        "Roles × SMFs: the RACI letters each role holds",
        "Each row is a role, each column an SMF. A cell holds every letter the role has in the "
        "SMF: for SMFs with activity tables, across all their activities; for the others, the "
        "SMF-level row.",
        "Role",
        tuple(Column(s.name, s) for s in smfs),
        tuple(body),
        "row",
        legend,
    )


REVIEWS_INTRO = (
    "Each row is a management review, each column a role that has a letter in at least one "
    "review. Letters come from the review's owners and attendees; see how each row was derived "
    "below the table."
)
SMFS_INTRO = (
    "SMFs whose activity tables are not in the source documents carry one RACI row for the SMF "
    "as a whole, derived from the accountabilities and role types the sources link to it."
)
ACTIVITIES_INTRO = (
    "Each row is an activity of the {name} SMF, grouped by process; each column a role with a "
    "letter in at least one activity."
)


def matrices(pb: Playbook) -> tuple[Matrix, ...]:
    """Every matrix the site shows, in nav order."""
    found = list(rows(pb))
    out = []
    reviews = [r for r in found if r.scope == "review"]
    if reviews:
        title = "RACI for the management reviews"
        caption = "RACI: management reviews × roles"
        out.append(_raci_matrix(pb, "reviews", title, caption, REVIEWS_INTRO, "Review", reviews))
    smf_level = [r for r in found if r.scope == "smf"]
    if smf_level:
        title = "RACI for the SMFs (SMF level)"
        caption = "RACI: service management functions × roles"
        out.append(_raci_matrix(pb, "smfs", title, caption, SMFS_INTRO, "SMF", smf_level))
    acts_of: dict[str, list[Row]] = {}  # grouped once: a scan per SMF grows with the square
    for r in found:
        if r.scope == "activity":
            acts_of.setdefault(r.entity.id, []).append(r)
    for smf in pb.smfs:
        acts = acts_of.get(smf.id, [])
        if acts:
            title = f"RACI for the {smf.name} SMF"
            caption = f"RACI: {smf.name} activities × roles"
            intro = ACTIVITIES_INTRO.format(name=smf.name)
            out.append(
                _raci_matrix(
                    pb, f"smf-{smf.id}", title, caption, intro, "Activity", acts, "Process"
                )
            )
    if pb.reviews:
        out.append(_role_review_matrix(pb))
    if any(r.scope in ("activity", "smf") for r in found):
        out.append(_role_smf_matrix(pb, found))
    return tuple(out)


# --- Pages: every matrix page bounded ----------------------------------------------------------

# A matrix page holds at most MAX_ROWS rows and MAX_CELLS cells (rows × the columns those rows
# use): a matrix whose rows and columns both grow with the playbook (reviews × roles at 100×
# the data) is shown in parts, each with only its own columns, so no page grows with the product
# of two kinds. The whole matrix stays one download (CSV and workbook). At the size of the MOF
# data every matrix fits one page.
MAX_ROWS = 60
MAX_CELLS = 800  # the largest MOF matrix, roles by SMF, has 560


def _used(row: MatrixRow) -> set[int]:
    return {i for i, cell in enumerate(row.cells) if cell.text}


def pages(
    matrix: Matrix, max_rows: int | None = None, max_cells: int | None = None
) -> list[Matrix]:
    """The matrix as the pages that show it: itself when it fits one page, else parts of
    consecutive rows, each with the columns its rows use, named NAME, NAME-2, NAME-3...

    A row that alone exceeds max_cells gets a page of its own (a page never splits a row).
    The limits default to MAX_ROWS and MAX_CELLS."""
    max_rows = MAX_ROWS if max_rows is None else max_rows
    max_cells = MAX_CELLS if max_cells is None else max_cells
    if len(matrix.rows) <= max_rows and len(matrix.rows) * len(matrix.columns) <= max_cells:
        return [matrix]
    chunks: list[tuple[list[MatrixRow], set[int]]] = []
    rows: list[MatrixRow] = []
    cols: set[int] = set()
    for row in matrix.rows:
        wider = cols | _used(row)
        if rows and (len(rows) + 1 > max_rows or (len(rows) + 1) * len(wider) > max_cells):
            chunks.append((rows, cols))
            rows, wider = [], _used(row)
        rows.append(row)
        cols = wider
    chunks.append((rows, cols))
    out = []
    for n, (rows, cols) in enumerate(chunks, 1):
        keep = sorted(cols)
        ids = {r.key.split(":", 1)[1] for r in rows if r.key}
        out.append(
            replace(
                matrix,
                name=matrix.name if n == 1 else f"{matrix.name}-{n}",
                title=f"{matrix.title} (part {n} of {len(chunks)})",
                caption=f"{matrix.caption}: part {n} of {len(chunks)}",
                columns=tuple(matrix.columns[i] for i in keep),
                rows=tuple(replace(r, cells=tuple(r.cells[i] for i in keep)) for r in rows),
                derivations=tuple(d for d in matrix.derivations if d[0] in ids),
                part=n,
                parts=len(chunks),
                whole=matrix.name,
            )
        )
    return out


def row_pages(shown: list[Matrix]) -> dict[str, str]:
    """Row.key -> the matrix page (and anchor) showing how the row was derived."""
    return {
        r.key: f"{m.page}#derived-{r.key.split(':', 1)[1]}"
        for m in shown
        if m.derivations
        for r in m.rows
        if r.key
    }


# --- The SMFs at a glance -------------------------------------------------------------------


@dataclass(frozen=True)
class SmfGlance:
    """One SMF on the overview of all SMFs: whether the source details its activities, and who
    is accountable and responsible across its rows."""

    smf: Entity
    activities: int  # RACI rows of its activities; 0: the SMF as a whole (summary only)
    accountable: tuple[Entity, ...]
    responsible: tuple[Entity, ...]

    @property
    def detailed(self) -> bool:
        return self.activities > 0


def smf_glance(pb: Playbook, index: RowIndex) -> list[SmfGlance]:
    """Every SMF in lifecycle order with its A and R roles, gathered from its activity rows
    (or its SMF-level row when the source details no activities)."""
    rows_of: dict[str, list[Row]] = {}
    for row in index.all:
        if row.scope in ("activity", "smf"):
            rows_of.setdefault(row.entity.id, []).append(row)
    order = {r.id: i for i, r in enumerate(role_order(pb))}
    out = []
    for smf in pb.smfs:
        found = rows_of.get(smf.id, [])
        acts = [r for r in found if r.scope == "activity"]
        held: dict[str, set[str]] = {}
        for row in acts or found:
            for role, letters in row.letters.items():
                held.setdefault(role, set()).update(split(letters))

        def having(letter: str, held=held) -> tuple[Entity, ...]:
            ids = sorted((r for r, ls in held.items() if letter in ls), key=order.__getitem__)
            return tuple(pb.get("role", r) for r in ids)

        out.append(SmfGlance(smf, len(acts), having("A"), having("R")))
    return out


# --- CSV ------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A spreadsheet must not run a cell as a formula: prefix formula starters with '."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(matrix: Matrix) -> str:
    """The matrix as CSV (RFC 4180, CRLF), with a byte-order mark so spreadsheets read UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in matrix.table():
        writer.writerow([csv_cell(cell) if cell else cell for cell in line])  # most are blank
    return "\ufeff" + buffer.getvalue()
