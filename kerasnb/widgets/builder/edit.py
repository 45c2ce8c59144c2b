"""The editing twins of `ModelBuilder`: add, remove, move, set, connect, disconnect.

Each is what a widget button or field calls; each checks its arguments first
(a ValueError naming the argument, the spec unchanged) and then re-checks the
model through ``_refresh``. Rewiring rules live in `graph`.
"""

from __future__ import annotations

import contextlib
from typing import Any

from ..._validate import bad_value, is_int
from . import graph as graph
from .layers import KINDS, UNIVERSAL, kind_of, normalize


class BuilderEdits:
    """Mixed into `ModelBuilder`: the twins that edit the layers and their wiring."""

    def add(self, kind: str, *, index: int | None = None, inputs: list | None = None,
            **cfg: Any) -> None:
        """Add a layer of ``kind`` before the output layer, or before position ``index``.

        ``index`` works like `list.insert` (``0`` adds a first layer, ``len(spec)``
        one after the output layer). ``inputs`` lists the layers it takes
        (indices, names or "input"); by default the layer before it.

        Raises:
            ValueError: unknown kind, parameter, input or out-of-range value.
        """
        if "inputs" in cfg or "kind" in cfg:
            raise bad_value("cfg", "layer parameters (inputs= and kind are arguments of add)",
                            sorted(cfg))
        entry = normalize(kind, cfg)
        n = len(self._spec)
        if index is None:
            at = max(n - 1, 0)
        elif is_int(index) and -n <= index <= n:
            at = int(index) if index >= 0 else n + int(index)
        else:
            raise bad_value("index", f"a position from {-n} to {n}", index)
        refs = None if inputs is None else graph.resolve_refs(self._spec, inputs, at)
        if index is None and n and refs is None and entry["kind"] != "Input" \
                and len(self._spec[-1].get("inputs", [])) == 1:
            self._splice(at, entry)  # the output layer keeps its place in the graph too
        else:
            self._insert(at, entry, refs)
        self._refresh()

    def remove(self, i: int) -> None:
        """Remove the layer at index ``i``; layers it fed take its inputs instead."""
        graph.remove(self._spec, self._index("i", i))
        self._refresh()

    def move(self, i: int, j: int) -> None:
        """Move the layer at index ``i`` to index ``j`` (named inputs follow their layers)."""
        graph.move(self._spec, self._index("i", i), self._index("j", j))
        self._refresh()

    def set(self, i: int, *, inputs: list | None | str = "keep", **cfg: Any) -> None:
        """Change parameters of layer ``i``; ``kind=...`` changes its kind.

        ``inputs=[...]`` rewires it (``None``: the layer before it); ``name=``
        names it. When the kind changes, parameters the new kind shares keep
        their values.
        """
        i = self._index("i", i)
        old = self._spec[i]
        cfg = dict(cfg)
        refs = "keep" if isinstance(inputs, str) and inputs == "keep" else (
            None if inputs is None else graph.resolve_refs(self._spec, inputs, i))
        kind = cfg.pop("kind", old["kind"])
        if kind == old["kind"]:
            entry = normalize(kind, cfg, base=old)
        else:
            new = kind_of(kind)
            same_family = old["kind"] in KINDS and KINDS[old["kind"]].family == new.family
            carried = {name: old[name] for name in UNIVERSAL if name in old}
            for p in new.params:
                if p.name in old and (same_family or p.name != "activation"):
                    with contextlib.suppress(ValueError):  # out of the new kind's range
                        carried[p.name] = p.check(old[p.name])
            entry = normalize(kind, {**carried, **cfg})
        self._spec[i] = entry
        if refs != "keep":
            graph.set_inputs(self._spec, i, refs)
        graph.tidy(self._spec)
        self._refresh()

    def connect(self, source: int | str, target: int) -> None:
        """Feed layer ``source`` (an index, a name or "input") into layer ``target`` too."""
        j = self._index("target", target)
        refs = graph.resolve_refs(self._spec, source, j, name="source")
        graph.set_inputs(self._spec, j, [*graph.inputs_of(self._spec, j), *refs])
        self._refresh()

    def disconnect(self, source: int | str, target: int) -> None:
        """Stop feeding layer ``source`` into layer ``target``."""
        j = self._index("target", target)
        (ref,) = graph.resolve_refs(self._spec, source, j, name="source")
        refs = graph.inputs_of(self._spec, j)
        if ref not in refs:
            raise bad_value("source", f"one of the inputs of spec[{j}], which are {refs}", source)
        refs.remove(ref)
        graph.set_inputs(self._spec, j, refs)
        self._refresh()

    def _index(self, name: str, i: Any, n: int | None = None) -> int:
        n = len(self._spec) if n is None else n
        if n == 0:
            raise bad_value(name, "a layer index, but the model has no layers", i)
        if not is_int(i) or not -n <= i < n:
            raise bad_value(name, f"an index from 0 to {n - 1} (or negative, from the end)", i)
        return int(i) % n

    def _insert(self, at: int, entry: dict, refs: list | None) -> None:
        self._spec.insert(at, entry)
        graph.on_insert(self._spec, at)
        if refs is not None:
            graph.set_inputs(self._spec, at, refs)

    def _splice(self, i: int, entry: dict) -> None:
        """Insert ``entry`` between layer ``i`` and what feeds it."""
        refs = graph.inputs_of(self._spec, i) if i < len(self._spec) else None
        self._insert(i, entry, refs if refs else None)
        if i + 1 < len(self._spec):
            graph.set_inputs(self._spec, i + 1, [i])

