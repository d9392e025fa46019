"""A digest as an A4 PDF: reportlab lays it out, plotly's own image export (kaleido, driving the
machine's Chromium) draws the charts exactly as the dashboard draws them."""

import contextlib
import datetime as dt
import io
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import kaleido
import plotly.graph_objects as go
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from workforce import config, i18n
from workforce.digest.content import Digest

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
WIDTH = A4[0] - 3.6 * cm
CHART_PIXELS = 1000
"""The chart's width when drawn, in CSS pixels; it is printed at WIDTH, at twice that resolution."""
INK = colors.HexColor("#262730")
MUTED = colors.HexColor("#5F6368")
RULE = colors.HexColor("#E6E8EC")
UP, DOWN = colors.HexColor("#1B7F3B"), colors.HexColor("#C62828")


class RenderError(RuntimeError):
    """The PDF cannot be drawn on this machine (no Chromium, no fonts); the message says what to install."""


def _fonts() -> None:
    """Register DejaVu Sans (Cyrillic and Latin) once."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for folder in FONT_DIRS:
        regular, bold = Path(folder) / "DejaVuSans.ttf", Path(folder) / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont(FONT, str(regular)))
            pdfmetrics.registerFont(TTFont(BOLD, str(bold)))
            return
    raise RenderError("the DejaVu fonts are missing: install Debian's fonts-dejavu-core")


@contextlib.contextmanager
def _chart_server() -> Iterator[None]:
    """One headless Chromium for every chart of a digest (kaleido's sync server)."""
    browser = config.get("WORKFORCE_CHROMIUM")
    if not Path(browser).exists():
        raise RenderError(f"no Chromium at {browser} (WORKFORCE_CHROMIUM): install Debian's chromium")
    kaleido.start_sync_server(path=browser, silence_warnings=True)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="The kopts argument is ignored")
            yield
    finally:
        kaleido.stop_sync_server(silence_warnings=True)


def chart_images(figures: Sequence[go.Figure]) -> list[bytes]:
    """Each figure as a PNG, drawn at CHART_PIXELS wide and twice the resolution."""
    if not figures:
        return []
    with _chart_server():
        return [
            fig.to_image(format="png", width=CHART_PIXELS, height=int(fig.layout.height or 420), scale=2)
            for fig in figures
        ]


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, textColor=INK, alignment=TA_LEFT)
    return {
        "title": ParagraphStyle("title", base, fontName=BOLD, fontSize=17, leading=21, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=11, leading=14, textColor=MUTED, spaceAfter=8),
        "heading": ParagraphStyle(
            "heading", base, fontName=BOLD, fontSize=12, leading=15, spaceBefore=10, spaceAfter=5
        ),
        "body": base,
        "small": ParagraphStyle("small", base, fontSize=8, leading=10.5, textColor=MUTED),
        "cell": ParagraphStyle("cell", base, fontSize=9, leading=11.5),
        "figure": ParagraphStyle("figure", base, fontName=BOLD, fontSize=13, leading=16),
    }


def _p(text: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def _grid(rows: list[list], widths: Sequence[float], header: bool = True) -> Table:
    table = Table(rows, colWidths=list(widths), repeatRows=1 if header else 0)
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("LINEBELOW", (0, 0), (-1, 0), 1, INK))
    table.setStyle(TableStyle(commands))
    return table


def _headline_rows(digest: Digest, styles: dict) -> list[list]:
    lang = digest.lang
    header = [_p(i18n.t(key, lang), styles["small"]) for key in ("digest.figure", "digest.value")]
    header.append(_p(i18n.t("digest.change", lang, year=digest.headline_year - 1), styles["small"]))
    rows = [header]
    for label, figure in digest.headlines:
        if figure.delta is None:
            change = _p(i18n.t("digest.no_change", lang, year=digest.headline_year - 1), styles["small"])
        else:
            colour = MUTED if figure.flat else (DOWN if figure.delta.startswith("-") else UP)
            style = ParagraphStyle("delta", styles["cell"], textColor=colour)
            change = _p(figure.delta.replace("-", i18n.MINUS, 1), style)
        named = [_p(label, styles["cell"])]
        # the first note is the page's help text, the last of a hidden figure what hiding means (printed
        # once, under the filters); between them the rate's parts, interval and change within chance
        notes = figure.notes[1 : len(figure.notes) - 1 if figure.hidden else None]
        if notes:
            named.append(_p("\n".join(notes), styles["small"]))
        rows.append([named, _p(figure.value, styles["figure"]), change])
    return rows


def render(digest: Digest, written: dt.datetime | None = None) -> bytes:
    """The digest as PDF bytes: the filters and policy first, then the headline figures, the targets and
    the charts, each with the notes the page prints under it."""
    _fonts()
    styles = _styles()
    lang = digest.lang
    images = chart_images([chart.figure for chart in digest.charts])
    story: list = [_p(digest.title, styles["title"]), _p(digest.scope_label, styles["subtitle"])]
    story.append(_grid([[_p(k, styles["small"]), _p(v, styles["cell"])] for k, v in digest.filters],
                       (3.6 * cm, WIDTH - 3.6 * cm), header=False))  # fmt: skip
    story.append(_p(i18n.t("digest.headline", lang, year=digest.headline_year), styles["heading"]))
    if digest.headlines:
        story.append(_grid(_headline_rows(digest, styles), (8.4 * cm, 3.6 * cm, WIDTH - 12 * cm)))
    else:
        story.append(_p(i18n.t("digest.no_headline", lang, year=digest.headline_year), styles["body"]))
    if not digest.targets.empty:
        story.append(_p(i18n.t("overview.targets", lang), styles["heading"]))
        rows = [[_p(c, styles["small"]) for c in digest.targets.columns]]
        rows += [[_p(v, styles["cell"]) for v in row] for row in digest.targets.itertuples(index=False)]
        widths = (3.4 * cm, 1.3 * cm, 2 * cm, 2 * cm, 4.6 * cm, WIDTH - 13.3 * cm)
        story.append(_grid(rows, widths))
        story.append(_p(i18n.t("overview.targets_caption", lang), styles["small"]))
    for chart, png in zip(digest.charts, images, strict=True):
        height = WIDTH * int(chart.figure.layout.height or 420) / CHART_PIXELS
        block = [_p(chart.title, styles["heading"]), Image(io.BytesIO(png), width=WIDTH, height=height)]
        block += [_p(note, styles["small"]) for note in chart.notes]
        story.append(KeepTogether(block))
    when = written or dt.datetime.now()
    generated = i18n.t(
        "digest.generated", lang, date=i18n.date(when.date(), lang), as_of=i18n.date(digest.as_of, lang)
    )
    story += [Spacer(1, 8), _p(generated, styles["small"])]

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        text = i18n.t("digest.footer", lang, name=digest.account.name, page=document.page)
        canvas.drawString(1.8 * cm, 1.1 * cm, text)
        canvas.restoreState()

    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=1.8 * cm,
        rightMargin=1.8 * cm,
        topMargin=1.6 * cm,
        bottomMargin=1.8 * cm,
        title=digest.title,
        author="workforce",
        lang=lang,
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
