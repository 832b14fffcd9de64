"""Builds with a worker pool and patched builds (kg.building.patch) give the same bytes as a clean build."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from seedbuild import ROOT

from kg.building import build

FILES = ("graph.ttl", "graph.trig", "merges.csv", "report.md", "graph.html")


def _gold_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the gold documents to edit, and the output folder to build it into."""
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "tests" / "data" / "gold" / "docs", corpus)
    return corpus, tmp_path / "out"


def _same(a: Path, b: Path) -> None:
    for name in FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def _cache_rows(out: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of the cache file of the build in `out`."""
    with contextlib.closing(sqlite3.connect(out / "cache" / "build.sqlite")) as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: sorted(db.execute(f"SELECT * FROM {name}")) for name in sorted(tables)}


def _edit_cache(out: Path, sql: str, *params: str) -> None:
    with contextlib.closing(sqlite3.connect(out / "cache" / "build.sqlite")) as db, db:
        db.execute(sql, params)


def _same_store(a: Path, b: Path) -> None:
    """The stores hold the same quads, the union in the default graph included: what kg query reads.

    Blank nodes (the ontology's lists) get new names in each build: such quads are only counted.
    """
    import pyoxigraph as ox

    from kg.store import open_store

    def named(path: Path) -> tuple[set[ox.Quad], int]:
        every = list(open_store(path).quads_for_pattern(None, None, None, None))
        kept = {q for q in every if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}
        return kept, len(every) - len(kept)

    assert named(a) == named(b)


def test_two_jobs_give_the_same_bytes_as_one(tmp_path: Path) -> None:
    with contextlib.chdir(ROOT):
        one = build(["seeds", "tests/data/gold/docs"], (tmp_path / "one").resolve(), jobs=1, incremental=False)
        two = build(["seeds", "tests/data/gold/docs"], (tmp_path / "two").resolve(), jobs=2, incremental=False)
    assert one.documents == two.documents > 40
    _same(tmp_path / "one", tmp_path / "two")


def test_an_incremental_build_reuses_unchanged_documents_and_equals_a_clean_one(tmp_path: Path) -> None:
    corpus, out = _gold_copy(tmp_path)
    first = build([corpus], out, jobs=1)
    assert first.reused == 0
    again = build([corpus], out, jobs=1)
    assert again.reused == first.documents

    changed = corpus / "umea-kommun-klimatlabb.txt"
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\nKarin Ek, Umeå universitet, deltog också.\n", encoding="utf-8"
    )
    third = build([corpus], out, jobs=1)
    assert third.reused == first.documents - 1
    build([corpus], tmp_path / "clean", jobs=1, incremental=False)
    _same(out, tmp_path / "clean")
    assert "Karin Ek" in (out / "graph.ttl").read_text(encoding="utf-8")

    (corpus / "malmo-stadsdelslabbet.html").unlink()
    fourth = build([corpus], out, jobs=1)
    assert fourth.documents == first.documents - 1 and fourth.reused == fourth.documents
    build([corpus], tmp_path / "clean2", jobs=1, incremental=False)
    _same(out, tmp_path / "clean2")
    assert "Stadsdelslabbet" not in (out / "graph.ttl").read_text(encoding="utf-8")


def test_a_series_of_edits_patched_in_place_equals_clean_builds_each_time(tmp_path: Path) -> None:
    """Each edit below is patched into the previous build; after each, the outputs are the bytes of
    a clean build of the same folder. The edits touch what a patch must get right: people join a
    document, an entity named in other documents gains a label, a document comes, one goes, one is
    changed back."""
    corpus, out = _gold_copy(tmp_path)
    build([corpus], out, jobs=1)
    klimat = corpus / "umea-kommun-klimatlabb.txt"
    original = klimat.read_text(encoding="utf-8")

    def edit_add_people() -> None:
        klimat.write_text(
            original + "\nKarin Ek och Per Berg från Umeå universitet och Region Västerbotten deltog i Klimatlabbet.\n",
            encoding="utf-8",
        )

    def edit_alias() -> None:
        # "Ali-Reza Karimi" has the IRI of the "Ali Reza Karimi" of two other documents: his
        # alternative labels change, so their graphs are made again too.
        klimat.write_text(original + "\nAli-Reza Karimi, Mittuniversitetet, medverkade också.\n", encoding="utf-8")

    def edit_new_document() -> None:
        (corpus / "ny-nyhet.txt").write_text(
            "Ny överenskommelse\n\nLinköpings universitet och Region Östergötland har tecknat ett nytt "
            "samverkansavtal. Anna Svensson, rektor vid Linköpings universitet, leder arbetet.\n",
            encoding="utf-8",
        )

    def edit_remove() -> None:
        (corpus / "malmo-stadsdelslabbet.html").unlink()

    def edit_back() -> None:
        klimat.write_text(original, encoding="utf-8")

    edits = (edit_add_people, edit_alias, edit_new_document, edit_remove, edit_back)
    for step, edit in enumerate(edits):
        edit()
        summary = build([corpus], out, jobs=1)
        assert summary.patched is not None and summary.patched[:2] == [(1, 0), (1, 0), (1, 0), (0, 1), (1, 0)][step]
        if edit is edit_alias:
            assert summary.patched[2] > 1  # documents that did not change, made again
        assert summary.reused == summary.documents - summary.patched[0]
        clean = tmp_path / f"clean-{step}"
        expected = build([corpus], clean, jobs=1, incremental=False)
        _same(out, clean)
        _same_store(out, clean)
        assert (summary.entities, summary.facts, summary.triples, summary.merges) == (
            expected.entities,
            expected.facts,
            expected.triples,
            expected.merges,
        )
        assert _cache_rows(out) == _cache_rows(clean)


def test_edited_outputs_or_a_missing_store_mean_a_full_build(tmp_path: Path) -> None:
    corpus, out = _gold_copy(tmp_path)
    first = build([corpus], out, jobs=1)
    clean = tmp_path / "clean"
    build([corpus], clean, jobs=1, incremental=False)

    # A graph.trig edited by hand is not what the cache describes: rebuilt in full, from the cache.
    (out / "graph.trig").write_bytes((out / "graph.trig").read_bytes() + b"\n# edited\n")
    again = build([corpus], out, jobs=1)
    assert again.reused == first.documents and again.patched is None
    _same(out, clean)

    shutil.rmtree(out / "store")
    (corpus / "umea-kommun-klimatlabb.txt").write_text("Klimatlabbet\n\nUmeå kommun leder arbetet.\n", encoding="utf-8")
    assert build([corpus], out, jobs=1).patched is None
    build([corpus], tmp_path / "clean2", jobs=1, incremental=False)
    _same(out, tmp_path / "clean2")
    assert (out / "store").is_dir()


def test_a_broken_cache_means_a_full_build_or_a_fresh_lookup(tmp_path: Path) -> None:
    corpus, out = _gold_copy(tmp_path)
    build([corpus], out, jobs=1)
    klimat = corpus / "umea-kommun-klimatlabb.txt"
    text = klimat.read_text(encoding="utf-8")

    def check(step: str) -> None:
        clean = tmp_path / f"clean-{step}"
        build([corpus], clean, jobs=1, incremental=False)
        _same(out, clean)
        _same_store(out, clean)
        assert _cache_rows(out) == _cache_rows(clean)

    # An unreadable cache file: a full build.
    (out / "cache" / "build.sqlite").write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    klimat.write_text(text + "\nKarin Ek, Umeå universitet, deltog.\n", encoding="utf-8")
    assert build([corpus], out, jobs=1).patched is None
    check("state")

    # No evidence kept: still patched, the evidence of every node read again from the store.
    _edit_cache(out, "DELETE FROM evidence")
    klimat.write_text(text + "\nPer Berg, Umeå universitet, deltog.\n", encoding="utf-8")
    assert build([corpus], out, jobs=1).patched is not None
    check("evidence")

    # No entity classes, labels and relations kept: still patched, read again from the store.
    _edit_cache(out, "DELETE FROM classes")
    _edit_cache(out, "DELETE FROM relations")
    klimat.write_text(text + "\nAnna Lund, Umeå universitet, deltog.\n", encoding="utf-8")
    assert build([corpus], out, jobs=1).patched is not None
    check("parts")

    # No report rows kept: the earlier report's rows are read from the earlier store.
    _edit_cache(out, "DELETE FROM report_rows")
    klimat.write_text(text + "\nEva Sol, Umeå universitet, deltog.\n", encoding="utf-8")
    assert build([corpus], out, jobs=1).patched is not None
    check("rows")

    # No statements of dated documents kept: still patched, the timeline's statements read again.
    _edit_cache(out, "DELETE FROM statements")
    klimat.write_text(text + "\nOla Nord, Umeå universitet, deltog.\n", encoding="utf-8")
    assert build([corpus], out, jobs=1).patched is not None
    check("statements")

    # No analysis graph kept: a full build.
    _edit_cache(out, "DELETE FROM analysis")
    klimat.write_text(text + "\nIda Strand, Umeå universitet, deltog.\n", encoding="utf-8")
    assert build([corpus], out, jobs=1).patched is None
    check("analysis")

    # The cache entry of an unchanged document is gone: the patch gives up and the build is full.
    _edit_cache(
        out,
        "DELETE FROM extractions WHERE entry = (SELECT entry FROM documents WHERE key = ?)",
        "malmo-stadsdelslabbet",
    )
    klimat.write_text(text, encoding="utf-8")
    summary = build([corpus], out, jobs=1)
    assert summary.patched is None and summary.reused == summary.documents - 2
    check("entry")


def test_graph_trig_is_its_graphs_blocks_one_after_another(tmp_path: Path) -> None:
    """What splicing graph.trig rests on: each graph serialised alone gives the bytes it has in the whole."""
    import pyoxigraph as ox

    from kg.build import quad_key, serialize_rdf, trig_blocks, trig_document

    out = tmp_path / "out"
    build([ROOT / "tests" / "data" / "gold" / "docs"], out, jobs=1)
    data = (out / "graph.trig").read_bytes()
    quads = sorted(ox.parse(data, format=ox.RdfFormat.TRIG), key=quad_key)
    assert serialize_rdf(quads, ox.RdfFormat.TRIG) == data
    whole, offsets = trig_document(trig_blocks(quads))
    assert whole == data
    assert len(offsets) == len({str(q.graph_name) for q in quads}) > 10
    assert [(i, *o) for i, o in enumerate(offsets)] == _cache_rows(out)["blocks"]
    assert trig_document([])[0] == serialize_rdf([], ox.RdfFormat.TRIG)


def test_graph_trig_written_from_ranges_of_the_earlier_file_is_the_same_document(tmp_path: Path) -> None:
    """A patched build writes graph.trig from new blocks and ranges of the earlier file (runs of
    them copied as one piece): the bytes and offsets are those of the blocks put together."""
    import pyoxigraph as ox
    import pytest

    from kg.build import quad_key, trig_blocks, trig_document, write_trig_document

    out = tmp_path / "out"
    build([ROOT / "tests" / "data" / "gold" / "docs"], out, jobs=1)
    earlier = out / "graph.trig"
    data = earlier.read_bytes()
    blocks = list(trig_blocks(sorted(ox.parse(data, format=ox.RdfFormat.TRIG), key=quad_key)))
    _, offsets = trig_document(blocks)
    # Every third block as new bytes (one of them changed), the others as ranges of the earlier file.
    mixed: list[tuple[str, bytes | tuple[int, int]]] = []
    for i, ((name, block), (_, start, end)) in enumerate(zip(blocks, offsets, strict=True)):
        if i % 3:
            mixed.append((name, (start, end)))
        else:
            mixed.append((name, block + b"\n" if i == 3 else block))
    expected = trig_document([(n, b if isinstance(b, bytes) else data[b[0] : b[1]]) for n, b in mixed])
    digest, written_offsets = write_trig_document(tmp_path / "new.trig", mixed, earlier)
    assert (tmp_path / "new.trig").read_bytes() == expected[0]
    assert written_offsets == expected[1]
    assert digest == hashlib.sha256(expected[0]).hexdigest()
    with pytest.raises(ValueError):
        write_trig_document(tmp_path / "none.trig", mixed)  # ranges without an earlier file


def test_report_tables_patched_from_the_unions_changes_are_those_read_again(tmp_path: Path) -> None:
    """The rows of the report's document and person tables, read again only where the triples the
    union gained or lost touch them, are the rows read from the whole changed store."""
    import pyoxigraph as ox

    from kg.report import document_rows, patched_rows, person_rows
    from kg.store import open_store

    corpus, out = _gold_copy(tmp_path)
    build([corpus], tmp_path / "before", jobs=1, incremental=False)
    klimat = corpus / "umea-kommun-klimatlabb.txt"
    klimat.write_text(
        klimat.read_text(encoding="utf-8")
        + "\nKarin Ek, projektledare vid Umeå universitet, och Per Berg från Region Västerbotten deltog.\n",
        encoding="utf-8",
    )
    (corpus / "malmo-stadsdelslabbet.html").unlink()
    build([corpus], out, jobs=1, incremental=False)
    before, after = open_store(tmp_path / "before"), open_store(out)

    def union(store: ox.Store) -> set[ox.Triple]:
        return {q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}

    changes = sorted(union(before) ^ union(after), key=str)
    assert len(changes) > 20
    documents, persons = patched_rows(after, document_rows(before), person_rows(before), changes)
    assert documents == document_rows(after) and persons == person_rows(after)
    assert documents != document_rows(before) and persons != person_rows(before)


def test_graph_ttl_is_patched_by_subject(tmp_path: Path) -> None:
    # The patched graph.ttl keeps the earlier subjects' pieces and makes those of the subjects whose
    # triples changed: the result must be the Turtle of everything sorted, at the ends and in between.
    import random

    import pyoxigraph as ox

    from kg.build import serialize_rdf
    from kg.building.text_files import TextJob, triple_key, turtle_subjects, write_text_files

    def triple(i: int) -> ox.Triple:
        return ox.Triple(
            ox.NamedNode(f"https://e.org/s{i % 37}"), ox.NamedNode(f"https://e.org/p{i % 5}"), ox.Literal(str(i))
        )

    def kept(triples: list[ox.Triple]) -> list[tuple[str, int, bytes]]:
        subjects = turtle_subjects(triples, serialize_rdf(triples, ox.RdfFormat.TURTLE))
        assert subjects is not None
        return subjects

    every = sorted({triple(i) for i in range(600)}, key=triple_key)
    pick = random.Random(7)
    for _ in range(20):
        before = sorted(pick.sample(every, 300), key=triple_key)
        lost = set(pick.sample(before, pick.randrange(0, 20)))
        come = set(pick.sample(every, pick.randrange(0, 40)))  # some of them are there already
        expected = sorted((set(before) - lost) | come, key=triple_key)
        digest, count, subjects = write_text_files(TextJob(kept(before), tmp_path, lost, come, []))
        assert (tmp_path / "graph.ttl").read_bytes() == serialize_rdf(expected, ox.RdfFormat.TURTLE)
        assert (count, subjects) == (len(expected), kept(expected))
    blank = [ox.Triple(ox.BlankNode("b"), ox.NamedNode("https://e.org/p"), ox.Literal("x"))]
    assert turtle_subjects(blank, serialize_rdf(blank, ox.RdfFormat.TURTLE)) is None


def test_the_cache_is_one_file_and_the_next_build_reuses_its_layouts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.view.layout as layout_module

    corpus, out = _gold_copy(tmp_path)
    build([corpus], out, jobs=1)
    assert sorted(p.name for p in (out / "cache").iterdir()) == ["build.sqlite"]
    rows = _cache_rows(out)
    documents = build([corpus], tmp_path / "again", jobs=1).documents
    assert len(rows["documents"]) == len(rows["extractions"]) == documents
    assert rows["layouts"] and rows["evidence"] and rows["analysis"] and rows["relations"]

    computed: list[int] = []
    real = layout_module.compute_layout

    def counting(count: int, edges: object, order: object) -> object:
        computed.append(count)
        return real(count, edges, order)  # type: ignore[arg-type]

    monkeypatch.setattr(layout_module, "compute_layout", counting)
    summary = build([corpus], out, jobs=1)
    assert summary.patched == (0, 0, 0) and computed == []
    assert _cache_rows(out) == rows


def test_a_cache_file_of_another_format_means_a_full_build(tmp_path: Path) -> None:
    corpus, out = _gold_copy(tmp_path)
    first = build([corpus], out, jobs=1)
    _edit_cache(out, "UPDATE meta SET value = '1' WHERE key = 'format'")
    again = build([corpus], out, jobs=1)
    assert again.patched is None and again.reused == 0 < first.documents
    build([corpus], tmp_path / "clean", jobs=1, incremental=False)
    _same(out, tmp_path / "clean")


def test_the_analysis_graph_is_patched_by_subject() -> None:
    # The subjects whose lines stay keep their pieces of graph.trig's analysis block; the others are
    # made again: the block is what serialising everything gives, and the store loses and gains the
    # quads that differ, whatever subjects came, went or changed.
    import random

    from kg.analysis.rdf import quads_of_lines
    from kg.build import quad_key
    from kg.building.analysis_graph import ANALYSIS_GRAPH_KEY, full_analysis, patch_analysis

    def subjects(values: dict[int, list[int]]) -> list[tuple[str, str]]:
        lines = sorted(
            f'<https://e.org/s{s}> <https://e.org/p{v % 3}> "{v}"@en {ANALYSIS_GRAPH_KEY} .\n'
            for s, held in values.items()
            for v in held
        )
        grouped: dict[str, str] = {}
        for line in lines:
            key = line[: line.index(" ")]
            grouped[key] = grouped.get(key, "") + line
        return list(grouped.items())

    pick = random.Random(3)
    before = {s: pick.sample(range(40), 3) for s in range(30)}
    old_lines = subjects(before)
    old_quads = quads_of_lines(text for _, text in old_lines)
    _, kept = full_analysis(old_lines, old_quads)
    assert len(kept) == 30
    after = {s: held if s % 4 else pick.sample(range(40), 2) for s, held in before.items() if s % 7}
    after[99] = [1, 2]
    new_lines = subjects(after)
    new_quads = sorted(quads_of_lines(text for _, text in new_lines), key=quad_key)
    patch = patch_analysis(new_lines, kept)
    assert (patch.block, patch.subjects) == full_analysis(new_lines, new_quads)
    assert patch.gone == set(old_quads) - set(new_quads) and patch.come == set(new_quads) - set(old_quads)
    earlier = {subject: digest for subject, digest, _ in kept}
    reused = [subject for subject, digest, _ in patch.subjects if earlier.get(subject) == digest]
    assert 0 < len(reused) < len(patch.subjects) - 1
    assert patch_analysis([], kept).block is None


def test_a_full_build_leaves_its_store_with_nothing_left_to_compact(tmp_path: Path) -> None:
    # A patched build copies the store and writes to it: whatever a full build's bulk loads left for
    # RocksDB to compact would be compacted then, in the patched build's time.
    import pyoxigraph as ox

    corpus, out = _gold_copy(tmp_path)
    build([corpus], out, jobs=1)
    files = sorted(p.name for p in (out / "store").glob("*.sst"))
    store = ox.Store(str(out / "store"))
    store.optimize()
    del store
    assert sorted(p.name for p in (out / "store").glob("*.sst")) == files
