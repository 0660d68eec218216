"""A pack as a Word document, a PDF and a CSV: all three from one outline of the pack's view.

``outline`` turns a ``PackView`` (the same object the pack's page renders) into blocks: headings,
paragraphs, tables, charts and quotes. Each format draws the blocks, so the page and the exports
never disagree, and small numbers are already suppressed in every one of them.

Why fpdf2 for the PDF: it is pure Python (no system libraries to install on a forum's small
server, unlike WeasyPrint's Pango/Cairo or a headless browser), well kept, embeds a Unicode
TrueType font when the system has one, and draws tables and images; pypdf reads its text back in
the tests. Without a system TrueType font it falls back to the built-in Helvetica, whose
character set is Latin-1 only, so other characters are replaced (say so on the server: install
fonts-dejavu-core).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field

from forum_feedback.disclosure import Cell, Change
from forum_feedback.enums import Rag, Rung
from forum_feedback.evidence import charts
from forum_feedback.evidence.figures import Disclosed
from forum_feedback.evidence.services import PackView
from forum_feedback.web.template_filters import staff_date

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: list[tuple[str | Cell | Change, ...]]
    show_caption: bool = True  # False when a heading just above says the same


@dataclass(frozen=True)
class Image:
    chart: charts.Chart


@dataclass(frozen=True)
class QuoteBlock:
    text: str
    note: str


@dataclass
class Outline:
    title: str
    subtitle: str
    blocks: list[Heading | Para | Table | Image | QuoteBlock] = field(default_factory=list)


def trend_chart(figures: Disclosed) -> charts.Chart:
    every = 1 if len(figures.trend) <= 12 else 3
    ticks = [m.strftime("%b %y") if i % every == 0 else "" for i, m in enumerate(figures.trend_months)]
    return charts.columns(figures.trend, title="Feedback each month", ticks=ticks)


def breakdown_charts(figures: Disclosed) -> list[charts.Chart]:
    """A bar chart for each breakdown (the ten largest service areas), in the order of ``breakdowns()``."""
    return [charts.bars(rows[:10], title=heading) for heading, rows in figures.breakdowns()]


def numbers_table(figures: Disclosed, period_days: int) -> Table:
    return Table(
        "The numbers",
        ("Figure", "Number"),
        [
            ("Pieces of feedback", figures.items),
            ("Families (counted once where they gave the same contact details)", figures.families),
            (f"In the {period_days} days before", figures.previous),
            ("Change", figures.change),
        ],
        show_caption=False,
    )


def outline(view: PackView, *, forum_name: str) -> Outline:
    """The pack as blocks, in the order a board paper reads."""
    pack, figures = view.pack, view.figures
    period = f"{staff_date(view.period.start)} to {staff_date(view.period.end)}"
    doc = Outline(pack.title, f"{forum_name} · Evidence for partners · {period} · {view.status.label}")
    doc.blocks += [Heading("What families told us"), *[Para(p) for p in _paragraphs(pack.summary)]]
    doc.blocks += [Heading("The numbers"), numbers_table(figures, view.period.days)]
    if view.scope:
        doc.blocks.append(Para("Only feedback about: " + "; ".join(f"{k}: {v}" for k, v in view.scope) + "."))
    doc.blocks.append(
        Table(
            "By theme",
            ("Theme", "This period", "Period before", "Change"),
            [(row.label, row.now, row.before, row.change) for row in figures.themes],
        )
    )
    doc.blocks += [
        Image(trend_chart(figures)),
        Table("Feedback each month", ("Month", "Feedback"), _pairs(figures.trend)),
    ]
    for chart, (heading, rows) in zip(breakdown_charts(figures), figures.breakdowns(), strict=True):
        doc.blocks += [Image(chart), Table(heading, (heading, "Feedback"), _pairs(rows))]
    doc.blocks.append(Para(charts.SMALL_NOTE))
    doc.blocks += _words(view)
    return doc


def _words(view: PackView) -> list:
    pack = view.pack
    blocks: list = [Heading("In their own words")]
    blocks += [QuoteBlock(q.text, f"Sent {staff_date(q.received_at)}") for q in view.quotes] or [
        Para("No quotes were chosen for this pack.")
    ]
    blocks += [Heading("What families ask"), *[Para(p) for p in _paragraphs(pack.asks or "Not written yet.")]]
    blocks += [Heading("Who must act"), Para("; ".join(view.partners) or "Not chosen yet.")]
    rating = Rag(pack.rag).label if pack.rag else "Not rated yet"
    blocks += [Heading("The forum's rating"), Para(f"{rating}. {pack.rag_reason}".strip())]
    if pack.partner_rag or pack.response:
        partner = Rag(pack.partner_rag).label if pack.partner_rag else "Not rated"
        blocks += [Heading("The partner's response"), *[Para(p) for p in _paragraphs(pack.response)]]
        blocks.append(Para(f"The partner's own rating: {partner}. {pack.partner_rag_reason}".strip()))
    rung = Rung(pack.rung) if pack.rung else None
    ladder = f"{rung.label} (step {rung.step} of 7)" if rung else "Not recorded yet"
    blocks += [Heading("Co-production so far"), Para(f"How far up the ladder of co-production this has got: {ladder}.")]
    return blocks


def _pairs(rows) -> list[tuple[str, Cell]]:
    return [(row.label, row.cell) for row in rows]


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def _text(value: str | Cell | Change) -> str:
    return value if isinstance(value, str) else value.text


# --- Word -----------------------------------------------------------------------------------------


def to_docx(doc: Outline) -> bytes:
    """An editable Word document a local authority would recognise as a board paper."""
    from docx import Document
    from docx.shared import Cm

    word = Document()
    word.core_properties.title = doc.title
    word.add_heading(doc.title, level=0)
    word.add_paragraph(doc.subtitle)
    for block in doc.blocks:
        if isinstance(block, Heading):
            word.add_heading(block.text, level=block.level)
        elif isinstance(block, Para):
            word.add_paragraph(block.text)
        elif isinstance(block, QuoteBlock):
            word.add_paragraph(f"“{block.text}”", style="Quote")
            word.add_paragraph(block.note)
        elif isinstance(block, Image):
            word.add_picture(io.BytesIO(charts.png(block.chart)), width=Cm(16))
            word.add_paragraph(block.chart.summary)
        else:
            _docx_table(word, block)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _docx_table(word, block: Table) -> None:
    if block.show_caption:
        word.add_paragraph(block.caption, style="Caption")
    table = word.add_table(rows=1, cols=len(block.header), style="Table Grid")
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        cell.text = text
    for row in block.rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = _text(value)


# --- PDF ------------------------------------------------------------------------------------------


def to_pdf(doc: Outline, *, font: str | None = "auto") -> bytes:
    """A PDF of the same outline. ``font``: a TrueType file, "auto" (the system's), or None (Helvetica)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(doc.title)
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    family, latin1 = _pdf_font(pdf, font)
    pdf.add_page()
    write = _safe if latin1 else (lambda text: text)
    pdf.set_font(family, "B", 20)
    pdf.multi_cell(0, 9, write(doc.title), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font(family, "", 10)
    pdf.multi_cell(0, 6, write(doc.subtitle), new_x="LMARGIN", new_y="NEXT", align="L")
    for block in doc.blocks:
        _pdf_block(pdf, block, family, write)
    return bytes(pdf.output())


def _pdf_font(pdf, font: str | None) -> tuple[str, bool]:
    path = charts.font_path() if font == "auto" else font
    if not path:
        return "Helvetica", True
    bold = charts.bold_font_path() if font == "auto" else None
    pdf.add_font("Body", "", str(path))
    pdf.add_font("Body", "B", str(bold or path))  # without a bold face, headings are set larger instead
    return "Body", False


def _pdf_block(pdf, block, family: str, write) -> None:
    if isinstance(block, Heading):
        pdf.ln(3)
        pdf.set_font(family, "B", 15)
        pdf.multi_cell(0, 8, write(block.text), new_x="LMARGIN", new_y="NEXT", align="L")
    elif isinstance(block, Para):
        pdf.set_font(family, "", 11)
        pdf.multi_cell(0, 6, write(block.text), new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(1)
    elif isinstance(block, QuoteBlock):
        pdf.set_font(family, "", 11)
        pdf.set_x(pdf.l_margin + 6)
        pdf.multi_cell(0, 6, write(f"“{block.text}”"), new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_font(family, "", 9)
        pdf.set_x(pdf.l_margin + 6)
        pdf.multi_cell(0, 5, write(block.note), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    elif isinstance(block, Image):
        pdf.image(io.BytesIO(charts.png(block.chart)), w=pdf.epw)
        pdf.ln(2)
    else:
        _pdf_table(pdf, block, family, write)


def _pdf_table(pdf, block: Table, family: str, write) -> None:
    if block.show_caption:
        pdf.set_font(family, "B", 11)
        pdf.multi_cell(0, 6, write(block.caption), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    widths = (3, 1) if len(block.header) == 2 else (4, 1.3, 1.3, 1.3)
    with pdf.table(col_widths=widths, text_align="LEFT", first_row_as_headings=True) as table:
        table.row([write(text) for text in block.header])
        for row in block.rows:
            table.row([write(_text(value)) for value in row])
    pdf.ln(3)


_LATIN1_REPLACEMENTS = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "→": "->"}
)


def _safe(text: str) -> str:
    """Text the built-in Helvetica can draw (Latin-1): typographic marks become plain ones, accents are
    kept where Latin-1 has them, and anything else becomes "?"."""
    text = unicodedata.normalize("NFC", text.translate(_LATIN1_REPLACEMENTS))
    return text.encode("latin-1", "replace").decode("latin-1")


# --- CSV ------------------------------------------------------------------------------------------


def neutralise(value: object) -> object:
    """A cell a spreadsheet will not run as a formula: text starting with =, +, -, @, tab or CR gets a
    leading apostrophe (OWASP's advice). Numbers stay numbers (-3 is a number, not a formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_value(value: str | Cell | Change) -> object:
    if isinstance(value, (Cell, Change)):
        return value.text if value.value is None else value.value
    return value


def to_csv(doc: Outline) -> bytes:
    """The pack's numbers, one row per figure: section, label, then the values (UTF-8 with BOM for Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(value) for value in ("Pack", doc.title)])
    for table in (block for block in doc.blocks if isinstance(block, Table)):
        writer.writerow([neutralise(table.caption), *[neutralise(h or "Figure") for h in table.header]])
        for row in table.rows:
            writer.writerow([neutralise(table.caption), *[neutralise(_csv_value(value)) for value in row]])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_rows(data: bytes) -> list[list[str]]:
    """Read a CSV export back (for tests and checks)."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
