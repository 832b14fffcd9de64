"""Bad input, case by case: a clear warning or error naming the file, never a traceback, and a
failed build never touches earlier output."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from seedbuild import ROOT

SWEDISH = "Anna Bäcklund från Högskolan i Gävle berättade om samverkan med Gävle kommun och Länsstyrelsen Gävleborg.\n"
BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
)


def _kg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True, text=True, env=env, check=False
    )


def _write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)


# Each case: files to create (relative path -> content) and what the build must say about them.
Case = tuple[dict[str, bytes | str], str]

CASES: dict[str, Case] = {
    "binary .txt": ({"junk.txt": b"\x00\x01\x02\xff" * 100}, "junk.txt"),
    "binary .md": ({"junk.md": b"\x89PNG\r\n\x1a\n\x00\x00" * 50}, "junk.md"),
    "binary .html": ({"junk.html": b"\x00\x00\x00" + bytes(range(256))}, "junk.html"),
    "binary .pdf": ({"junk.pdf": b"\x00\x01 not a pdf at all"}, "junk.pdf"),
    "binary .ttl": ({"junk.ttl": b"\x00\xff\xfe\x00" * 40}, "junk.ttl"),
    "empty .txt": ({"empty.txt": b""}, "empty.txt"),
    "empty .html": ({"empty.html": b""}, "empty.html"),
    "whitespace only": ({"blank.md": "   \n\n\t\n"}, "blank.md"),
    "malformed Turtle": ({"bad.ttl": "@prefix ex: <http://ex/> .\nex:a ex:b ex:c\nex:d ex:e .\n"}, "bad.ttl"),
    "malformed TriG": ({"bad.trig": "@prefix ex: <http://ex/> .\nex:g { ex:a ex:b \n"}, "bad.trig"),
    "malformed JSON-LD": (
        {"bad.jsonld": '{"@context": {"ex": "http://ex/"}, "@id": "ex:a", \n "ex:b": [}'},
        "bad.jsonld",
    ),
    "malformed N-Triples": ({"bad.nt": "<http://ex/a> <http://ex/b> .\n"}, "bad.nt"),
    "entity bomb in RDF/XML": (
        {"bomb.rdf": BOMB + '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">&lol3;</rdf:RDF>'},
        "bomb.rdf",
    ),
    "entity bomb in HTML": ({"bomb.html": BOMB + "<html><body><p>&lol3;</p></body></html>"}, "bomb.html"),
    "unknown suffix named": ({"notes.xyz": "Anna Berg"}, "notes.xyz"),
}

# Files that must be read correctly (with a note of the encoding, no warning).
GOOD: dict[str, bytes] = {
    "latin1.txt": SWEDISH.encode("latin-1"),
    "cp1252.txt": ("– " + SWEDISH).encode("cp1252"),
    "utf16.txt": codecs.BOM_UTF16_LE + SWEDISH.encode("utf-16-le"),
    "utf8 med namn å ä ö.txt": SWEDISH.encode("utf-8"),
    "mappe med mellanslag/rapport.md": ("# Rapport\n\n" + SWEDISH).encode("utf-8"),
    "script.html": (
        "<html><head><title>Sida</title><style>p{color:red} .Anna{}</style>"
        "<script>var x = 'Karl Svensson, Umeå universitet';</script></head>"
        f"<body><main><p>{SWEDISH}</p></main></body></html>"
    ).encode(),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_bad_source_is_skipped_with_a_warning_naming_it(tmp_path: Path, name: str) -> None:
    files, culprit = CASES[name]
    src = tmp_path / "src"
    _write(src / "rapport.txt", SWEDISH)
    for path, data in files.items():
        _write(src / path, data)
    args = ["build", "src", "--out", "out"]
    if name == "unknown suffix named":
        args = ["build", "src/rapport.txt", f"src/{culprit}", "--out", "out"]
    done = _kg(*args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    warnings = [line for line in done.stderr.splitlines() if line.startswith("Warning: ")]
    assert any(culprit in line for line in warnings), done.stderr
    assert "1 documents" in done.stdout
    strict = _kg(*args, "--strict", "--out", "strict-out", cwd=tmp_path)
    assert strict.returncode == 1
    assert strict.stderr.startswith("Error: ") and culprit in strict.stderr
    assert len(strict.stderr.strip().splitlines()) == 1 and "Traceback" not in strict.stderr
    assert not (tmp_path / "strict-out").exists()


def test_swedish_text_in_every_encoding_is_read_intact(tmp_path: Path) -> None:
    src = tmp_path / "src"
    for path, data in GOOD.items():
        _write(src / path, data)
    done = _kg("build", "src", "--out", "out", cwd=tmp_path)
    assert done.returncode == 0 and "Warning" not in done.stderr, done.stderr
    graph = (tmp_path / "out" / "graph.trig").read_text(encoding="utf-8")
    assert "Anna Bäcklund" in graph and "Högskolan i Gävle" in graph
    assert "Ã" not in graph  # no mojibake
    assert "Karl Svensson" not in graph  # text in <script> is not text
    assert '"cp1252"' in graph or "cp1252" in graph or "latin-1" in graph


def test_a_multi_megabyte_single_line_is_read(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _write(src / "lang.txt", SWEDISH.strip() * 20_000)  # about 2 MB on one line, 20,000 sentences
    done = _kg("build", "src", "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "1 documents" in done.stdout


def test_duplicate_documents_are_read_once(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _write(src / "a.txt", SWEDISH)
    _write(src / "kopia/a.txt", SWEDISH)
    done = _kg("build", "src", "--out", "out", cwd=tmp_path)
    assert done.returncode == 0
    assert "1 documents" in done.stdout and "duplicate" in done.stderr


def test_a_symlink_loop_ends(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _write(src / "a.txt", SWEDISH)
    (src / "loop").symlink_to(src, target_is_directory=True)
    done = _kg("build", "src", "--out", "out", cwd=tmp_path)
    assert done.returncode == 0 and "1 documents" in done.stdout


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: None, "no such file or folder"),
        (lambda d: (d / "src").mkdir(), "no readable documents"),
        (lambda d: _write(d / "src" / "bild.png", b"\x89PNG"), "no readable documents"),
    ],
    ids=["missing source", "empty folder", "folder with no documents"],
)
def test_nothing_to_build_is_one_clear_error(tmp_path: Path, setup: Callable[[Path], object], message: str) -> None:
    setup(tmp_path)
    done = _kg("build", "src", "--out", "out", cwd=tmp_path)
    assert done.returncode == 1
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_a_failing_build_keeps_earlier_output_byte_for_byte(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _write(src / "a.txt", SWEDISH)
    assert _kg("build", "src", "--out", "out", cwd=tmp_path).returncode == 0
    before = {p.relative_to(tmp_path / "out"): p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    _write(src / "bad.ttl", "@prefix ex: <http://ex/> .\nex:a ex:b\n")
    done = _kg("build", "src", "--strict", "--out", "out", cwd=tmp_path)
    assert done.returncode == 1
    after = {p.relative_to(tmp_path / "out"): p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert after == before


def test_a_failing_extractor_names_the_document_in_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    from kg import extraction
    from kg.errors import KgError
    from kg.loaders import load_file

    def broken(document: object, reference: object, ner: object) -> object:
        raise ValueError("not enough values to unpack")

    path = Path("rapport.txt")
    documents = load_file(path, SWEDISH.encode())
    monkeypatch.setitem(extraction.EXTRACTORS, "rules.v1", broken)
    with pytest.raises(KgError) as caught:
        extraction.extract_parallel(documents, jobs=1)
    message = str(caught.value)
    assert message.startswith("rapport.txt: the extractor failed on this document (ValueError")
    assert "\n" not in message
    # A worker process hands the error back to the build intact.
    assert str(pickle.loads(pickle.dumps(caught.value))) == message
