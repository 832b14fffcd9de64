"""Tests of kg.loaders: the seed transcript, encodings, bad input, folders, Markdown, plain text, RDF."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from kg.errors import SourceError
from kg.loaders import LOADERS, LoadResult, decode_text, load_sources, loader_for
from kg.loaders.transcript import strip_repeated_title
from kg.model import Document

DATA = Path(__file__).parent / "data" / "loaders"
SEED = Path(__file__).parent.parent / "seeds" / "000_88b4f557058b1943.txt"


def region_texts(document: Document) -> list[str]:
    return [document.text[region.start : region.end] for region in document.regions]


def only_document(result: LoadResult) -> Document:
    assert len(result.documents) == 1, result
    return result.documents[0]


# --- the seed transcript ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> LoadResult:
    return load_sources([SEED])


def test_seed_main_document_has_five_pages(seed: LoadResult) -> None:
    assert seed.warnings == ()
    main = seed.documents[0]
    assert main.key == "000-88b4f557058b1943"
    assert main.format == "transcript"
    assert main.part_of is None
    assert main.title.startswith("samverkan i fokus Med Ska formaliserad samverkan")
    assert [region.page for region in main.regions] == [1, 2, 3, 4, 5]
    assert main.content_hash == "sha256:" + hashlib.sha256(SEED.read_bytes()).hexdigest()


def test_seed_page_regions_hold_the_page_words_only(seed: LoadResult) -> None:
    main = seed.documents[0]
    pages = region_texts(main)
    assert pages[0].startswith("2. Med samverkan i fokus")
    assert pages[1].startswith("Formaliserad samverkan hur ser den ut?")
    assert pages[2].startswith("Avtal kan skapa en riktning")
    assert pages[4].endswith("28-29/5 Kalmar, HSS")
    for page in pages:
        assert "Storlek: px" not in page
        assert "Läs mer" not in page
        assert "Transkript" not in page
        assert "Starta visningen" not in page
    # Swedish letters come out right.
    assert "Mittuniversitetet i Östersund" in pages[1]


def test_seed_related_documents_one_per_read_more(seed: LoadResult) -> None:
    raw_lines = SEED.read_text(encoding="utf-8").splitlines()
    read_more = sum(1 for line in raw_lines if line.strip() == "Läs mer")
    main, related = seed.documents[0], seed.documents[1:]
    assert read_more > 0
    assert len(related) == read_more
    assert all(document.part_of == main.key for document in related)
    assert all(document.text is main.text for document in related)
    assert all(len(document.regions) == 1 and document.regions[0].page is None for document in related)
    keys = [document.key for document in seed.documents]
    assert len(keys) == len(set(keys))


def test_seed_related_document_title_and_snippet(seed: LoadResult) -> None:
    by_title = {document.title: document for document in seed.documents[1:]}
    title = "Professionell hantering av externa relationer"
    assert title in by_title
    document = by_title[title]
    # The listing repeats the title once before the document's own words; that repetition is removed,
    # the title as it stands on the report's own title page stays.
    assert document.snippet is not None
    assert document.snippet.startswith(f"{title} UniLink-rapport 2009:4")
    line = region_texts(document)[0]
    assert line.startswith(f"{title} {title} UniLink-rapport 2009:4")
    expected = hashlib.sha256(f"{title}\n{line}".encode()).hexdigest()[:8]
    assert document.key == f"professionell-hantering-av-externa-relationer-{expected}"
    assert document.content_hash == "sha256:" + hashlib.sha256(line.encode("utf-8")).hexdigest()
    # The first listing comes straight after page 5 and is a related document, not part of the page.
    assert "Samhällskontraktet. Högskolan + kommunerna = sant" in by_title


def test_seed_regions_round_trip(seed: LoadResult) -> None:
    for document in seed.documents:
        for region in document.regions:
            quoted = document.text[region.start : region.end]
            assert quoted and quoted == quoted.strip()
            assert 0 <= region.start < region.end <= len(document.text)


def test_seed_is_a_transcript_by_sniffing() -> None:
    assert loader_for(SEED, SEED.read_bytes()) is LOADERS["transcript"]
    assert loader_for(DATA / "latin1.txt", (DATA / "latin1.txt").read_bytes()) is LOADERS["text"]


def test_strip_repeated_title_ignores_quotes_and_case() -> None:
    title = '"Tiden är ju den största bristfaktorn"'
    line = 'Tiden är ju den största bristfaktorn "Tiden är ju den största bristfaktorn" Lärare och'
    assert strip_repeated_title(line, title) == '"Tiden är ju den största bristfaktorn" Lärare och'
    assert strip_repeated_title("Något helt annat", title) == "Något helt annat"
    assert strip_repeated_title("Chefer utanför", "Chefer utan") == "Chefer utanför"


# --- transcript robustness ---------------------------------------------------------------------------


def test_transcript_pages_not_from_one_with_windows_newlines_and_trailing_spaces() -> None:
    document = only_document(load_sources([DATA / "mini_transcript.txt"]))
    assert document.format == "transcript"
    assert document.title == "Minirapport om samverkan"
    assert "\r" not in document.text
    assert [region.page for region in document.regions] == [3, 4]
    assert region_texts(document) == [
        "Tredje sidan handlar om Umeå universitet.",
        "Fjärde sidan nämner Region Västerbotten.",
    ]


def test_transcript_without_pages_has_one_region_after_the_marker(tmp_path: Path) -> None:
    path = tmp_path / "utan-sidor.txt"
    path.write_text(
        "Rubrik\n\nStorlek: px\nStarta visningen från sidan:\n\nTranskript\n\n"
        "Löptext om Linköpings universitet.\n\nMer löptext.\n\n"
        "En relaterad rapport\n\nEn relaterad rapport En relaterad rapport om Region Östergötland\n\nLäs mer\n",
        encoding="utf-8",
    )
    main, related = load_sources([path]).documents
    assert [region.page for region in main.regions] == [None]
    assert region_texts(main) == ["Löptext om Linköpings universitet.\n\nMer löptext."]
    assert related.title == "En relaterad rapport"
    assert related.snippet == "En relaterad rapport om Region Östergötland"
    assert related.part_of == "utan-sidor"


def test_identical_listings_in_two_transcripts_collapse(tmp_path: Path) -> None:
    listing = "Gemensam rapport\n\nGemensam rapport Gemensam rapport av Uppsala universitet\n\nLäs mer\n"
    for name, page in (("a.txt", "1 Sidan om Uppsala."), ("b.txt", "1 Sidan om Lund.")):
        (tmp_path / name).write_text(f"{name}\nStorlek: px\nTranskript\n\n{page}\n\n{listing}", encoding="utf-8")
    result = load_sources([tmp_path])
    assert [document.key for document in result.documents if document.part_of is None] == ["a", "b"]
    related = [document for document in result.documents if document.part_of is not None]
    assert len(related) == 1 and related[0].part_of == "a"
    assert result.warnings == ()


# --- encodings ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("latin1.txt", "cp1252"), ("cp1252.txt", "cp1252"), ("utf16.txt", "utf-16-le")],
)
def test_encodings_decode_swedish_letters(name: str, encoding: str) -> None:
    document = only_document(load_sources([DATA / name]))
    assert "Högskolan i Gävle" in document.text
    assert document.encoding == encoding
    assert "\r" not in document.text and "\ufeff" not in document.text


def test_cp1252_punctuation_and_latin1_fallback() -> None:
    assert "– ett ”formaliserat” samarbete" in only_document(load_sources([DATA / "cp1252.txt"])).text
    # 0x81 is undefined in cp1252, so this can only be Latin-1.
    data = "Högskolan i Gävle och Gävle kommun ".encode("latin-1") + b"\x81"
    decoded = decode_text(data, source="x.txt")
    assert decoded.encoding == "latin-1" and decoded.text.startswith("Högskolan i Gävle")


def test_utf8_bom_and_utf16_big_endian(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes("\ufeffHögskolan i Gävle\n".encode())
    (tmp_path / "be.md").write_bytes("\ufeff# Högskolan i Gävle\r\n".encode("utf-16-be"))
    be, bom = load_sources([tmp_path]).documents
    assert (bom.text, bom.encoding) == ("Högskolan i Gävle\n", "utf-8-sig")
    assert (be.title, be.encoding) == ("Högskolan i Gävle", "utf-16-be")


# --- bad input ---------------------------------------------------------------------------------------


def test_binary_txt_is_a_warning_or_with_strict_an_error() -> None:
    path = DATA / "binary.txt"
    result = load_sources([path])
    assert result.documents == ()
    assert result.warnings == (f"{path}: binary content (NUL bytes), not text",)
    with pytest.raises(SourceError) as caught:
        load_sources([path], strict=True)
    assert caught.value.path == str(path)
    assert "binary" in str(caught.value)


def test_mostly_non_text_without_nul_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(1, 256)) * 4)
    (warning,) = load_sources([path]).warnings
    assert warning == f"{path}: binary content, not text"


def test_empty_file_is_a_warning() -> None:
    path = DATA / "empty.txt"
    result = load_sources([path])
    assert result.documents == ()
    assert result.warnings == (f"{path}: empty file",)


def test_whitespace_only_file_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "tom.md"
    path.write_text(" \n\n\t\n", encoding="utf-8")
    assert load_sources([path]).warnings == (f"{path}: empty file (only whitespace)",)


def test_missing_path_raises_even_without_strict(tmp_path: Path) -> None:
    missing = tmp_path / "finns-inte.txt"
    with pytest.raises(SourceError) as caught:
        load_sources([DATA / "latin1.txt", missing])
    assert str(caught.value) == f"{missing}: no such file or folder"


def test_explicit_unknown_suffix_warns_but_in_a_folder_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "bild.png").write_bytes(b"\x89PNG")
    (tmp_path / "text.txt").write_text("Hej", encoding="utf-8")
    assert load_sources([tmp_path]).warnings == ()
    result = load_sources([tmp_path / "bild.png"])
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith(f"{tmp_path / 'bild.png'}: unknown format (.png)")
    with pytest.raises(SourceError):
        load_sources([tmp_path / "bild.png"], strict=True)


def test_duplicate_files_give_one_document_and_a_warning(tmp_path: Path) -> None:
    shutil.copy(DATA / "latin1.txt", tmp_path / "a.txt")
    shutil.copy(DATA / "latin1.txt", tmp_path / "b.txt")
    result = load_sources([tmp_path])
    assert [document.key for document in result.documents] == ["a"]
    assert result.warnings == (f"{tmp_path / 'b.txt'}: duplicate of {tmp_path / 'a.txt'}",)


def test_same_stem_in_two_folders_gets_distinct_keys(tmp_path: Path) -> None:
    for folder, words in (("x", "Första"), ("y", "Andra")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "rapport.txt").write_text(words, encoding="utf-8")
    first, second = load_sources([tmp_path]).documents
    assert first.key == "rapport"
    assert second.key == "rapport-" + hashlib.sha256(b"y/rapport.txt").hexdigest()[:8]


# --- folders -----------------------------------------------------------------------------------------


def test_folder_walk_is_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    for relative in ("b.txt", "a/z.md", "a/c.txt", ".dold/x.txt", "a/.y.txt", "c/d/e.txt"):
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Innehåll i {relative}", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "c" / "loop")  # a link back up must not loop
    first = load_sources([tmp_path])
    second = load_sources([tmp_path])
    assert first == second
    sources = [Path(document.source).relative_to(tmp_path).as_posix() for document in first.documents]
    assert sources == ["a/c.txt", "a/z.md", "b.txt", "c/d/e.txt"]
    assert first.warnings == ()


def test_explicit_files_are_sorted_too(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt"):
        (tmp_path / name).write_text(f"Fil {name}", encoding="utf-8")
    result = load_sources([tmp_path / "b.txt", tmp_path / "a.txt", tmp_path / "a.txt"])
    assert [document.key for document in result.documents] == ["a", "b"]


def test_fixture_folder_loads_the_good_and_names_the_bad() -> None:
    result = load_sources([DATA])
    named = sorted(Path(warning.split(":")[0].split(",")[0]).name for warning in result.warnings)
    assert named == ["binary.txt", "broken.ttl", "empty.txt", "entity.rdf"]
    assert [Path(source.source).name for source in result.rdf_sources] == ["good.ttl"]
    with pytest.raises(SourceError) as caught:
        load_sources([DATA], strict=True)
    assert caught.value.path == str(DATA / "binary.txt")  # the first problem in sorted order


# --- plain text and Markdown -------------------------------------------------------------------------


def test_form_feeds_make_pages() -> None:
    document = only_document(load_sources([DATA / "formfeed.txt"]))
    assert document.format == "text"
    assert document.title == "Sida ett om samverkan."
    # The third page is blank: no region, but the numbering counts it.
    assert [(region.page, text) for region, text in zip(document.regions, region_texts(document), strict=False)] == [
        (1, "Sida ett om samverkan."),
        (2, "Sida två: Mälardalens högskola."),
        (4, "Sida fyra."),
    ]


def test_plain_text_without_form_feeds_is_one_region() -> None:
    document = only_document(load_sources([DATA / "latin1.txt"]))
    assert [region.page for region in document.regions] == [None]
    assert region_texts(document)[0].endswith("Gävle kommun är formaliserad.")


def test_markdown_regions_skip_code_comments_and_front_matter() -> None:
    document = only_document(load_sources([DATA / "notes.md"]))
    assert document.format == "markdown"
    assert document.title == "Anteckningar om samverkan"
    assert document.date == "2015-03-16"
    assert document.text == (DATA / "notes.md").read_text(encoding="utf-8")  # the raw Markdown
    texts = region_texts(document)
    assert texts == [
        "Rubriken som inte är titeln",
        "Första stycket nämner Karlstads universitet\noch fortsätter på en andra rad.",
        "Andra rubriken",
        "Sista stycket om Malmö universitet.",
        "Efter kommentaren.",
    ]
    joined = "\n".join(texts)
    for hidden in ("Stockholms universitet", "Lunds universitet", "dold", "title:", "```", "#"):
        assert hidden not in joined


def test_markdown_title_falls_back_to_heading_then_first_line(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Inledning\n\n# Huvudrubrik\n\nText.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("Bara en rad om Örebro universitet.\n", encoding="utf-8")
    a, b = load_sources([tmp_path]).documents
    assert a.title == "Huvudrubrik" and a.date is None
    assert b.title == "Bara en rad om Örebro universitet."


# --- RDF ---------------------------------------------------------------------------------------------


def test_turtle_is_passed_through_unchanged() -> None:
    result = load_sources([DATA / "good.ttl"])
    (source,) = result.rdf_sources
    assert result.documents == ()
    assert source.format == "turtle"
    assert source.data == (DATA / "good.ttl").read_bytes()
    assert source.content_hash == "sha256:" + hashlib.sha256(source.data).hexdigest()


def test_malformed_turtle_names_the_file_and_line() -> None:
    path = DATA / "broken.ttl"
    with pytest.raises(SourceError) as caught:
        load_sources([path], strict=True)
    assert caught.value.path == str(path)
    assert caught.value.line == 3
    assert str(caught.value).startswith(f"{path}, line 3: malformed Turtle")


def test_rdf_xml_with_entities_is_refused() -> None:
    path = DATA / "entity.rdf"
    (warning,) = load_sources([path]).warnings
    assert warning.startswith(f"{path}: ")
    assert "DOCTYPE or ENTITY" in warning


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("a.nt", b"<https://e.org/a> <https://e.org/b> <https://e.org/c> .\n", "n-triples"),
        ("a.nq", b"<https://e.org/a> <https://e.org/b> <https://e.org/c> <https://e.org/g> .\n", "n-quads"),
        ("a.trig", b"<https://e.org/g> { <https://e.org/a> <https://e.org/b> <https://e.org/c> . }\n", "trig"),
        ("a.jsonld", b'{"@id": "https://e.org/a", "https://e.org/b": "c"}', "json-ld"),
        (
            "a.rdf",
            b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            b'<rdf:Description rdf:about="https://e.org/a"/></rdf:RDF>',
            "rdf-xml",
        ),
    ],
)
def test_rdf_formats_by_suffix(tmp_path: Path, name: str, content: bytes, fmt: str) -> None:
    (tmp_path / name).write_bytes(content)
    (source,) = load_sources([tmp_path / name], strict=True).rdf_sources
    assert source.format == fmt


def test_malformed_json_ld_is_a_warning_with_a_line(tmp_path: Path) -> None:
    path = tmp_path / "fel.jsonld"
    path.write_bytes(b'{"@id": "https://e.org/a",\n "https://e.org/b": }\n')
    (warning,) = load_sources([path]).warnings
    assert warning.startswith(f"{path}, line 2: malformed JSON-LD")


def test_a_transcript_takes_its_date_from_the_full_title_of_its_download_line(tmp_path: Path) -> None:
    path = tmp_path / "protokoll.txt"
    path.write_text(
        "PROTOKOLL STYRGRUPPEN Kl Stadshuset, Växjö.\n\nStorlek: px\nStarta visningen från sidan:\n\n"
        'Download "PROTOKOLL STYRGRUPPEN 2014-10-01 Kl 13.00-16.00 Stadshuset, Växjö."\n\nTranskript\n\n'
        "1 Närvarande Anna Ek, Per Holm\n",
        encoding="utf-8",
    )
    (main,) = load_sources([path]).documents
    assert main.date == "2014-10-01"
