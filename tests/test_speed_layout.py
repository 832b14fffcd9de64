"""LayoutMemo: a layout whose exact input was laid out before is read back, never computed again."""

from __future__ import annotations

import json
from collections.abc import Sequence

import networkx as nx
import pytest

import kg.view.layout as layout_module
from kg.view import render_html
from kg.view.layout import LayoutMemo, compute_layout

ORG = "https://w3id.org/samverkan/id/org/"

# A small graph: two components, a hub, a pair of parallel edges and a self-loop.
COUNT = 7
EDGES = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 2), (3, 3), (4, 5)]
ORDER = [0, 1, 2, 4, 3, 5, 6]


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the layouts computed (the counts of nodes laid out), through the real compute_layout."""
    calls: list[int] = []

    def counting(count: int, edges: Sequence[tuple[int, int]], order: Sequence[int]) -> list[tuple[float, float]]:
        calls.append(count)
        return compute_layout(count, edges, order)

    monkeypatch.setattr(layout_module, "compute_layout", counting)
    return calls


def test_an_entry_is_reused_by_the_next_run(computed: list[int]) -> None:
    expected = compute_layout(COUNT, EDGES, ORDER)
    run1: dict[str, bytes] = {}
    first = LayoutMemo(None, run1)
    assert first.layout(COUNT, EDGES, ORDER) == expected
    assert computed == [COUNT] and (first.hits, first.computed) == (0, 1)
    [name] = run1
    assert len(name) == 64

    run2: dict[str, bytes] = {}
    second = LayoutMemo(run1, run2)
    positions = second.layout(COUNT, EDGES, ORDER)
    assert positions == expected and all(type(v) is float for xy in positions for v in xy)
    assert computed == [COUNT] and (second.hits, second.computed) == (1, 0)
    # The entry used is carried into the new run, the same bytes; nothing else is there.
    assert run2 == run1


def test_only_the_exact_input_is_reused(computed: list[int]) -> None:
    run1: dict[str, bytes] = {}
    run2: dict[str, bytes] = {}
    LayoutMemo(None, run1).layout(COUNT, EDGES, ORDER)
    memo = LayoutMemo(run1, run2)
    other_order = [1, 0, 2, 4, 3, 5, 6]
    assert memo.layout(COUNT, EDGES, other_order) == compute_layout(COUNT, EDGES, other_order)
    assert memo.layout(COUNT, EDGES[:-1], ORDER) == compute_layout(COUNT, EDGES[:-1], ORDER)
    assert memo.layout(COUNT + 1, EDGES, [*ORDER, 7]) == compute_layout(COUNT + 1, EDGES, [*ORDER, 7])
    assert len(computed) == 4 and memo.hits == 0
    assert len(run2) == 3  # only the entries this run used


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"\xff\xfe\x00",
        b"[[1.0, 2.0]]",  # too few positions
        json.dumps([[1, 2]] * COUNT).encode(),  # integers: the page would print 1, not 1.0
        json.dumps([[1.0, 2.0, 3.0]] * COUNT).encode(),
        json.dumps({"positions": [[1.0, 2.0]] * COUNT}).encode(),
    ],
    ids=["empty", "text", "bytes", "short", "integers", "triples", "object"],
)
def test_a_corrupt_entry_is_computed_again(computed: list[int], content: bytes) -> None:
    run1: dict[str, bytes] = {}
    run2: dict[str, bytes] = {}
    LayoutMemo(None, run1).layout(COUNT, EDGES, ORDER)
    [name] = run1
    run1[name] = content
    memo = LayoutMemo(run1, run2)
    assert memo.layout(COUNT, EDGES, ORDER) == compute_layout(COUNT, EDGES, ORDER)
    assert len(computed) == 2 and (memo.hits, memo.computed) == (0, 1)
    repaired = json.loads(run2[name].decode("utf-8"))
    assert [tuple(p) for p in repaired] == compute_layout(COUNT, EDGES, ORDER)


def test_no_folders_means_always_computed(computed: list[int]) -> None:
    memo = LayoutMemo(None, None)
    assert memo.layout(COUNT, EDGES, ORDER) == memo.layout(COUNT, EDGES, ORDER) == compute_layout(COUNT, EDGES, ORDER)
    assert len(computed) == 2
    assert memo.layout(0, [], []) == []


def star(n: int) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node(ORG + "hub", label="Hubben", cls="HigherEducationInstitution")
    for i in range(n - 1):
        g.add_node(f"{ORG}p{i:03d}", label=f"Projekt {i}", cls="Project")
        g.add_edge(ORG + "hub", f"{ORG}p{i:03d}", key="coordinates", property="coordinates")
    return g


def test_the_page_is_the_same_bytes_with_a_memo(computed: list[int]) -> None:
    g = star(40)
    plain = render_html(g, title="t", max_nodes=30)  # no memo: kg.view calls compute_layout itself
    run1: dict[str, bytes] = {}
    first = render_html(g, title="t", max_nodes=30, layouts=LayoutMemo(None, run1))
    assert computed == [30]
    again = LayoutMemo(run1, {})
    second = render_html(g, title="t", max_nodes=30, layouts=again)
    assert plain == first == second
    assert computed == [30] and again.hits == 1
