"""``summary``: ``model.summary()`` as a table that shows itself in a notebook."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._repr import ShowsItself
from .._validate import check_bool
from ._display import escape, save_text, scoped_css
from ._graph import is_layer, operations, output_shape, param_count
from ._inputs import check_model


@dataclass
class Row:
    name: str
    type: str
    shape: str
    params: int | None
    trainable: str  # "yes", "no", "partly" or "" (no weights)
    activation: str
    depth: int = 0


def _activation(layer) -> str:
    fn = getattr(layer, "activation", None)
    if fn is None or not callable(fn):
        return ""
    return getattr(fn, "__name__", type(fn).__name__)


def _trainable(layer) -> str:
    if not layer.weights:
        return ""
    if not layer.trainable or not layer.trainable_weights:
        return "no"
    return "yes" if not layer.non_trainable_weights else "partly"


def _rows(model, expand_nested: bool, depth: int = 0) -> list[Row]:
    import keras

    rows = []
    for layer in operations(model):  # op nodes (x + y, keras.ops.relu) too
        if not is_layer(layer):
            rows.append(Row(layer.name, f"{type(layer).__name__} (keras.ops)",
                            output_shape(layer), 0, "", "", depth))
            continue
        rows.append(Row(layer.name, type(layer).__name__, output_shape(layer), param_count(layer),
                        _trainable(layer), _activation(layer), depth))
        if expand_nested and isinstance(layer, keras.Model):
            rows += _rows(layer, expand_nested, depth + 1)
    return rows


def _size(weight) -> int:
    return int(np.prod(weight.shape))


def _bytes(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1024
    return ""  # pragma: no cover


class ModelSummary(ShowsItself):
    """What ``summary`` returns: the rows and totals, shown as an HTML table.

    Attributes:
        rows: one ``Row`` per layer (name, type, shape, params, trainable, activation).
        total_params, trainable_params, non_trainable_params: parameter counts.
        weight_bytes: memory taken by the weights.
    """

    def __init__(self, model, expand_nested: bool = False) -> None:
        self.name = model.name
        self.rows = _rows(model, expand_nested)
        # A subclassed model (a GAN, a VAE with its own train_step) is never "built"
        # itself, but the sub-models it holds are: their weights are its weights.
        weights = list(model.weights)
        self.built = model.built or bool(weights)
        self.trainable_params = sum(_size(w) for w in model.trainable_weights) if weights else 0
        self.non_trainable_params = sum(_size(w) for w in model.non_trainable_weights) \
            if weights else 0
        self.total_params = self.trainable_params + self.non_trainable_params
        self.weight_bytes = sum(_size(w) * np.dtype(w.dtype).itemsize for w in weights)

    def _totals(self) -> list[tuple[str, str]]:
        return [("Total params", f"{self.total_params:,}"),
                ("Trainable params", f"{self.trainable_params:,}"),
                ("Non-trainable params", f"{self.non_trainable_params:,}"),
                ("Weight memory", _bytes(self.weight_bytes))]

    def _note(self) -> str:
        if self.built:
            return ""
        return ("Not built yet: shapes and parameters appear once the model is called, "
                "or when it starts with keras.Input(...).")

    def __repr__(self) -> str:
        return self._repr_text()

    def save(self, path: str | os.PathLike) -> Path:
        """Write the table to ``path``: .html (the notebook's table) or .txt (the text).

        Returns:
            The ``pathlib.Path`` written.
        """
        return save_text(self, path, "summary")

    def _repr_text(self) -> str:
        head = ("Layer", "Type", "Output shape", "Params", "Trainable", "Activation")
        table = [head] + [("  " * r.depth + r.name, r.type, r.shape,
                           "?" if r.params is None else f"{r.params:,}", r.trainable,
                           r.activation) for r in self.rows]
        widths = [max(len(row[i]) for row in table) for i in range(len(head))]
        lines = [f"Model: {self.name}"]
        for i, row in enumerate(table):
            lines.append("  ".join(cell.rjust(w) if j == 3 else cell.ljust(w)
                                   for j, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip())
            if i == 0:
                lines.append("-" * len(lines[-1]))
        lines.append("")
        lines += [f"{k}: {v}" for k, v in self._totals()]
        if self._note():
            lines.append(self._note())
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        scope, css = scoped_css()
        head = "".join(f"<th>{h}</th>" for h in
                       ("Layer", "Type", "Output shape", "Params", "Trainable", "Activation"))
        body = []
        for r in self.rows:
            params = "?" if r.params is None else f"{r.params:,}"
            indent = f' style="padding-left:{10 + 16 * r.depth}px"' if r.depth else ""
            body.append(
                f"<tr><td{indent}>{escape(r.name)}</td><td>{escape(r.type)}</td>"
                f'<td class="mono">{escape(r.shape)}</td><td class="num">{params}</td>'
                f"<td>{escape(r.trainable)}</td><td>{escape(r.activation)}</td></tr>")
        totals = "".join(f"<tr><td>{k}</td><td class='num'>{escape(v)}</td></tr>"
                         for k, v in self._totals())
        note = f'<div class="kerasnb-note">{escape(self._note())}</div>' if self._note() else ""
        return (f'{css}<div id="{scope}" class="kerasnb-summary">'
                f'<div class="kerasnb-title">Model: {escape(self.name)}</div>'
                f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
                f'<table class="kerasnb-totals">{totals}</table>{note}</div>')


def summary(model, *, expand_nested: bool = False) -> ModelSummary:
    """A model's layers as a table: name, type, output shape, params, trainable, activation.

    Totals give the parameter counts and the memory the weights take. In a
    notebook it shows as an HTML table; elsewhere as text.

    Args:
        model: a ``keras.Model``.
        expand_nested: list the layers of nested models too, indented.

    Returns:
        A ``ModelSummary`` with ``.rows``, ``.total_params``,
        ``.trainable_params``, ``.non_trainable_params`` and ``.weight_bytes``.

    Raises:
        ValueError: ``model`` is not a Keras model.

    Example:
        >>> knb.summary(model)  # doctest: +SKIP
    """
    check_model(model)
    check_bool("expand_nested", expand_nested)
    return ModelSummary(model, expand_nested)
