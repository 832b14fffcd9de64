"""A deterministic force-directed layout on numpy arrays (no NetworkX, no randomness).

`LayoutMemo` keeps the layouts of a run in a mapping, so the next run reuses those whose input is
the same.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections import deque
from collections.abc import Mapping, MutableMapping, Sequence

import numpy as np

__all__ = ["EDGE_LENGTH", "LayoutMemo", "compute_layout"]

logger = logging.getLogger(__name__)

# Ideal edge length in vis-network pixels (at zoom 1).
EDGE_LENGTH = 110.0

_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))
# Node-iterations per layout: bounds the time on big graphs (about 1 s for 2,000 nodes).
_WORK_BUDGET = 100_000
# Part of every memo entry's name: a change to what compute_layout computes must change it.
_LAYOUT_VERSION = "fr-grid-2"


def compute_layout(count: int, edges: Sequence[tuple[int, int]], order: Sequence[int]) -> list[tuple[float, float]]:
    """Positions of nodes 0..count-1 linked by `edges`, hubs first in `order` (most central first).

    Fruchterman-Reingold with repulsion only between nodes in neighbouring grid cells, so an
    iteration costs O(n) rather than O(n^2); started from a breadth-first placement around the most
    central node of each component, which every run reproduces exactly. Each iteration works on
    arrays of node pairs (numpy); forces are summed per node with `bincount`, which adds in the
    order of the pairs, so the positions are the same bits on every run and platform.
    """
    if count == 0:
        return []
    k = EDGE_LENGTH
    neighbours: list[list[int]] = [[] for _ in range(count)]
    for a, b in edges:
        if a != b:
            neighbours[a].append(b)
            neighbours[b].append(a)
    for row in neighbours:
        row.sort()
    components = _components(count, neighbours, order)
    start_x, start_y = _initial(count, components, k)
    x = np.array(start_x, dtype=np.float64)
    y = np.array(start_y, dtype=np.float64)
    pairs = sorted({(min(a, b), max(a, b)) for a, b in edges if a != b})
    left = np.array([a for a, _ in pairs], dtype=np.intp)
    right = np.array([b for _, b in pairs], dtype=np.intp)
    heaviness = 1.0 + np.array([len(row) for row in neighbours], dtype=np.float64)
    iterations = max(40, min(250, _WORK_BUDGET // count))
    temperature = k * max(2.0, math.sqrt(count) / 2.0)
    cool = temperature / (iterations + 1)
    cell = 2.0 * k
    cutoff2 = cell * cell
    k2 = k * k
    gravity = 0.02
    for step in range(iterations):
        i, j = _near_pairs(x, y, cell)
        ddx = x[i] - x[j]
        ddy = y[i] - y[j]
        d2 = ddx * ddx + ddy * ddy
        near = d2 < cutoff2
        i, j, ddx, ddy, d2 = i[near], j[near], ddx[near], ddy[near], d2[near]
        same = d2 < 1e-6
        if same.any():  # coincident: push apart along a fixed direction per pair
            angle = ((i[same] * 7919 + j[same] * 104729) % 360) * (math.pi / 180.0)
            ddx[same] = _cos_array(angle) * 0.01
            ddy[same] = _cos_array(angle - math.pi / 2.0) * 0.01
            d2[same] = 1e-4
        # Repulsion k^2 / d along the pair, once per pair: +force on i, -force on j.
        f = k2 / d2
        px, py = ddx * f, ddy * f
        dx = _sums(i, px, count) - _sums(j, px, count)
        dy = _sums(i, py, count) - _sums(j, py, count)
        # Attraction d^2 / k along each edge.
        ax = x[left] - x[right]
        ay = y[left] - y[right]
        d = np.sqrt(ax * ax + ay * ay)
        pull = np.where(d < 1e-9, 0.0, d / k)
        dx += _sums(right, ax * pull, count) - _sums(left, ax * pull, count)
        dy += _sums(right, ay * pull, count) - _sums(left, ay * pull, count)
        limit = temperature - cool * step
        fx = dx - gravity * x * heaviness
        fy = dy - gravity * y * heaviness
        d = np.sqrt(fx * fx + fy * fy)
        moving = d > 1e-9
        scale = np.where(moving, np.minimum(d, limit) / np.where(moving, d, 1.0), 0.0)
        x = x + fx * scale
        y = y + fy * scale
    xs: list[float] = x.tolist()
    ys: list[float] = y.tolist()
    _pack(components, xs, ys, k)
    return [(round(a, 1), round(b, 1)) for a, b in zip(xs, ys, strict=True)]


def _sums(index: np.ndarray, weights: np.ndarray, count: int) -> np.ndarray:
    """Per node 0..count-1, the sum of `weights` at its positions in `index`, added in array order."""
    return np.bincount(index, weights=weights, minlength=count).astype(np.float64, copy=False)


def _near_pairs(x: np.ndarray, y: np.ndarray, cell: float) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (i, j), i < j, of nodes in the same or neighbouring grid cells of side `cell`: by
    neighbouring cell (the same nine offsets in turn), then by i, then by j."""
    count = len(x)
    cx = np.floor(x / cell).astype(np.int64)
    cy = np.floor(y / cell).astype(np.int64)
    x0, y0 = int(cx.min()) - 1, int(cy.min()) - 1
    height = int(cy.max()) - y0 + 2
    key = (cx - x0) * height + (cy - y0)
    nodes = np.arange(count, dtype=np.intp)
    # Nodes by cell, then by number: a cell's nodes numbered above i are one run of this order, so
    # only the pairs i < j are made.
    by_cell = key * count + nodes
    ranked = np.argsort(by_cell, kind="stable")
    sorted_keys = by_cell[ranked]
    firsts, seconds = [], []
    for ox in (-1, 0, 1):
        for oy in (-1, 0, 1):
            target = (key + (ox * height + oy)) * count
            lo = np.searchsorted(sorted_keys, target + nodes + 1, "left")
            hi = np.searchsorted(sorted_keys, target + count, "left")
            size = hi - lo
            total = int(size.sum())
            if total == 0:
                continue
            firsts.append(np.repeat(nodes, size))
            begin = np.repeat(lo - (np.cumsum(size) - size), size)
            seconds.append(ranked[begin + np.arange(total)])
    if not firsts:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty
    return np.concatenate(firsts), np.concatenate(seconds)


def _cos_array(angle: np.ndarray) -> np.ndarray:
    """`_cos` of every element, by the same series (only +, *, / and fmod)."""
    x = np.fmod(angle, 2.0 * math.pi)
    x = np.where(x > math.pi, x - 2.0 * math.pi, np.where(x < -math.pi, x + 2.0 * math.pi, x))
    x2 = x * x
    term = np.ones_like(x)
    total = np.ones_like(x)
    for n in range(1, 15):
        term = term * (-x2 / ((2 * n - 1) * (2 * n)))
        total = total + term
    return np.asarray(total, dtype=np.float64)


class LayoutMemo:
    """Layouts of an earlier run read from the mapping `previous`, those of this run written to `target`.

    Either mapping may be None. An entry is the JSON of the positions, named by the sha256 of the
    layout's input (count, edges, order): `compute_layout` gives the same positions for the same
    input, so an entry found is used as it is. An entry that cannot be read is computed again.
    The build keeps the entries in its cache file (`kg.building.state.CacheFile.layouts`).
    """

    def __init__(self, previous: Mapping[str, bytes] | None, target: MutableMapping[str, bytes] | None) -> None:
        self.previous = previous
        self.target = target
        self.hits = 0  # layouts read from `previous`
        self.computed = 0  # layouts computed

    def layout(self, count: int, edges: Sequence[tuple[int, int]], order: Sequence[int]) -> list[tuple[float, float]]:
        """`compute_layout(count, edges, order)`, read from `previous` when this input was laid out before."""
        name = _entry_name(count, edges, order)
        positions = self._read(name, count)
        if positions is None:
            positions = compute_layout(count, edges, order)
            self.computed += 1
        else:
            self.hits += 1
        if self.target is not None:
            self.target[name] = json.dumps([[x, y] for x, y in positions], separators=(",", ":")).encode("utf-8")
        return positions

    def _read(self, name: str, count: int) -> list[tuple[float, float]] | None:
        """The positions of the entry `name` in `previous`, or None when there is none or it is broken."""
        if self.previous is None:
            return None
        data = self.previous.get(name)
        if data is None:
            return None
        try:
            value = json.loads(data)
        except ValueError as err:
            logger.debug("Layout entry %s unreadable (%s); computed again.", name, err)
            return None
        positions = _positions(value, count)
        if positions is None:
            logger.debug("Layout entry %s is not a layout of %d nodes; computed again.", name, count)
        return positions


def _entry_name(count: int, edges: Sequence[tuple[int, int]], order: Sequence[int]) -> str:
    """The file name of the layout of this input: the sha256 of the input as JSON."""
    key = json.dumps([_LAYOUT_VERSION, count, [[a, b] for a, b in edges], list(order)], separators=(",", ":"))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _positions(data: object, count: int) -> list[tuple[float, float]] | None:
    """`data` as `count` positions, or None unless it is a list of that many pairs of floats."""
    if not isinstance(data, list) or len(data) != count:
        return None
    positions: list[tuple[float, float]] = []
    for pair in data:
        # Floats only: an integer would be written to the page as "1", not "1.0" as computed.
        if not (isinstance(pair, list) and len(pair) == 2 and all(type(v) is float for v in pair)):
            return None
        positions.append((pair[0], pair[1]))
    return positions


def _components(count: int, neighbours: list[list[int]], order: Sequence[int]) -> list[list[int]]:
    """Connected components, each in breadth-first order from its most central node, biggest first."""
    seen = [False] * count
    components: list[list[int]] = []
    for root in order:
        if seen[root]:
            continue
        seen[root] = True
        members = [root]
        queue = deque([root])
        while queue:
            node = queue.popleft()
            for other in neighbours[node]:
                if not seen[other]:
                    seen[other] = True
                    members.append(other)
                    queue.append(other)
        components.append(members)
    return sorted(components, key=lambda c: -len(c))  # stable: ties keep the order of their hubs


def _pack(components: list[list[int]], xs: list[float], ys: list[float], k: float) -> None:
    """Biggest component at the origin; the others in rings around it, close but not overlapping."""
    ring = 0.0
    angle = 0.0
    widest = 0.0
    for number, members in enumerate(components):
        cx = sum(xs[i] for i in members) / len(members)
        cy = sum(ys[i] for i in members) / len(members)
        radius = max(math.sqrt((xs[i] - cx) ** 2 + (ys[i] - cy) ** 2) for i in members) + k * 0.25
        if number == 0:
            tx = ty = 0.0
            ring = radius + k * 0.5
        else:
            step = 2.0 * radius / ring
            if angle + step > 2.0 * math.pi:
                ring += 2.0 * widest + k * 0.5
                angle, widest = 0.0, 0.0
            widest = max(widest, radius)
            mid = angle + step / 2.0
            tx = (ring + radius) * _cos(mid)
            ty = (ring + radius) * _sin(mid)
            angle += step
        for i in members:
            xs[i] += tx - cx
            ys[i] += ty - cy


def _initial(count: int, components: list[list[int]], k: float) -> tuple[list[float], list[float]]:
    """Each component a sunflower of its breadth-first order, the components far enough apart."""
    xs = [0.0] * count
    ys = [0.0] * count
    offset = 0.0
    for members in components:
        spread = k * 0.6 * math.sqrt(len(members))
        offset += spread
        for index, node in enumerate(members):
            r = k * 0.6 * math.sqrt(index)
            a = index * _GOLDEN_ANGLE
            xs[node] = offset + r * _cos(a)
            ys[node] = r * _sin(a)
        offset += spread + 2.0 * k
    return xs, ys


def _sin(angle: float) -> float:
    return _cos(angle - math.pi / 2.0)


def _cos(angle: float) -> float:
    """cos by a fixed series: only +, *, / and fmod, which IEEE 754 rounds the same on every platform.

    (The C library's cos may differ in the last bit between systems, and the layout must not.)
    """
    x = math.fmod(angle, 2.0 * math.pi)
    if x > math.pi:
        x -= 2.0 * math.pi
    elif x < -math.pi:
        x += 2.0 * math.pi
    x2 = x * x
    term = 1.0
    total = 1.0
    for n in range(1, 15):
        term *= -x2 / ((2 * n - 1) * (2 * n))
        total += term
    return total
