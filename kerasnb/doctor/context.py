"""Everything the checks look at, gathered once and computed on first use."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from . import data_facts as df
from . import layer_facts as lf
from . import model_facts as mf


@dataclass
class InputFacts:
    name: str
    shape: tuple | None  # expected shape without the batch axis, None when unknown
    x: np.ndarray | None


@dataclass(frozen=True)
class PathFacts:
    path: str
    where: str  # "save_path", "weights_path" or "ModelCheckpoint"
    weights_only: bool = False


class Context:
    """The model, data, history, paths and callbacks of one `knb.check` call."""

    def __init__(self, model: Any, x: Any = None, y: Any = None, *, history: Any = None,
                 save_path: str | os.PathLike | None = None, callbacks: list | None = None,
                 weights_path: str | os.PathLike | None = None,
                 class_weight: dict | None = None, sample_weight: Any = None) -> None:
        self.model = model
        self.sampled = False  # True when x/y are the first batches of a dataset
        if df.is_dataset(x):
            x, y_from_ds = df.unpack_dataset(x)
            y = y if y is not None else y_from_ds
            self.sampled = True
        self.x_raw = x
        self.y_raw = y
        self.history = df.read_history(history) if history is not None else None
        self.callbacks = list(callbacks or [])
        self.class_weight = class_weight
        self.sample_weight = sample_weight
        self.paths = self._collect_paths(save_path, weights_path)

    def _collect_paths(self, save_path, weights_path=None) -> list[PathFacts]:
        paths = []
        if save_path is not None:
            paths.append(PathFacts(os.fspath(save_path), "save_path"))
        if weights_path is not None:
            paths.append(PathFacts(os.fspath(weights_path), "weights_path", True))
        for cb in self.callbacks:
            if mf.class_name(cb) == "ModelCheckpoint" and hasattr(cb, "filepath"):
                paths.append(PathFacts(os.fspath(cb.filepath), "ModelCheckpoint",
                                       bool(getattr(cb, "save_weights_only", False))))
        return paths

    def has(self, need: str) -> bool:
        """Whether a check that needs ``need`` can run."""
        if need == "model":
            return self.model is not None
        if need == "graph":
            return self.model is not None and self.kind != "subclassed"
        if need == "built":
            return self.view is not None and bool(self.view.built)
        if need == "compiled":
            return self.compiled
        if need == "x":
            return any(i.x is not None for i in self.inputs)
        if need == "y":
            return any(o.labels is not None for o in self.outputs) or self.y_arrays is not None
        if need == "xy":
            return self.has("x") and self.y_raw is not None
        if need == "history":
            return bool(self.history)
        if need == "paths":
            return bool(self.paths)
        if need == "callbacks":
            return bool(self.callbacks)
        raise ValueError(f"Unknown check need {need!r}.")

    # -- model ----------------------------------------------------------------------
    @cached_property
    def twin(self) -> Any:
        """A built copy of an unbuilt Sequential model, built on x's shape (or None)."""
        if self.model is None or self.model.built:
            return None
        x = df.as_array(self.x_raw) if not isinstance(self.x_raw, (dict, tuple)) else None
        if x is None or x.ndim < 2 or not df.is_numeric(x):
            return None
        return lf.built_twin(self.model, tuple(x.shape[1:]))

    @property
    def view(self) -> Any:
        """The model the structure checks look at: the model, or its built twin."""
        return self.twin if self.twin is not None else self.model

    @cached_property
    def graph(self) -> mf.Graph | None:
        return mf.Graph(self.view) if self.model is not None else None

    @property
    def kind(self) -> str:
        """``"sequential"``, ``"functional"``, ``"subclassed"`` or ``"none"`` (no model)."""
        return self.graph.kind if self.graph is not None else "none"

    @cached_property
    def compiled(self) -> bool:
        return self.model is not None and mf.is_compiled(self.model)

    @cached_property
    def loss(self) -> Any:
        return getattr(self.model, "loss", None) if self.compiled else None

    @cached_property
    def layers(self) -> list:
        """Top-level layers in order (no input layers)."""
        return self.graph.layers if self.graph is not None else []

    @cached_property
    def all_layers(self) -> list:
        return mf.all_layers(self.view) if self.model is not None else []

    @cached_property
    def outputs(self) -> list[mf.OutputFacts]:
        if self.model is None:
            return []
        outs = mf.output_facts(self.view, self.loss, self.graph)
        ys = df.match_to(self.y_raw, [o.name for o in outs]) if outs else None
        for out, y in zip(outs, ys or [], strict=False):
            out.y = y
            out.labels = df.analyze_labels(y, out.rank) if y is not None else None
        return outs

    @cached_property
    def y_arrays(self) -> list[np.ndarray] | None:
        """All label arrays given, whether or not they could be matched to outputs."""
        if self.y_raw is None:
            return None
        if isinstance(self.y_raw, dict):
            arrays = [df.as_array(v) for v in self.y_raw.values()]
        elif isinstance(self.y_raw, (list, tuple)) and len(self.outputs) > 1:
            arrays = [df.as_array(v) for v in self.y_raw]
        else:
            arrays = [df.as_array(self.y_raw)]
        arrays = [a for a in arrays if a is not None]
        return arrays or None

    @cached_property
    def inputs(self) -> list[InputFacts]:
        specs = mf.input_specs(self.view) if self.model is not None else None
        if specs is None:
            x = df.as_array(self.x_raw) if not isinstance(self.x_raw, (dict, list, tuple)) \
                or _is_plain_list(self.x_raw) else None
            return [InputFacts("x", None, x)]
        names = [n for n, _ in specs]
        xs = df.match_to(self.x_raw, names)
        if xs is None:
            xs = [None] * len(specs)
        return [InputFacts(n, s, x) for (n, s), x in zip(specs, xs, strict=True)]

    @cached_property
    def n_samples(self) -> int | None:
        xs = [i.x for i in self.inputs if i.x is not None and i.x.ndim]
        return len(xs[0]) if xs else None

    @cached_property
    def metric_names(self) -> list[str]:
        """The metrics given to compile(), as names ("accuracy", "mae", ...)."""
        if not self.compiled:
            return []
        try:
            config = self.model.get_compile_config() or {}
        except (AttributeError, NotImplementedError, TypeError, ValueError):
            return []
        names = []
        for key in ("metrics", "weighted_metrics"):
            found = config.get(key) or []
            for m in keras_tree_flatten(found):
                if isinstance(m, str):
                    names.append(m)
                elif isinstance(m, dict):
                    names.append(str(m.get("class_name") or m.get("config", {}).get("name", "")))
        return names

    @property
    def weighted(self) -> bool:
        """True when fit() is told to weight samples or classes."""
        return self.class_weight is not None or self.sample_weight is not None


def keras_tree_flatten(value: Any) -> list:
    """Lists, tuples and dict values flattened (metrics may be given per output)."""
    if isinstance(value, dict) and "class_name" not in value:
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return [item for v in value for item in keras_tree_flatten(v)]
    return [value]


def _is_plain_list(value: Any) -> bool:
    """A list of numbers (or nested lists of numbers), not a list of arrays."""
    return isinstance(value, list) and bool(value) and not hasattr(value[0], "shape")
