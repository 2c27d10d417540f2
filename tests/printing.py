"""Print a built page to PDF in Chromium and read it back: what the paper holds, not a page count.

`print_page(page, url, paper, out)` prints with the site's print CSS on the chosen paper and
returns a `Printout`: the page count, the text of each sheet, and every table header and list
item of the HTML that the PDF lacks. Elements the print design leaves out on purpose (navigation,
source notes, derivations, screen-only controls) are listed once, in `LEFT_OUT`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

PAPERS = ("A4", "Letter")

# What print leaves out by design (theme/assets/stylesheets/print.css says the same).
LEFT_OUT = ", ".join(
    (
        ".md-header",
        ".md-tabs",
        ".md-sidebar",
        ".md-footer",
        ".md-tags",
        ".mof-notes",  # "Notes on the source"
        ".mof-derivations",  # how each RACI row was derived
        ".mof-variant",  # other wordings in the source
        ".mof-screen-only",  # links and controls that only make sense on screen
        ".mof-cl-screen",
        ".mof-cl-note",
        "[hidden]",
    )
)

# Every th and li of the article, as the print layout renders its text (innerText follows the
# print CSS: display:none parts of a cell drop out), without the text of nested lists/tables.
_EXPECTED_JS = """(leftOut) => {
  const root = document.querySelector('article') || document.body;
  const out = [];
  for (const el of root.querySelectorAll('th, li')) {
    if (el.closest(leftOut)) continue;
    let text = el.innerText || '';
    for (const child of el.querySelectorAll(':scope > ul, :scope > ol, :scope > table')) {
      text = text.replace(child.innerText || '', ' ');
    }
    text = text.trim();
    if (text) out.push(text);
  }
  return out;
}"""


_CHARS_JS = """() => (document.querySelector('article') || document.body).innerText.length"""
# Lines that do not count as content on a sheet: the sign-off block and the source line.
FURNITURE = ".mof-source, .mof-cl-signoff"
_FURNITURE_JS = """(sel) => [...document.querySelectorAll(sel)].map(e => e.innerText || '')"""
# A write-in box on a form is content: its label and each ruled line to write on count.
_FIELDS_JS = """() => [...document.querySelectorAll('.mof-field')].map(f => [
  (f.querySelector('.mof-field-label') || f).innerText || '',
  f.querySelectorAll('.mof-line').length])"""


def squash(text: str) -> str:
    """Text compared without spaces, hyphens or case: a PDF line may wrap (and hyphenate)
    anywhere."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s\u00ad\-\u2010-\u2011]+", "", text)


@dataclass
class Printout:
    url: str
    paper: str
    pages: int
    sheets: list[str]  # text of each sheet (pdftotext -layout)
    missing: list[str]  # th/li texts of the HTML not found in the PDF
    chars: int = 0  # characters of text the print layout shows
    furniture: tuple[str, ...] = ()  # squashed sign-off and source texts
    fields: tuple[tuple[str, int], ...] = ()  # (squashed write-in label, its ruled lines)

    def content_lines(self, sheet: str) -> int:
        """A sheet's lines of content: its lines of text less those of the sign-off block and
        the source line, plus the ruled lines of the write-in boxes it holds."""
        count = 0
        for line in sheet.splitlines():
            text = squash(line)
            if not text or any(text in f for f in self.furniture):
                continue
            count += 1 + sum(n for label, n in self.fields if label and text in label)
        return count

    @property
    def thin_sheets(self) -> list[int]:
        """1-based numbers of sheets holding fewer than three lines of content."""
        return [n for n, sheet in enumerate(self.sheets, 1) if self.content_lines(sheet) < 3]


def pdf_sheets(pdf: Path) -> list[str]:
    """The text of each sheet of a PDF (pdftotext separates sheets with form feeds)."""
    assert shutil.which("pdftotext"), "poppler-utils is needed"
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return text.split("\f")[:-1]  # a form feed ends every sheet, blank ones too


def print_page(page, url: str, paper: str, out: Path, reload: bool = True) -> Printout:
    """Open url (unless reload is False: the page already shows it), print it to out on paper
    (A4 or Letter), and compare the PDF with the HTML."""
    if reload:
        page.emulate_media(media="screen")
        page.goto(url)
    page.emulate_media(media="print")
    expected = page.evaluate(_EXPECTED_JS, LEFT_OUT)
    chars = page.evaluate(_CHARS_JS)
    furniture = tuple(squash(t) for t in page.evaluate(_FURNITURE_JS, FURNITURE))
    fields = tuple((squash(label), n) for label, n in page.evaluate(_FIELDS_JS))
    page.pdf(path=str(out), format=paper)
    sheets = pdf_sheets(out)
    whole = squash("".join(sheets))
    missing = [t for t in dict.fromkeys(expected) if squash(t) not in whole]
    return Printout(url, paper, len(sheets), sheets, missing, chars, furniture, fields)
