"""Score `kg build` on the real-page development corpus, and keep that corpus's texts in order.

    python3 benchmarks/real_corpus.py [--split dev|test|all] [--only REGEX] [--misses N] [--record LABEL] [--kg-src DIR]
    python3 benchmarks/real_corpus.py check            # which texts are missing or changed
    python3 benchmarks/real_corpus.py normalise FILE   # rewrite FILE in the corpus's normal form, print its sha256

The corpus lives in benchmarks/real/: one recipe per page in recipes/<name>.json (the search query
that finds the page, its url, the sha256 of its text, its style, publisher and split), one gold
annotation per page in gold/<split>/<name>.json, and the texts themselves in texts/<name>.txt,
which git ignores (they are public pages, kept as reference material, not committed). See
benchmarks/real/README.md for how a session re-fills texts/.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REAL = HERE / "real"
RECIPES = REAL / "recipes"
GOLD = REAL / "gold"
TEXTS = REAL / "texts"
SPLITS = ("test", "dev")

_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_BLANKS = re.compile(r"\n{3,}")


def normal_form(text: str) -> str:
    """The text as the corpus keeps it: NFC, Unix line ends, no trailing spaces, single blank lines.

    Copying a page's text by hand or by tool may change invisible things (a no-break space, a doubled
    blank line); the normal form makes the sha256 of a re-filled text independent of them."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _SPACES.sub(" ", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip("\n") + "\n"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def recipes() -> list[dict[str, str]]:
    """Every recipe, sorted by name."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(RECIPES.glob("*.json"))]


def text_state(recipe: dict[str, str]) -> str:
    """'ok', 'missing' or 'changed' for the text of one recipe."""
    path = TEXTS / f"{recipe['name']}.txt"
    if not path.is_file():
        return "missing"
    return "ok" if sha256(normal_form(path.read_text(encoding="utf-8"))) == recipe["sha256"] else "changed"


def cmd_normalise(path: Path) -> int:
    text = normal_form(path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    print(sha256(text))
    return 0


def cmd_check() -> int:
    bad = 0
    for recipe in recipes():
        state = text_state(recipe)
        if state != "ok":
            bad += 1
            print(f"{state}: texts/{recipe['name']}.txt  query={recipe['query']!r}  url={recipe['url']}")
    print(f"{len(recipes()) - bad} of {len(recipes())} texts present and unchanged.")
    return 1 if bad else 0


# --- scoring ---------------------------------------------------------------------------------------

# Cues of the patterns that should find a relation, tried in order on the text around a missed relation
# (the sentence holding both ends, else their paragraph). The first cue that matches names the pattern.
_CUES: tuple[tuple[str, str, str], ...] = (
    (
        "*",
        "attendance list",
        r"(?im)^\s*(närvarande|deltagare|medverkande|beslutande|ersättare|justerare|övriga|"
        r"ledamöter|styrgrupp(?:en)?|frånvarande)\b[^\n]*:",
    ),
    ("affiliatedWith", "photo caption", r"(?i)\b(från vänster|foto:|på bilden)"),
    ("affiliatedWith", "contact block", r"(?i)\b(kontakt(person)?|mer information|för mer information|frågor)\b"),
    ("affiliatedWith", "signature list", r"(?i)\b(undertecknad|undertecknade|skrev under|signerade|tecknades av)"),
    ("affiliatedWith", "quote attribution", r"(?i)\b(säger|berättar|menar|konstaterar|förklarar)\b"),
    ("*", "agreement sentence", r"(?i)(avtal|avsiktsförklaring|överenskommelse|partnerskap|kontrakt)"),
    ("funds", "funding phrase", r"(?i)(finansier|stöd från|medel från|bidrag från|beviljat|anslag|medfinansier)"),
    (
        "coordinates",
        "leader phrase",
        r"(?i)(projektledare|leds av|ledare|ordförande|moderator|samordnare|"
        r"koordinator|samordnas|koordineras|ansvarig)",
    ),
    ("memberOf", "member list", r"(?i)(medlem|ingår|nätverk)"),
    ("*", "network or arena", r"(?i)(nätverk|arena|plattform|mötesplats|forum|seminarieserie|centrum|centre)"),
    ("*", "project", r"(?i)projekt"),
    ("*", "event", r"(?i)(seminari|konferens|möte|workshop|forskardag|dag\b|träff)"),
    ("affiliatedWith", "appositive role", r","),
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9–-])|\n\s*\n")


def miss_pattern(text: str, prop: str, subject: tuple[str, ...], obj: tuple[str, ...]) -> str:
    """The pattern that should have found a missed relation between names `subject` and `obj` in `text`."""

    def has(chunk: str, names: tuple[str, ...]) -> bool:
        return any(n.casefold() in chunk for n in names if n)

    scope = "same sentence"
    chunks = [c.casefold() for c in _SENTENCE.split(text) if has(c.casefold(), subject) and has(c.casefold(), obj)]
    if not chunks:
        scope = "same paragraph"
        chunks = [c for c in text.casefold().split("\n\n") if has(c, subject) and has(c, obj)]
    if not chunks:
        return "across the page"
    context = chunks[0]
    for cue_prop, name, pattern in _CUES:
        if cue_prop in ("*", prop) and re.search(pattern, context):
            return f"{name} ({scope})"
    return f"other ({scope})"


def _f1(score: Any) -> str:
    return f"P {score.precision:.2f} R {score.recall:.2f} F1 {score.f1:.2f}"


def build_split(names: list[str], out: Path, kg_src: Path) -> None:
    """Build the texts of `names` together, as one graph, with the kg found in `kg_src`."""
    folder = out / "texts"
    folder.mkdir(parents=True)
    for name in names:
        shutil.copyfile(TEXTS / f"{name}.txt", folder / f"{name}.txt")
    command = [sys.executable, "-P", "-m", "kg", "build", str(folder), "--out", str(out / "graph")]
    env = {**os.environ, "PYTHONPATH": str(kg_src)}
    subprocess.run(command, check=True, cwd=out, env=env, stdout=subprocess.DEVNULL)


def unconnected(graph: Path) -> dict[str, tuple[int, int, list[str]]]:
    """Per kind (persons, organisations): how many have no relation at all, of how many, and their labels."""
    from kg.store import open_store, select
    from kg.vocab import RELATIONS, SAMV

    store = open_store(graph)
    values = " ".join(f"<{SAMV}{p}>" for p in RELATIONS)
    counts: dict[str, tuple[int, int, list[str]]] = {}
    for kind, cls in (("persons", "Person"), ("organisations", "Organisation")):
        query = (
            f"SELECT ?e (SUM(IF(BOUND(?p), 1, 0)) AS ?n) (SAMPLE(?l) AS ?label) {{ ?e a/<http://www.w3.org/2000/01/"
            f"rdf-schema#subClassOf>* <{SAMV}{cls}> OPTIONAL {{ ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }}"
            f" OPTIONAL {{ VALUES ?p {{ {values} }} {{ ?e ?p ?x }} UNION {{ ?x ?p ?e }} }} }} GROUP BY ?e"
        )
        rows = list(select(store, query))
        alone = sorted((r["label"] or r["e"]).value for r in rows if int(r["n"].value) == 0)
        counts[kind] = (len(alone), len(rows), alone)
    del store
    return counts


def cmd_score(split: str, misses: int, record: str | None, kg_src: Path, only: str | None = None) -> int:
    from kg.evaluate import Evaluation, evaluate, load_gold

    splits = SPLITS if split == "all" else (split,)
    golds = [d for s in splits for d in load_gold(GOLD / s) if only is None or re.search(only, d.path.stem)]
    by_name = {r["name"]: r for r in recipes()}
    names = sorted(d.source.stem for d in golds)
    absent = [n for n in names if n not in by_name or text_state(by_name[n]) != "ok"]
    if absent:
        print(
            f"{len(absent)} texts are missing or changed ({', '.join(absent)}); run `check` and re-fill them.",
            file=sys.stderr,
        )
        return 1
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kg-real-") as tmp:
        build_split(names, Path(tmp), kg_src)
        graph = Path(tmp) / "graph"
        result = {
            s: Evaluation(
                files=tuple(f for d in golds if d.path.parent.name == s for f in evaluate(d.path, graph).files)
            )
            for s in splits
        }
        loose = unconnected(Path(tmp) / "graph")
    for s, evaluation in result.items():
        lines.append(f"## split {s}: {len(evaluation.files)} pages")
        lines.append("| page | entities | relations |")
        lines.append("|---|---|---|")
        for f in evaluation.files:
            lines.append(f"| {Path(f.gold).stem} | {_f1(f.entities)} | {_f1(f.relations)} |")
        e, r = evaluation.entities, evaluation.relations
        lines.append(f"| **micro** | **{_f1(e)}** ({e.tp}/{e.fp}/{e.fn}) | **{_f1(r)}** ({r.tp}/{r.fp}/{r.fn}) |")
        lines.append("")
        lines.append(
            "relations by property: "
            + "; ".join(f"{p} {_f1(sc)} ({sc.tp}/{sc.fp}/{sc.fn})" for p, sc in evaluation.by_property)
        )
        lines.append("")
    every = [f for e in result.values() for f in e.files]
    texts = {Path(f.gold).stem: (TEXTS / f"{Path(f.gold).stem}.txt").read_text(encoding="utf-8") for f in every}
    golds_by_stem = {d.path.stem: d for d in golds}
    groups: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], list[str]] = {}
    for f in every:
        stem = Path(f.gold).stem
        ents = {g.id: g for g in golds_by_stem[stem].entities}
        for item in f.misses:
            if item.kind != "relation":
                continue
            s_names, o_names = ents[item.ids[0]].names, ents[item.ids[1]].names
            key = (item.category, miss_pattern(texts[stem], item.category, s_names, o_names))
            groups[key] += 1
            examples.setdefault(key, []).append(f"{stem}: {item.label} —{item.category}→ {item.object_label}")
    lines.append("## missed relations by property and pattern")
    for (prop, pattern), n in sorted(groups.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"- {n:3d}  {prop:16s} {pattern}")
        lines.extend(f"        {e}" for e in examples[(prop, pattern)][:misses])
    entity_misses = Counter(i.category for f in every for i in f.misses if i.kind == "entity")
    spurious = Counter(i.category for f in every for i in f.spurious)
    lines.append("")
    lines.append("missed entities by class: " + ", ".join(f"{c} {n}" for c, n in entity_misses.most_common()))
    for cls, _ in entity_misses.most_common():
        named = [
            f"{Path(f.gold).stem}: {i.label}"
            for f in every
            for i in f.misses
            if i.kind == "entity" and i.category == cls
        ]
        lines.extend(f"        {cls}: {e}" for e in named[:misses])
    lines.append("spurious by class/property: " + ", ".join(f"{c} {n}" for c, n in spurious.most_common()))
    lines.append("")
    for kind, (alone, total, names) in loose.items():
        share = alone / total if total else 0.0
        lines.append(f"{kind} without any relation (all pages built as one graph): {alone} of {total} ({share:.0%})")
        if "test" not in splits:  # (the test split's names are not shown: rules are not tuned on it)
            lines.append("        " + "; ".join(names))
    print("\n".join(lines))
    if record:
        _record(record, split, result, loose, only)
    return 0


def cmd_page(name: str, kg_src: Path) -> int:
    """Build one page alone and show what the build found against its gold: matches, misses, spurious."""
    from kg.evaluate import evaluate

    gold = next((p for s in SPLITS for p in (GOLD / s).glob(f"{name}.json")), None)
    if gold is None:
        print(f"no gold file named {name}.json", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="kg-real-") as tmp:
        build_split([name], Path(tmp), kg_src)
        (f,) = evaluate(gold, Path(tmp) / "graph").files
    print(f"entities {_f1(f.entities)}   relations {_f1(f.relations)}")
    for item in f.misses:
        print(
            f"  miss      {item.category:16s} {item.label}"
            + (f"  ->  {item.object_label}" if item.object_label else "")
        )
    for item in f.spurious:
        print(
            f"  spurious  {item.category:16s} {item.label}"
            + (f"  ->  {item.object_label}" if item.object_label else "")
        )
    for m in f.mismatches:
        print(f"  class     {m.label}: gold {m.gold_class}, built {m.predicted_class}")
    return 0


def _record(
    label: str, split: str, result: dict[str, Any], loose: dict[str, tuple[int, int, list[str]]], only: str | None
) -> None:
    command = f"python3 benchmarks/real_corpus.py --split {split}" + (f" --only '{only}'" if only else "")
    rows = [f"\n### Real-page corpus: {label}\n", f"`{command}`\n"]
    for s, evaluation in result.items():
        rows.append(
            f"- {s} ({len(evaluation.files)} pages), micro: entities {_f1(evaluation.entities)}; "
            f"relations {_f1(evaluation.relations)}"
        )
    for kind, (alone, total, _) in loose.items():
        rows.append(f"- {kind} without any relation: {alone} of {total}")
    with (HERE / "RESULTS.md").open("a", encoding="utf-8") as handle:
        handle.write("\n".join(rows) + "\n")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["normalise"] and len(args) == 2:
        return cmd_normalise(Path(args[1]))
    if args[:1] == ["check"]:
        return cmd_check()
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--split",
        choices=("dev", "test", "all"),
        default="dev",
        help="which pages to build and score (default: dev; score test only at a session's end)",
    )
    parser.add_argument("--only", metavar="REGEX", help="score only the pages whose name matches REGEX")
    parser.add_argument("--misses", type=int, default=3, help="examples shown per group of misses")
    parser.add_argument("--record", metavar="LABEL", help="append the micro scores to benchmarks/RESULTS.md")
    parser.add_argument(
        "--kg-src",
        type=Path,
        default=HERE.parent,
        help="the checkout whose kg builds the pages (default: this repository)",
    )
    parser.add_argument("--page", metavar="NAME", help="build one page alone and list its misses and spurious items")
    options = parser.parse_args(args)
    if options.page:
        return cmd_page(options.page, options.kg_src.resolve())
    return cmd_score(options.split, options.misses, options.record, options.kg_src.resolve(), options.only)


if __name__ == "__main__":
    sys.exit(main())
