"""The optional spaCy adapter: a blank Swedish pipeline with an entity ruler, no model download."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner

from kg.cli import main
from kg.errors import KgError
from kg.extraction.ner import load_ner
from kg.store import query_rows

TEXT = (
    "Vid mötet deltog Ngozi Okafor. Umeå universitet samarbetar med Norrlandsgruppen för Innovation och med Vinnova.\n"
)


@pytest.fixture
def pipeline_dir(tmp_path: Path) -> Path:
    nlp = spacy.blank("sv")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PER", "pattern": "Ngozi Okafor"},
            {"label": "ORG", "pattern": "Norrlandsgruppen för Innovation"},
            {"label": "ORG", "pattern": "Vinnova"},
        ]
    )
    folder = tmp_path / "pipeline"
    nlp.to_disk(folder)
    return folder


def test_model_spans_become_candidates(tmp_path: Path, pipeline_dir: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "nyhet.txt").write_text(TEXT, encoding="utf-8")
    plain = CliRunner().invoke(main, ["build", str(src), "--out", str(tmp_path / "plain")])
    assert plain.exit_code == 0, plain.output
    with_ner = CliRunner().invoke(
        main, ["build", str(src), "--out", str(tmp_path / "ner"), "--ner", f"spacy:{pipeline_dir}"]
    )
    assert with_ner.exit_code == 0, with_ner.output

    query = "SELECT DISTINCT ?l ?c WHERE { ?x a ?c ; skos:prefLabel ?l } ORDER BY ?l"
    before = {(r["l"], r["c"].rsplit("#", 1)[-1]) for r in query_rows(tmp_path / "plain", query)}
    after = {(r["l"], r["c"].rsplit("#", 1)[-1]) for r in query_rows(tmp_path / "ner", query)}
    # "Ngozi" is no first name of the lexicon, nothing around the name marks it as one, and
    # "Norrlandsgruppen …" matches no organisation pattern.
    assert ("Ngozi Okafor", "Person") not in before
    assert ("Ngozi Okafor", "Person") in after
    assert ("Norrlandsgruppen för Innovation", "Organisation") in after
    # What the reference data knows keeps its class.
    assert ("Vinnova", "GovernmentAgency") in after
    rows = query_rows(
        tmp_path / "ner",
        "SELECT DISTINCT ?o WHERE { { org:umea-universitet samv:collaboratesWith ?o } UNION { ?o samv:collaboratesWith org:umea-universitet } } ORDER BY ?o",
    )
    assert [r["o"].rsplit("/", 1)[-1] for r in rows] == ["norrlandsgruppen-for-innovation", "vinnova"]


def test_unknown_adapter_or_model_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="Unknown --ner"):
        load_ner("stanza:sv")
    result = CliRunner().invoke(main, ["build", "seeds", "--out", str(tmp_path / "o"), "--ner", "spacy:finns_inte"])
    assert result.exit_code == 1
    assert "spaCy cannot load the pipeline 'finns_inte'" in result.stderr
