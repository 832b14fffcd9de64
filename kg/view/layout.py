"""A deterministic force-directed layout in pure Python (no NetworkX, no numpy, no randomness)."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence

__all__ = ["EDGE_LENGTH", "compute_layout"]

# Ideal edge length in vis-network pixels (at zoom 1).
EDGE_LENGTH = 110.0

_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))
# Node-iterations per layout: bounds the time on big graphs (about 1 s for 2,000 nodes).
_WORK_BUDGET = 100_000


def compute_layout(count: int, edges: Sequence[tuple[int, int]], order: Sequence[int]) -> list[tuple[float, float]]:
    """Positions of nodes 0..count-1 linked by `edges`, hubs first in `order` (most central first).

    Fruchterman-Reingold with repulsion only between nodes in neighbouring grid cells, so an
    iteration costs O(n) rather than O(n^2); started from a breadth-first placement around the most
    central node of each component, which every run reproduces exactly.
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
    xs, ys = _initial(count, components, k)
    pairs = sorted({(min(a, b), max(a, b)) for a, b in edges if a != b})
    iterations = max(40, min(250, _WORK_BUDGET // count))
    temperature = k * max(2.0, math.sqrt(count) / 2.0)
    cool = temperature / (iterations + 1)
    cell = 2.0 * k
    cutoff2 = cell * cell
    k2 = k * k
    gravity = 0.02
    for step in range(iterations):
        dx = [0.0] * count
        dy = [0.0] * count
        grid: dict[tuple[int, int], list[int]] = {}
        for i in range(count):
            grid.setdefault((math.floor(xs[i] / cell), math.floor(ys[i] / cell)), []).append(i)
        for (cx, cy), members in grid.items():
            near: list[int] = []
            for ox in (-1, 0, 1):
                for oy in (-1, 0, 1):
                    near.extend(grid.get((cx + ox, cy + oy), ()))
            for i in members:
                xi, yi = xs[i], ys[i]
                fx = fy = 0.0
                for j in near:
                    if j == i:
                        continue
                    ddx = xi - xs[j]
                    ddy = yi - ys[j]
                    d2 = ddx * ddx + ddy * ddy
                    if d2 >= cutoff2:
                        continue
                    if d2 < 1e-6:  # coincident: push apart along a fixed direction per pair
                        angle = ((i * 7919 + j * 104729) % 360) * math.pi / 180.0
                        ddx, ddy, d2 = _cos(angle) * 0.01, _sin(angle) * 0.01, 1e-4
                    f = k2 / d2
                    fx += ddx * f
                    fy += ddy * f
                dx[i] += fx
                dy[i] += fy
        for a, b in pairs:
            ddx = xs[a] - xs[b]
            ddy = ys[a] - ys[b]
            d = math.sqrt(ddx * ddx + ddy * ddy)
            if d < 1e-9:
                continue
            f = d / k  # (d^2 / k) / d
            dx[a] -= ddx * f
            dy[a] -= ddy * f
            dx[b] += ddx * f
            dy[b] += ddy * f
        limit = temperature - cool * step
        for i in range(count):
            fx = dx[i] - gravity * xs[i] * (1 + len(neighbours[i]))
            fy = dy[i] - gravity * ys[i] * (1 + len(neighbours[i]))
            d = math.sqrt(fx * fx + fy * fy)
            if d > 1e-9:
                scale = min(d, limit) / d
                xs[i] += fx * scale
                ys[i] += fy * scale
    _pack(components, xs, ys, k)
    return [(round(x, 1), round(y, 1)) for x, y in zip(xs, ys, strict=True)]


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
