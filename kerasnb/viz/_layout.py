"""A small layered (Sugiyama-style) layout for layer graphs, top to bottom.

1. ranks: longest path from the inputs, each input placed just above its first user;
2. long edges get a chain of dummy points, one per rank they cross;
3. order within a rank: barycentre sweeps, keeping the order with fewest crossings;
4. x positions: each node pulled towards its neighbours, overlaps pushed apart.

Pure Python on keys, so it is tested without Keras.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise


@dataclass
class Layout:
    x: dict[str, float] = field(default_factory=dict)  # centre of each node
    y: dict[str, float] = field(default_factory=dict)  # top of each node
    routes: list[tuple[str, str, list[tuple[float, float]]]] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0


def _ranks(keys: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    preds = {k: [] for k in keys}
    succs = {k: [] for k in keys}
    for a, b in edges:
        preds[b].append(a)
        succs[a].append(b)
    indegree = {k: len(preds[k]) for k in keys}
    ready = [k for k in keys if indegree[k] == 0]
    order = []
    while ready:
        k = ready.pop(0)
        order.append(k)
        for s in succs[k]:
            indegree[s] -= 1
            if indegree[s] == 0:
                ready.append(s)
    order += [k for k in keys if k not in set(order)]  # cycles should not happen; keep going
    late = {}  # as low as each node can sit, above its successors
    bottom = len(keys)
    for k in reversed(order):
        late[k] = min((late[s] - 1 for s in succs[k] if s in late), default=bottom)
    rank = {}
    for k in order:  # inputs as late as possible, everything else right below its inputs
        placed = [rank[p] + 1 for p in preds[k] if p in rank]
        rank[k] = max(placed) if placed else (late[k] if succs[k] else None)
    low = min((r for r in rank.values() if r is not None), default=0)
    return {k: 0 if r is None else r - low for k, r in rank.items()}  # lone nodes on top


def _crossings(layers: list[list[str]], down: dict[str, list[str]]) -> int:
    total = 0
    for upper, lower in pairwise(layers):
        pos = {k: i for i, k in enumerate(lower)}
        pairs = [(i, pos[t]) for i, k in enumerate(upper) for t in down[k] if t in pos]
        total += sum(1 for a in range(len(pairs)) for b in range(a + 1, len(pairs))
                     if (pairs[a][0] - pairs[b][0]) * (pairs[a][1] - pairs[b][1]) < 0)
    return total


def _order(layers: list[list[str]], up: dict, down: dict, sweeps: int = 8) -> list[list[str]]:
    best, best_cost = [list(r) for r in layers], _crossings(layers, down)
    for sweep in range(sweeps):
        downward = sweep % 2 == 0
        indices = range(1, len(layers)) if downward else range(len(layers) - 2, -1, -1)
        for i in indices:
            ref = layers[i - 1] if downward else layers[i + 1]
            pos = {k: j for j, k in enumerate(ref)}
            links = up if downward else down

            def centre(k, j, pos=pos, links=links):
                near = [pos[n] for n in links[k] if n in pos]
                return sum(near) / len(near) if near else j

            layers[i] = [k for _, k in sorted(((centre(k, j), j), k) for j, k in
                                              enumerate(layers[i]))]
        cost = _crossings(layers, down)
        if cost < best_cost:
            best, best_cost = [list(r) for r in layers], cost
    return best


def _place(layers, up, down, width, gap, rounds: int = 12) -> dict[str, float]:
    x = {}
    for row in layers:
        left = 0.0
        for k in row:
            x[k] = left + width(k) / 2
            left += width(k) + gap
    for r in range(rounds + 1):
        if r == rounds:  # a last pass that listens to both sides
            rows, sides = layers, (up, down)
        elif r % 2 == 0:
            rows, sides = layers, (up,)
        else:
            rows, sides = layers[::-1], (down,)
        for row in rows:
            for k in row:
                near = [x[n] for side in sides for n in side[k]]
                if near:
                    x[k] = sum(near) / len(near)
            _separate(row, x, width, gap)
    low = min(x[k] - width(k) / 2 for k in x)
    return {k: v - low for k, v in x.items()}


def _separate(row: list[str], x: dict[str, float], width, gap: float) -> None:
    """Keep the row's order and spacing, then shift it back towards where its nodes wanted."""
    if not row:
        return
    wanted = [x[k] for k in row]
    for i in range(1, len(row)):
        least = x[row[i - 1]] + (width(row[i - 1]) + width(row[i])) / 2 + gap
        x[row[i]] = max(x[row[i]], least)
    shift = sum(w - x[k] for w, k in zip(wanted, row, strict=True)) / len(row)
    for k in row:
        x[k] += shift


def layered(keys: list[str], edges: list[tuple[str, str]], *, width: float, height: float,
            h_gap: float = 24.0, v_gap: float = 36.0) -> Layout:
    """Lay out ``keys`` (boxes of ``width`` x ``height``) joined by ``edges``, top to bottom."""
    if not keys:
        return Layout()
    edges = [(a, b) for a, b in dict.fromkeys(edges) if a != b and a in keys and b in keys]
    rank = _ranks(keys, edges)
    up = {k: [] for k in keys}
    down = {k: [] for k in keys}
    chains, dummies = [], []
    for a, b in edges:
        chain = [a]
        for r in range(rank[a] + 1, rank[b]):
            dummy = f"\0{a}\0{b}\0{r}"
            rank[dummy] = r
            up[dummy], down[dummy] = [], []
            chain.append(dummy)
            dummies.append(dummy)
        chain.append(b)
        for s, t in pairwise(chain):
            down[s].append(t)
            up[t].append(s)
        chains.append(chain)
    layers: list[list[str]] = [[] for _ in range(max(rank.values()) + 1)]
    for k in list(keys) + dummies:
        layers[rank[k]].append(k)
    layers = _order(layers, up, down)

    def box_width(k: str) -> float:
        return 8.0 if k.startswith("\0") else width

    x = _place(layers, up, down, box_width, h_gap)
    y = {k: rank[k] * (height + v_gap) for k in rank}
    layout = Layout(width=max(x[k] + box_width(k) / 2 for k in x),
                    height=len(layers) * (height + v_gap) - v_gap)
    layout.x = {k: x[k] for k in keys}
    layout.y = {k: y[k] for k in keys}
    for chain in chains:
        points = [(x[chain[0]], y[chain[0]] + height)]
        for d in chain[1:-1]:  # run straight down through the rank, bend between ranks
            points += [(x[d], y[d]), (x[d], y[d] + height)]
        points.append((x[chain[-1]], y[chain[-1]]))
        layout.routes.append((chain[0], chain[-1], points))
    return layout
