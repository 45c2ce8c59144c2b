"""Repeated blocks of a big model, found and collapsed so the whole model fits one picture.

Two ways to see a block, tried in order:

1. Names. keras.applications (and most hand-written big models) name a block's
   layers with a shared prefix: ``conv2_block1_1_conv`` and ``conv2_block1_add``
   belong to block ``conv2_block1``, ``block2a_expand_conv`` to ``block2a``,
   ``block_3_depthwise`` to ``block_3``. Models that number their cells at the
   end instead (NASNet: ``normal_add_1_5``) group by that suffix; layers Keras
   named on its own (``activation_92``) join the block they feed.
2. Structure, when names say nothing: the graph is cut where every path passes
   through one box, and runs of consecutive pieces with the same layer types
   (a stack of transformer blocks) are the repeats.

Consecutive blocks of one family (``conv3_block1`` ... ``conv3_block4``) whose
outputs share a spatial size collapse into one box with a count:
``conv3_block ×4``. Pure Python on a ``Graph``: tested without Keras.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from ._graph import Box, Graph

_INDEXED = re.compile(r"^[A-Za-z]+\d+[a-z]?$")  # conv2, block1, block2a
_NUMBER = re.compile(r"^\d+$")
_SUFFIX = re.compile(r"^(.+?)_((?:stem_|reduce_)?\d+)$")  # normal_add_1_5 -> ..., 5


def _tokens(name: str) -> list[str]:
    """``block_1_expand`` -> [block_1, expand]: a word followed by a number is one token."""
    parts, out = name.split("_"), []
    for part in parts:
        if out and _NUMBER.match(part) and out[-1].isalpha():
            out[-1] = f"{out[-1]}_{part}"
        else:
            out.append(part)
    return out


def prefix_key(name: str) -> str | None:
    """The block a name's leading indexed tokens name: ``conv2_block1_1_conv`` -> conv2_block1."""
    tokens = _tokens(name)
    run = 0
    while run < len(tokens) - 1 and (_INDEXED.match(tokens[run]) or "_" in tokens[run]):
        run += 1
    return "_".join(tokens[:run]) if run else None


def suffix_key(name: str) -> str | None:
    """Cell numbered at the end: ``separable_conv_1_bn_normal_left1_6`` -> *_6."""
    match = _SUFFIX.match(name)
    if not match or match.group(1).count("_") < 1:
        return None
    return f"*_{match.group(2)}"


def family(key: str) -> str:
    """The block's name without its last index: conv2_block1 -> conv2_block#, block2a -> block2#."""
    if re.search(r"\d[a-z]$", key):
        return key[:-1] + "#"
    return re.sub(r"\d+$", "#", key)


def _snake(name: str) -> str:
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def _auto_named(box: Box) -> bool:
    """A name Keras gave on its own, from the type: activation_92, add_3, zero_padding2d."""
    return re.sub(r"_\d+$", "", box.name) == _snake(box.type)


def _spatial(shape: str) -> str:
    dims = shape.strip("()").split(", ")
    return ", ".join(dims[1:-1]) if len(dims) > 2 else ""


class Blocks:
    """Which block each box belongs to, and the runs of blocks that repeat."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.order = list(graph.boxes)
        self.position = {k: i for i, k in enumerate(self.order)}
        self.preds: dict[str, list[str]] = {k: [] for k in self.order}
        self.succs: dict[str, list[str]] = {k: [] for k in self.order}
        for a, b in graph.edges:
            self.succs[a].append(b)
            self.preds[b].append(a)
        self.key = self._by_names() or self._by_structure()

    def _by_names(self) -> dict[str, str]:
        boxes = self.graph.boxes
        keys = {k: None if b.kind == "input" or b.group or _auto_named(b) else
                prefix_key(b.name) for k, b in boxes.items()}
        if sum(v is not None for v in keys.values()) < len(keys) / 3:  # names hold no blocks
            keys = {k: None if b.kind == "input" or b.group or _auto_named(b) else
                    suffix_key(b.name) for k, b in boxes.items()}
            for _ in range(8):  # auto-named layers join the block they feed (or come from)
                changed = False
                for k in self.order:
                    if keys[k] is not None or boxes[k].group or boxes[k].kind == "input" \
                            or not _auto_named(boxes[k]):
                        continue
                    for side in (self.succs[k], self.preds[k]):
                        found = {keys[n] for n in side}
                        if len(found) == 1 and None not in found:
                            keys[k], changed = found.pop(), True
                            break
                if not changed:
                    break
        self._by_first_word(keys)
        sizes = Counter(v for v in keys.values() if v is not None)
        keys = {k: v if v is not None and sizes[v] > 1 else None for k, v in keys.items()}
        blocks = {v for v in keys.values() if v is not None}
        if len(blocks) < 2:
            return {}
        return {k: v for k, v in keys.items() if v is not None}

    def _by_first_word(self, keys: dict[str, str | None], least: int = 3) -> None:
        """Leftover runs of ``least`` or more boxes sharing a first word: stem_*, top_*."""
        boxes, i = self.graph.boxes, 0
        words = [None if keys[k] is not None or boxes[k].kind == "input" or boxes[k].group
                 or _auto_named(boxes[k]) or "_" not in boxes[k].name
                 else _tokens(boxes[k].name)[0] for k in self.order]
        while i < len(self.order):
            j = i
            while j + 1 < len(words) and words[i] is not None and words[j + 1] == words[i]:
                j += 1
            if j + 1 - i >= least:
                for k in self.order[i: j + 1]:
                    keys[k] = words[i]
            i = j + 1

    def _by_structure(self) -> dict[str, str]:
        """Cut where every edge passes one box; repeated runs of same-typed pieces are blocks."""
        reach, cuts = -1, []
        for i, k in enumerate(self.order):
            if reach <= i and not self.graph.boxes[k].group:
                cuts.append(i)
            reach = max([reach] + [self.position[s] for s in self.succs[k]])
        pieces = [self.order[a + 1: b + 1] for a, b in pairwise(cuts)]
        signature = [tuple(self.graph.boxes[k].type for k in p) for p in pieces]
        keys: dict[str, str] = {}
        i = 0
        while i < len(pieces):
            best = (1, 1)  # (repeats, pieces per repeat): a residual block is often 2 pieces
            for period in range(1, 5):
                unit = signature[i: i + period]
                repeats = 1
                while signature[i + repeats * period: i + (repeats + 1) * period] == unit:
                    repeats += 1
                size = sum(len(p) for p in pieces[i: i + period])
                if repeats > 1 and size > 1 and repeats * period > best[0] * best[1]:
                    best = (repeats, period)
            repeats, period = best
            if repeats > 1:
                head = self.graph.boxes[pieces[i][0]].name
                for r in range(repeats):
                    for piece in pieces[i + r * period: i + (r + 1) * period]:
                        for k in piece:
                            keys[k] = f"{head}…#{r + 1}"
            i += repeats * period
        return keys

    def runs(self) -> list[list[str]]:
        """Blocks in graph order, grouped into runs of one family with one spatial size."""
        firsts: dict[str, int] = {}
        for k in self.order:
            if k in self.key:
                firsts.setdefault(self.key[k], self.position[k])
        members: dict[str, list[str]] = {b: [] for b in firsts}
        for k in self.order:
            if k in self.key:
                members[self.key[k]].append(k)
        self.members = members
        ordered = sorted(firsts, key=firsts.get)
        runs: list[list[str]] = []
        for block in ordered:
            if runs and self._continues(runs[-1][-1], block):
                runs[-1].append(block)
            else:
                runs.append([block])
        return runs

    def exit_of(self, block: str) -> str:
        inside = set(self.members[block])
        leaving = [k for k in self.members[block] if any(s not in inside for s in self.succs[k])]
        return (leaving or self.members[block])[-1]

    def _continues(self, previous: str, block: str) -> bool:
        if family(previous) != family(block) or family(block) == block:
            return False
        between = range(self.position[self.members[previous][-1]] + 1,
                        self.position[self.members[block][0]])
        if any(self.order[i] not in self.key for i in between):  # a box of its own between
            return False
        boxes = self.graph.boxes
        return _spatial(boxes[self.exit_of(previous)].shape) == \
            _spatial(boxes[self.exit_of(block)].shape)


def _short(run: list[str]) -> str:
    name = family(run[0]).rstrip("#").rstrip("_…")
    return f"{name or run[0]} ×{len(run)}"


def _ranged(run: list[str]) -> str:
    """block_3, block_4, block_5 -> block_3–5 ×3."""
    first, last = run[0], run[-1]
    common = 0
    while common < min(len(first), len(last)) and first[common] == last[common]:
        common += 1
    while 0 < common < len(first) and first[common - 1].isdigit() and \
            first[common].isdigit():  # do not split a number
        common -= 1
    return f"{first}–{last[common:]} ×{len(run)}"


def _labels(runs: list[list[str]]) -> dict[str, str]:
    """One label per run: ``conv3_block ×4``, or a range where that name repeats."""
    out = {}
    short = Counter(_short(r).rsplit(" ×", 1)[0] for r in runs if len(r) > 1)
    for run in runs:
        if "…#" in run[0]:  # found by structure, not by name
            out[run[0]] = f"repeated block ×{len(run)}"
        elif len(run) == 1:
            out[run[0]] = run[0]
        elif short[_short(run).rsplit(" ×", 1)[0]] > 1:
            out[run[0]] = _ranged(run)
        else:
            out[run[0]] = _short(run)
    return out


def _types(boxes: list[Box]) -> str:
    counts = Counter(b.type for b in boxes)
    return ", ".join(f"{t}×{c}" if c > 1 else t for t, c in counts.most_common(3)) + \
        (", …" if len(counts) > 3 else "")


def collapse(graph: Graph) -> Graph:
    """A graph with each run of repeated blocks drawn as one box (``kind="block"``)."""
    if graph.groups:  # expanded nested models keep their own frames
        return graph
    blocks = Blocks(graph)
    if not blocks.key:
        return graph
    runs = blocks.runs()
    labels = _labels(runs)
    target = {k: k for k in graph.boxes}
    out = Graph(note=graph.note)
    placed: set[str] = set()
    run_of = {block: run for run in runs for block in run}
    for k, box in graph.boxes.items():
        block = blocks.key.get(k)
        if block is None:
            out.boxes[k] = box
            continue
        run = run_of[block]
        new = "block:" + run[0]
        target[k] = new
        if new in placed:
            continue
        placed.add(new)
        inside = [graph.boxes[m] for b in run for m in blocks.members[b]]
        params = None if any(b.params is None for b in inside) else sum(b.params for b in inside)
        kind_line = (f"{len(run)} blocks: {run[0]} … {run[-1]}" if len(run) > 1 else
                     f"{len(inside)} layers: {_types(inside)}")
        out.boxes[new] = Box(new, labels[run[0]], kind_line,
                             graph.boxes[blocks.exit_of(run[-1])].shape, params, "block",
                             members=[b.key for b in inside])
    for a, b in graph.edges:
        out.connect(target[a], [target[b]])
    hidden = len(graph.boxes) - len(out.boxes)
    out.note = (out.note + " " if out.note else "") + (
        f"{len(graph.boxes)} layers; repeated blocks drawn as one box each "
        f"({hidden} boxes folded). show_model(model, collapse=False) draws every layer.")
    return out
