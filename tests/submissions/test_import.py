"""`flask feedback import`: all or nothing, rejected rows named, never the same row twice."""

from __future__ import annotations

from sqlalchemy import func, select

from forum_feedback.submissions.models import Feedback


def write_csv(tmp_path, content: str, *, bom: bool = False, name: str = "survey.csv"):
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + content.encode("utf-8"))
    return path


GOOD = (
    "Comment,Date,Area,Service\n"
    '"Waited 30 weeks for the EHCP, still nothing",2025-03-31,North,ehc-assessment\n'
    '"Our SENCO is brilliant, she listens",14/02/2025,south,Annual reviews;Buses\n'
    '"Multi-line\nstory, with ""quotes"" and émoji 🙂",,,\n'
)


def count(session) -> int:
    return session.scalar(select(func.count(Feedback.id)))


def run_import(runner, path, *extra):
    args = ["feedback", "import", str(path), "--text-column", "Comment", *extra]
    return runner.invoke(args=args)


def test_import_with_bom_stores_rows_with_channel_and_source(runner, session, tmp_path):
    path = write_csv(tmp_path, GOOD, bom=True)
    result = run_import(runner, path, "--date-column", "Date", "--area-column", "Area", "--service-column", "Service")
    assert result.exit_code == 0, result.output
    assert "Imported 3 new item(s)" in result.output
    rows = session.scalars(select(Feedback).order_by(Feedback.id)).all()
    assert [row.channel for row in rows] == ["import"] * 3
    assert rows[0].source == "import: survey.csv"
    assert rows[0].received_at.date().isoformat() == "2025-03-31"
    assert rows[1].received_at.date().isoformat() == "2025-02-14"
    assert rows[1].local_area == "south"
    assert rows[1].service_slugs == ["annual-reviews"] and rows[1].service_other == "Buses"
    assert rows[2].story == 'Multi-line\nstory, with "quotes" and émoji 🙂'


def test_importing_the_same_file_twice_adds_nothing(runner, session, tmp_path):
    path = write_csv(tmp_path, GOOD)
    assert run_import(runner, path).exit_code == 0
    again = run_import(runner, path)
    assert again.exit_code == 0
    assert "Imported 0 new item(s); 3 were already imported" in again.output
    assert count(session) == 3


def test_identical_rows_in_one_file_both_count(runner, session, tmp_path):
    path = write_csv(tmp_path, "Comment\nNo\nNo\n")
    assert run_import(runner, path).exit_code == 0
    assert count(session) == 2


def test_bad_rows_import_nothing_and_are_named(runner, session, tmp_path):
    content = "Comment,Date\nfine,2025-01-01\n,2025-01-02\nalso fine,yesterday\n"
    result = run_import(runner, write_csv(tmp_path, content), "--date-column", "Date")
    assert result.exit_code != 0
    assert "line 3: the text is empty" in result.output
    assert "line 4: date 'yesterday' is not like 2025-03-31 or 31/03/2025" in result.output
    assert "Nothing was imported: 2 row(s) need fixing first." in result.output
    assert count(session) == 0


def test_line_numbers_count_multiline_rows(runner, session, tmp_path):
    content = 'Comment\n"two\nlines"\n""\n'
    result = run_import(runner, write_csv(tmp_path, content))
    assert "line 4: the text is empty" in result.output


def test_missing_column_is_explained(runner, tmp_path):
    result = run_import(runner, write_csv(tmp_path, "Text\nhello\n"))
    assert result.exit_code != 0
    assert "No column called 'Comment'. The file has: Text" in result.output


def test_non_utf8_file_is_refused_clearly(runner, session, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("Comment\ncafé\n".encode("latin-1"))
    result = run_import(runner, path)
    assert result.exit_code != 0 and "is not UTF-8" in result.output
    assert count(session) == 0


def refused(runner, session, path) -> str:
    """Run the import, check it exits non-zero and stored nothing, and return its message."""
    result = run_import(runner, path)
    assert result.exit_code != 0, result.output
    assert count(session) == 0
    return result.output


def test_a_column_twice_in_the_header_is_refused(runner, session, tmp_path):
    output = refused(runner, session, write_csv(tmp_path, "Comment,Date,Comment\nfirst words,2025-03-31,second\n"))
    assert "line 1: the header has the column 'Comment' more than once" in output


def test_an_unterminated_quote_is_refused_naming_its_line(runner, session, tmp_path):
    content = 'Comment,Date\n"Fine",2025-03-31\n"Never closed,2025-04-01\nThe next family,2025-04-02\n'
    output = refused(runner, session, write_csv(tmp_path, content))
    assert "line 3: a quotation mark" in output and "never closed" in output


def test_a_header_only_file_is_refused_not_imported_as_nothing(runner, session, tmp_path):
    output = refused(runner, session, write_csv(tmp_path, "Comment,Date\n"))
    assert "has a header (line 1) but no rows" in output
    assert "Imported" not in output


def test_an_empty_file_is_refused(runner, session, tmp_path):
    assert "survey.csv is empty" in refused(runner, session, write_csv(tmp_path, "\n"))


def test_utf16_without_a_byte_order_mark_is_refused_clearly(runner, session, tmp_path):
    path = tmp_path / "utf16.csv"
    path.write_bytes("Comment\nWaited a year\n".encode("utf-16-le"))
    output = refused(runner, session, path)
    assert "line 1: utf16.csv has NUL characters, so it is probably UTF-16 text" in output
    assert "The file has" not in output


def test_a_non_utf8_byte_is_refused_naming_its_line(runner, session, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("Comment\nfine\ncafé\n".encode("latin-1"))
    assert "line 3: latin1.csv is not UTF-8 text" in refused(runner, session, path)


def test_utf16_with_a_byte_order_mark_is_read(runner, session, tmp_path):
    path = tmp_path / "utf16.csv"
    path.write_bytes("Comment\nWaited a year 🙂\n".encode("utf-16"))
    result = run_import(runner, path)
    assert result.exit_code == 0, result.output
    assert session.scalars(select(Feedback.story)).all() == ["Waited a year 🙂"]


def test_formula_cells_and_control_characters_are_stored_as_text(runner, session, tmp_path):
    content = 'Comment\n=HYPERLINK("http://x")\n+1\n-2+3\n@SUM(A1)\n"\tTabbed"\n"Bell\x07 and\x1b escape"\n'
    result = run_import(runner, write_csv(tmp_path, content))
    assert result.exit_code == 0, result.output
    stories = session.scalars(select(Feedback.story).order_by(Feedback.id)).all()
    assert stories == ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tTabbed", "Bell and escape"]
