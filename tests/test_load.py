"""The loader: values keep their lines; bad YAML becomes precise problems, never a crash."""

from __future__ import annotations

from pathlib import Path

from macros.core.data.load import MAX_BYTES, decode, parse, scan
from macros.core.kinds import file_kind_of


def read(path: Path, file: str, kind: str):
    """One file through the loader as the pipeline runs it: decode, then parse."""
    text, problems = decode(path.read_bytes(), file)
    return (None, problems) if text is None else parse(text, file, kind)


def test_values_remember_their_lines():
    doc, problems = parse("id: x\nlist:\n  - a\n  - b: 1\n", "f.yaml", "review")
    assert problems == []
    assert doc.data == {"id": "x", "list": ["a", {"b": 1}]}
    assert doc.line_of(("list", 1, "b")) == 4
    assert doc.line_of(("list", 0)) == 3
    # A path the document lacks falls back to its nearest ancestor.
    assert doc.line_of(("list", 1, "missing")) == 4


def test_duplicate_key_is_reported_with_both_lines():
    doc, problems = parse("a: 1\nb: 2\na: 3\n", "f.yaml", "review")
    assert [str(p) for p in problems] == [
        "f.yaml:3: /a: duplicate key 'a' (first written on line 1); expected each key once"
    ]
    assert doc.data["a"] == 1  # the first value is kept; the duplicate is an error anyway


def test_tabs_get_a_plain_explanation():
    _, problems = parse("a:\n\t- x\n", "f.yaml", "review")
    assert str(problems[0]) == (
        "f.yaml:2: a tab character is used for indentation; expected spaces (YAML forbids tabs)"
    )


def test_python_tags_are_refused_not_executed(tmp_path: Path):
    marker = tmp_path / "pwned"
    text = f"a: !!python/object/apply:os.system ['touch {marker}']\n"
    doc, problems = parse(text, "f.yaml", "review")
    assert doc is None
    assert "!!python/object/apply:os.system is not allowed" in problems[0].message
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly():
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
        for i in range(9)
    )
    doc, problems = parse(bomb, "f.yaml", "review")
    assert doc is None
    assert problems[0].line == 2
    assert "aliases" in problems[0].message


def test_empty_file_says_what_was_expected():
    _, problems = parse("# only a comment\n", "data/reviews/x.yaml", "review")
    assert str(problems[0]) == (
        "data/reviews/x.yaml:1: the file is empty; expected a YAML "
        "mapping (key: value lines) for a review"
    )


def test_syntax_error_points_at_its_line():
    _, problems = parse("a: 1\nb: [1, 2\nc: 3\n", "f.yaml", "review")
    assert problems[0].line == 3
    assert problems[0].message.startswith("YAML syntax error:")


def test_non_utf8_bytes_name_the_line(tmp_path: Path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    _, problems = read(path, "data/reviews/x.yaml", "review")
    assert str(problems[0]) == (
        "data/reviews/x.yaml:2: byte 0xe9 is not valid UTF-8; "
        "expected the file to be saved as UTF-8"
    )


def test_byte_order_mark_is_accepted(tmp_path: Path):
    path = tmp_path / "x.yaml"
    path.write_bytes("\ufeffid: x\n".encode())
    doc, problems = read(path, "x.yaml", "review")
    assert problems == [] and doc.data == {"id": "x"}


def test_oversized_file_is_refused_before_reading(tmp_path: Path):
    path = tmp_path / "data" / "reviews" / "x.yaml"
    path.parent.mkdir(parents=True)
    with path.open("wb") as f:
        f.truncate(MAX_BYTES + 1)
    found, problems = scan(tmp_path / "data", tmp_path)
    assert found == []
    oversized = [p for p in problems if p.file == "data/reviews/x.yaml"]
    assert len(oversized) == 1 and "expected at most" in oversized[0].message


def test_kinds_come_from_where_a_file_is():
    assert file_kind_of(("reviews", "x.yaml")).name == "review"
    assert file_kind_of(("glossary.yaml",)).name == "glossary"
    assert file_kind_of(("reviews", "deep", "x.yaml")) is None
    assert file_kind_of(("notes.yaml",)) is None


def test_unexpected_files_are_problems(tmp_path: Path):
    (tmp_path / "data" / "reviews").mkdir(parents=True)
    (tmp_path / "data" / "stray.yaml").write_text("a: 1\n")
    (tmp_path / "data" / "reviews" / "x.yml").write_text("a: 1\n")
    found, problems = scan(tmp_path / "data", tmp_path)
    assert found == []
    unexpected = [p for p in problems if "unexpected data file" in p.message]
    assert sorted(p.file for p in unexpected) == ["data/reviews/x.yml", "data/stray.yaml"]
