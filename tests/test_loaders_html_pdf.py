"""Tests of the HTML and PDF loaders: main text, titles, dates, encodings, pages, bad and hostile input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.errors import SourceError
from kg.loaders import LOADERS, LoadResult, load_sources, loader_for
from kg.loaders.html import declared_encoding
from kg.loaders.pdf import page_text
from kg.model import Document

DATA = Path(__file__).parent / "data" / "loaders"
HTML = DATA / "html"


def region_texts(document: Document) -> list[str]:
    return [document.text[region.start : region.end] for region in document.regions]


def only_document(result: LoadResult) -> Document:
    assert result.warnings == ()
    assert len(result.documents) == 1, result
    return result.documents[0]


def assert_regions_round_trip(document: Document) -> None:
    assert document.regions
    for region in document.regions:
        quoted = document.text[region.start : region.end]
        assert 0 <= region.start < region.end <= len(document.text)
        assert quoted and quoted == quoted.strip()


# --- HTML: main text ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def article() -> Document:
    return only_document(load_sources([HTML / "artikel.html"]))


def test_html_main_text_is_the_article_one_region_per_paragraph(article: Document) -> None:
    assert article.format == "html"
    assert article.key == "artikel"
    assert region_texts(article) == [
        "Umeå universitet och Region Västerbotten tecknar samverkansavtal",
        "Umeå universitet och Region Västerbotten har tecknat ett nytt samverkansavtal som gäller forskning, "
        "utbildning och innovation inom hälso- och sjukvården i länet.",
        "Avtalet undertecknades av rektor Hans Adolfsson och regiondirektör Peter Sandberg vid en ceremoni "
        "i Umeå. Parterna ska träffas två gånger per år i en gemensam ledningsgrupp.",
        "Bakgrund",
        "Samarbetet mellan lärosätet och regionen har pågått i många år, men nu formaliseras det genom "
        "avtalet. Ett särskilt fokus ligger på kompetensförsörjning & klinisk forskning.",
    ]
    # The text is the extracted paragraphs separated by blank lines, not the markup.
    assert article.text == "\n\n".join(region_texts(article)) + "\n"
    assert_regions_round_trip(article)


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Anna Berg",  # in a <script>
        "Karin Ek",  # in a JSON-LD <script>
        "Lunds universitet",  # in a <style>
        "Malmö universitet",  # in a <style>
        "Karolinska institutet",  # navigation
        "Startsida",
        "Stockholms universitet",  # cookie banner
        "kakor",
        "Chalmers",  # breadcrumb
        "Luleå tekniska universitet",  # share buttons
        "Linnéuniversitetet",  # aside
        "Högskolan Dalarna",  # form
        "Göteborgs universitet",  # footer
        "<",
        "{",
    ],
)
def test_html_boilerplate_scripts_and_styles_are_not_in_the_text(article: Document, boilerplate: str) -> None:
    assert boilerplate not in article.text


def test_html_title_and_date(article: Document) -> None:
    assert article.title == "Umeå universitet och Region Västerbotten tecknar samverkansavtal"
    assert article.date == "2021-05-04"


def test_html_date_from_time_element_and_none_when_not_stated(tmp_path: Path) -> None:
    paragraph = "<p>Mälardalens universitet och Västerås stad samverkar om lärarutbildningen i regionen.</p>"
    (tmp_path / "a.html").write_text(
        f"<html><head><title>A</title></head><body><article><time datetime='2019-11-30T08:00'>30/11</time>"
        f"{paragraph}</article></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "b.html").write_text(
        f"<html><head><title>Utan datum</title></head><body>{paragraph}</body></html>", encoding="utf-8"
    )
    a, b = load_sources([tmp_path]).documents
    assert a.date == "2019-11-30"
    assert (b.date, b.title) == (None, "Utan datum")


def test_html_short_page_and_title_fallback(tmp_path: Path) -> None:
    path = tmp_path / "kort.htm"
    path.write_text("<html><body><p>Kort text om Örebro universitet.</p></body></html>", encoding="utf-8")
    document = only_document(load_sources([path]))
    assert region_texts(document) == ["Kort text om Örebro universitet."]
    assert document.title == "Kort text om Örebro universitet."


def test_html_character_references_and_xhtml(tmp_path: Path) -> None:
    path = tmp_path / "sida.xhtml"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Sida</title></head><body>'
        "<p>Uppsala universitet &amp; Region Uppsala: &#196;ven Enk&#246;pings kommun och H&aring;bo kommun "
        "deltar i samverkan.</p></body></html>",
        encoding="utf-8",
    )
    document = only_document(load_sources([path]))
    assert "Uppsala universitet & Region Uppsala: Även Enköpings kommun och Håbo kommun" in document.text


def test_html_without_text_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "tom.html"
    path.write_text("<html><head><script>var a = 1;</script></head><body><nav>Meny</nav></body></html>")
    result = load_sources([path])
    assert result.documents == ()
    assert result.warnings == (f"{path}: no text in the HTML page",)


def test_html_in_a_txt_file_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "sparad.txt"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Sparad sida</title></head>"
        "<body><p>Karlstads universitet och Region Värmland.</p></body></html>",
        encoding="utf-8",
    )
    assert loader_for(path, path.read_bytes()) is LOADERS["html"]
    assert loader_for(DATA / "latin1.txt", (DATA / "latin1.txt").read_bytes()) is LOADERS["text"]
    document = only_document(load_sources([path]))
    assert (document.format, document.text) == ("html", "Karlstads universitet och Region Värmland.\n")


# --- HTML: encodings ---------------------------------------------------------------------------------

GAVLE = "Högskolan i Gävle och Region Gävleborg har ett avtal om samverkan – ett ”formaliserat” samarbete"


@pytest.mark.parametrize("name", ["cp1252-deklarerad.html", "cp1252-odeklarerad.htm"])
def test_html_windows_1252_declared_or_not(name: str) -> None:
    raw = (HTML / name).read_bytes()
    assert "ö".encode("cp1252") in raw and "ö".encode() not in raw
    document = only_document(load_sources([HTML / name]))
    assert document.encoding == "cp1252"
    assert region_texts(document)[0].startswith(GAVLE)
    assert "Ärendet bereds av en gemensam styrgrupp" in document.text
    assert document.title == "Högskolan i Gävle och Region Gävleborg"
    assert_regions_round_trip(document)


@pytest.mark.parametrize(
    ("head", "data_encoding", "expected"),
    [
        ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', "cp1252", "cp1252"),
        ('<meta charset="utf-8">', "utf-8-sig", "utf-8-sig"),  # a BOM wins
        ('<meta charset="utf-8">', "cp1252", "cp1252"),  # a wrong declaration falls back
        ('<meta charset="x-okänd">', "utf-8", "utf-8"),
        ("", "utf-16", "utf-16-le"),
    ],
)
def test_html_encoding_declarations(tmp_path: Path, head: str, data_encoding: str, expected: str) -> None:
    page = (
        f"<html><head>{head}<title>T</title></head><body><p>Åsa Öberg på Högskolan i Gävle – ”ÅÄÖ”.</p></body></html>"
    )
    path = tmp_path / "sida.html"
    path.write_bytes(page.encode(data_encoding, errors="replace"))
    document = only_document(load_sources([path]))
    assert document.encoding == expected
    assert "Åsa Öberg på Högskolan i Gävle" in document.text


def test_declared_encoding_names() -> None:
    assert declared_encoding(b'<meta charset="Windows-1252">') == "cp1252"
    assert declared_encoding(b"<meta content='text/html;charset=ISO-8859-1' http-equiv=content-type>") == "cp1252"
    assert declared_encoding(b'<?xml version="1.0" encoding="UTF-8"?><html>') == "utf-8"
    assert declared_encoding(b"<html><p>charset=utf-8</p>") is None
    assert declared_encoding(b'<meta charset="utf-16">') is None


# --- HTML: hostile input -----------------------------------------------------------------------------

BOMB = """<?xml version="1.0"?>
<!DOCTYPE html [
  <!ENTITY a "Umeå universitet Umeå universitet Umeå universitet">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
  <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
  <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
  <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
  <!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
]>
<html><body><p>&i;</p></body></html>
"""


@pytest.mark.parametrize("name", ["bomb.html", "bomb.xhtml", "bomb.htm"])
def test_entity_expansion_bomb_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(BOMB, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_sources([path], strict=True)
    assert str(caught.value) == f"{path}: entity declarations are not allowed"
    assert load_sources([path]).warnings == (f"{path}: entity declarations are not allowed",)


def test_entity_declaration_in_utf16_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "bomb16.html"
    path.write_bytes(BOMB.encode("utf-16"))
    assert load_sources([path]).warnings == (f"{path}: entity declarations are not allowed",)


def test_binary_html_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "trasig.html"
    path.write_bytes(b"\x00\x01\x02<html>" * 50)
    (warning,) = load_sources([path]).warnings
    assert warning == f"{path}: binary content (NUL bytes), not text"


# --- PDF ---------------------------------------------------------------------------------------------


def _canvas(path: Path, **options: object):  # type: ignore[no-untyped-def]
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    return canvas.Canvas(str(path), **options)


def write_pdf(path: Path, pages: list[list[str]], *, title: str | None = None, **options: object) -> Path:
    """A PDF with one page per list of lines (Helvetica 11, 14 pt leading), drawn top-down."""
    pdf = _canvas(path, **options)
    if title is not None:
        pdf.setTitle(title)
    for lines in pages:
        pdf.setFont("Helvetica", 11)
        y = 800.0
        for line in lines:
            if line:
                pdf.drawString(72, y, line)
            y -= 14
        pdf.showPage()
    pdf.save()
    return path


PAGE_ONE = [
    "Rapport om samverkan i Gävleborg",
    "",
    "Första sidan beskriver hur lärosätet och regionen arbetar tillsammans med",
    "kompetensförsörjning, forskning och utbildning i länet sedan många år. Ett sam-",
    "verkansavtal tecknades 2019 och ett EU-",
    "projekt om hälso- och sjukvård har startat.",
    "",
    "1",
]
PAGE_TWO = [
    "2",
    "Högskolan i Gävle samverkar med Gävle kommun inom ramen för ett avtal om",
    "praktiknära forskning och utbildning för lärare och skolledare i regionen.",
    "Bakgrund",
    "Arbetet leds av en styrgrupp med företrädare för båda parter och för",
    "Region Gävleborg.",
]


@pytest.fixture()
def two_page_pdf(tmp_path: Path) -> Path:
    return write_pdf(tmp_path / "rapport.pdf", [PAGE_ONE, PAGE_TWO], title="Samverkan i Gävleborg 2020")


def test_pdf_pages_become_regions_with_page_numbers(two_page_pdf: Path) -> None:
    document = only_document(load_sources([two_page_pdf]))
    assert document.format == "pdf"
    assert document.key == "rapport"
    assert document.title == "Samverkan i Gävleborg 2020"
    assert [region.page for region in document.regions] == [1, 2]
    page_one, page_two = region_texts(document)
    assert page_two.startswith("Högskolan i Gävle samverkar med Gävle kommun")
    assert "Högskolan i Gävle" not in page_one
    assert document.text == f"{page_one}\n\n{page_two}"
    assert_regions_round_trip(document)


def test_pdf_lines_join_into_paragraphs_and_hyphenation_is_undone(two_page_pdf: Path) -> None:
    page_one, page_two = region_texts(only_document(load_sources([two_page_pdf])))
    assert page_one == (
        "Rapport om samverkan i Gävleborg\n\n"
        "Första sidan beskriver hur lärosätet och regionen arbetar tillsammans med kompetensförsörjning, "
        "forskning och utbildning i länet sedan många år. Ett samverkansavtal tecknades 2019 och ett "
        "EU-projekt om hälso- och sjukvård har startat."
    )  # the page number "1" is gone
    assert page_two == (
        "Högskolan i Gävle samverkar med Gävle kommun inom ramen för ett avtal om praktiknära forskning "
        "och utbildning för lärare och skolledare i regionen.\n\n"
        "Bakgrund\n\n"
        "Arbetet leds av en styrgrupp med företrädare för båda parter och för Region Gävleborg."
    )


def test_pdf_title_falls_back_to_the_first_line(tmp_path: Path) -> None:
    # reportlab writes "untitled" when no title is set: not a title.
    path = write_pdf(tmp_path / "utan-titel.pdf", [["", "Avsiktsförklaring mellan Luleå kommun och LTU", "Text."]])
    assert only_document(load_sources([path])).title == "Avsiktsförklaring mellan Luleå kommun och LTU"
    path = write_pdf(tmp_path / "word.pdf", [["Riktig rubrik"]], title="Microsoft Word - rapport_v3.docx")
    assert only_document(load_sources([path])).title == "Riktig rubrik"


def test_pdf_blank_page_keeps_the_numbering(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "tom-sida.pdf", [["Sida ett om Umeå."], [], ["Sida tre om Luleå."]])
    document = only_document(load_sources([path]))
    assert [(region.page, text) for region, text in zip(document.regions, region_texts(document), strict=True)] == [
        (1, "Sida ett om Umeå."),
        (3, "Sida tre om Luleå."),
    ]


def test_pdf_without_text_is_a_scanned_pdf_warning(tmp_path: Path) -> None:
    path = tmp_path / "skannad.pdf"
    pdf = _canvas(path)
    pdf.rect(100, 100, 300, 400, fill=1)
    pdf.showPage()
    pdf.save()
    result = load_sources([path])
    assert result.documents == ()
    assert result.warnings == (f"{path}: no extractable text (scanned PDF?)",)


def test_pdf_encrypted_with_a_password_is_a_warning_and_without_one_is_read(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from reportlab.lib.pdfencrypt import StandardEncryption

    locked = write_pdf(tmp_path / "last.pdf", [["Hemlig text."]], encrypt=StandardEncryption("hemligt"))
    open_ = write_pdf(
        tmp_path / "oppen.pdf",
        [["Öppen text om Jönköping University."]],
        encrypt=StandardEncryption("", ownerPassword="ägare", canModify=0),
    )
    result = load_sources([locked, open_])
    assert result.warnings == (f"{locked}: encrypted PDF that cannot be opened without a password",)
    (document,) = result.documents
    assert document.text == "Öppen text om Jönköping University."


def _empty_pdf() -> bytes:
    import io

    import pypdf

    buffer = io.BytesIO()
    pypdf.PdfWriter().write(buffer)
    return buffer.getvalue()


EMPTY_PDF = _empty_pdf()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (bytes(range(256)) * 8, "not a PDF (no %PDF- header)"),
        (b"%PDF-1.4\n" + bytes(range(256)) * 8, "broken PDF"),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n", "broken PDF"),
        (EMPTY_PDF, "PDF without pages"),
    ],
)
def test_broken_pdf_is_a_warning(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "trasig.pdf"
    path.write_bytes(content)
    result = load_sources([path])
    assert result.documents == ()
    (warning,) = result.warnings
    assert warning.startswith(f"{path}: {reason}")
    with pytest.raises(SourceError):
        load_sources([path], strict=True)


def test_page_text_heuristics() -> None:
    assert page_text("") == ""
    assert page_text("  \n 12 \n") == "12"  # a lone number is kept when it is all there is
    assert page_text("• Umeå universitet\n• Region Västerbotten\n") == "• Umeå universitet\n\n• Region Västerbotten"
    # An abbreviation at a line end does not end the paragraph; a soft hyphen always joins.
    assert page_text("Lärosäten som t.ex.\nUppsala universitet och sam\u00adverkan.") == (
        "Lärosäten som t.ex. Uppsala universitet och samverkan."
    )
    # A ligature from the font becomes letters.
    assert page_text("Ko\ufb03nansiering") == "Koffinansiering"


# --- both, through load_sources ----------------------------------------------------------------------


def test_folder_with_html_and_pdf_gives_two_documents(tmp_path: Path, two_page_pdf: Path) -> None:
    folder = tmp_path / "korpus"
    folder.mkdir()
    shutil.copy(HTML / "artikel.html", folder / "artikel.html")
    shutil.move(two_page_pdf, folder / "rapport.pdf")
    (folder / "skräp.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = load_sources([folder])
    assert [(document.key, document.format) for document in result.documents] == [
        ("artikel", "html"),
        ("rapport", "pdf"),
    ]
    assert result.warnings == (f"{folder / 'skräp.pdf'}: not a PDF (no %PDF- header)",)
    for document in result.documents:
        assert_regions_round_trip(document)
        assert document.content_hash.startswith("sha256:")
