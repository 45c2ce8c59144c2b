"""`ModelBuilder`: build, check, train and export a Keras model from a widget.

The model lives in a plain-Python spec (a JSON-able list of ``{"kind": ...,
**cfg}``); the widget is a thin `VBox` whose buttons and fields call the same
Python twins a script calls (`add`, `remove`, `move`, `set`, `fit`, ...).
"""

from __future__ import annotations

import contextlib
import contextvars
import copy
import functools
import json
import numbers
import threading
from typing import Any

import ipywidgets as widgets
import numpy as np
import traitlets

from .._utils import bad_value
from . import _builder_view as view
from ._builder_check import SHARED_CACHE, Analysis, analyze, fmt_shape
from ._builder_code import input_dtype, model_code
from ._builder_io import entries_from, from_json_dict, from_model_args, to_json_dict
from ._builder_layers import KIND_NAMES, KINDS, Param, kind_of, make_layer, normalize
from ._builder_task import (
    LOSSES,
    METRICS,
    OPTIMIZERS,
    TASKS,
    classes_in,
    default_stack,
    resolve_task,
    suggested_compile,
)

COMPILE_SETTINGS = ("optimizer", "learning_rate", "loss", "metrics")
TRAIN_SETTINGS = ("epochs", "batch_size", "validation_split")


class _Checked(traitlets.TraitType):
    """A trait checked like a layer parameter: bad values raise a house-style ValueError."""

    def __init__(self, param: Param, **kwargs: Any):
        super().__init__(default_value=param.default, **kwargs)
        self.param = param

    def validate(self, obj: Any, value: Any) -> Any:
        return self.param.check(value)


class _Metrics(traitlets.TraitType):
    def make_dynamic_default(self) -> list:
        return []

    def validate(self, obj: Any, value: Any) -> list:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)) or any(m not in METRICS for m in value):
            raise bad_value("metrics", "a list drawn from " + ", ".join(map(repr, METRICS)),
                            value)
        return list(dict.fromkeys(value))


class _NumClasses(traitlets.TraitType):
    default_value = None

    def validate(self, obj: Any, value: Any) -> int | None:
        if value is None:
            return None
        if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 2:
            raise bad_value("num_classes", "an integer >= 2 (or None)", value)
        return int(value)


def _guarded(method):
    """Widget callbacks never raise into the notebook: errors go to the error area."""
    @functools.wraps(method)
    def run(self, *args, **kwargs):
        self._action_error = None
        try:
            return method(self, *args, **kwargs)
        except Exception as e:  # shown to the user, inline
            self._action_error = str(e) if isinstance(e, ValueError) else \
                f"Something went wrong: {type(e).__name__}: {e}"
            self._show()
    return run


def _input_shape(value: Any) -> tuple:
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = (value,)
    ok = isinstance(value, (tuple, list)) and len(value) > 0 and all(
        d is None or isinstance(d, numbers.Integral) and not isinstance(d, bool) and d > 0
        for d in value)
    if not ok:
        raise bad_value("input_shape", "a tuple of positive integers like (28, 28, 1) "
                        "(the shape of one sample, without the batch axis)", value)
    return tuple(None if d is None else int(d) for d in value)


def _data(value: Any) -> tuple | None:
    if value is None:
        return None
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise bad_value("data", "a pair (x, y) of arrays", type(value).__name__)
    return np.asarray(value[0]), np.asarray(value[1])


class ModelBuilder(widgets.VBox):
    """Build, check, train and export a Keras model without typing code.

    Layers are rows of a table you edit; a live table shows each layer's output
    shape and parameter count; mistakes get a plain-language message that points
    at the layer, and hints offer a one-click fix. The compile panel suggests a
    loss for the task, the Train button trains with a live plot, and "Show code"
    prints the Keras code of the model.

    Every widget action has a Python twin that runs the same code. Indices are
    0-based like Python lists; messages and the table number layers from 1
    ("Layer 3" is ``builder.spec[2]``). A value a twin cannot accept raises a
    ValueError naming the argument; a combination that does not work (a kernel
    larger than its input, a loss that does not fit the output) is kept and
    listed in `errors`. In both cases `model` and `code` keep the last valid
    model.

    Args:
        input_shape: Shape of one sample, without the batch axis, e.g.
            ``(28, 28, 1)``.
        task: "binary", "multiclass", "regression" or "auto" (guessed from
            ``num_classes``, else from the labels in ``data``).
        num_classes: Number of classes, for classification.
        layers: Starting layers: spec entries (``{"kind": "Dense", "units":
            64}``), kind names (``"Flatten"``) or Keras layers. None starts
            with a small stack that suits the input and the task.
        data: Training data ``(x, y)`` for the Train button and `fit`.

    Example:
        >>> builder = knb.ModelBuilder((28, 28, 1), num_classes=10)
        >>> builder.add("Dropout", index=-1, rate=0.3)  # before the output layer
        >>> builder.set(0, filters=8)
        >>> model = builder.model          # a fresh, compiled keras.Model
        >>> print(builder.code)            # code that defines the same `model`
        >>> history = builder.fit(x_train, y_train, epochs=2)
    """

    task = _Checked(Param("task", "choice", "regression", choices=TASKS),
                    help="What the model predicts: binary, multiclass or regression.")
    num_classes = _NumClasses(help="Number of classes (classification), or None.")
    optimizer = _Checked(Param("optimizer", "choice", "adam", choices=tuple(OPTIMIZERS)),
                         help="Optimizer name.")
    learning_rate = _Checked(Param("learning_rate", "float", 1e-3, low=0.0, open_low=True,
                                   high=10.0), help="Optimizer learning rate.")
    loss = _Checked(Param("loss", "choice", "mse", choices=LOSSES), help="Loss name.")
    metrics = _Metrics(help="Metric names given to compile.")
    epochs = _Checked(Param("epochs", "int", 5, low=1, high=100_000),
                      help="Epochs per Train click.")
    batch_size = _Checked(Param("batch_size", "int", 32, low=1), help="Batch size.")
    validation_split = _Checked(Param("validation_split", "float", 0.2, low=0.0, high=1.0,
                                      open_high=True),
                                help="Fraction of the data held out for validation.")
    errors = traitlets.List(traitlets.Unicode(), read_only=True,
                            help="Plain-language messages about the current state.")
    hints = traitlets.List(traitlets.Unicode(), read_only=True,
                           help="Suggestions; `fix_hints()` applies the fixable ones.")

    def __init__(self, input_shape: tuple, *, task: str = "auto", num_classes: int | None = None,
                 layers: list | None = None, data: tuple | None = None):
        shape = _input_shape(input_shape)
        data = _data(data)
        y = None if data is None else data[1]
        task, num_classes, note = resolve_task(task, num_classes, y)
        spec = (entries_from(default_stack(shape, task, num_classes)) if layers is None
                else entries_from(layers, name="layers"))
        super().__init__()
        self._ready = False
        self._input_shape, self._data, self._note = shape, data, note
        self._spec: list[dict] = spec
        self._cache: dict = SHARED_CACHE
        self._analysis = Analysis()
        self._valid_state: dict | None = None
        self._input_errors: dict[tuple, str] = {}
        self._action_error: str | None = None
        self._stop_event = threading.Event()
        self._thread: threading.Thread | None = None
        self.trained_model = None  # the model the last fit trained
        self.history = None  # and its History
        self.live_plot = None  # the LivePlot of the last fit, e.g. to .save() it
        self.task, self.num_classes = task, num_classes
        for name, value in suggested_compile(task, y).items():
            setattr(self, name, value)
        self._build_view()
        self._ready = True
        self._refresh()

    # ----------------------------------------------------------------- twins
    @property
    def input_shape(self) -> tuple:
        """Shape of one sample (no batch axis)."""
        return self._input_shape

    @property
    def spec(self) -> list[dict]:
        """The layers as a JSON-able list of ``{"kind": ..., **cfg}`` (a copy)."""
        return copy.deepcopy(self._spec)

    @spec.setter
    def spec(self, layers: list) -> None:
        self._spec = entries_from(layers, name="spec")
        self._refresh()

    def add(self, kind: str, *, index: int | None = None, **cfg: Any) -> None:
        """Add a layer of ``kind`` at the end, or before position ``index``.

        ``index`` works like `list.insert`: ``0`` adds a first layer, ``-1``
        adds before the last one (the output layer).

        Raises:
            ValueError: unknown kind, parameter or out-of-range value.
        """
        entry = normalize(kind, cfg)
        n = len(self._spec)
        if index is None:
            at = n
        elif (isinstance(index, numbers.Integral) and not isinstance(index, bool)
              and -n <= index <= n):
            at = int(index) if index >= 0 else n + int(index)
        else:
            raise bad_value("index", f"a position from {-n} to {n}", index)
        self._spec.insert(at, entry)
        self._refresh()

    def remove(self, i: int) -> None:
        """Remove the layer at index ``i``."""
        del self._spec[self._index("i", i)]
        self._refresh()

    def move(self, i: int, j: int) -> None:
        """Move the layer at index ``i`` to index ``j``."""
        i, j = self._index("i", i), self._index("j", j)
        self._spec.insert(j, self._spec.pop(i))
        self._refresh()

    def set(self, i: int, **cfg: Any) -> None:
        """Change parameters of layer ``i``; ``kind=...`` changes its kind.

        When the kind changes, parameters the new kind shares keep their values.
        """
        i = self._index("i", i)
        old = self._spec[i]
        cfg = dict(cfg)
        kind = cfg.pop("kind", old["kind"])
        if kind == old["kind"]:
            entry = normalize(kind, cfg, base=old)
        else:
            new = kind_of(kind)
            same_family = KINDS[old["kind"]].family == new.family
            carried = {}
            for p in new.params:
                if p.name in old and (same_family or p.name != "activation"):
                    with contextlib.suppress(ValueError):  # out of the new kind's range
                        carried[p.name] = p.check(old[p.name])
            entry = normalize(kind, {**carried, **cfg})
        self._spec[i] = entry
        self._refresh()

    def fix_hints(self) -> list[str]:
        """Apply every hint that carries a fix (e.g. insert Flatten); returns their messages."""
        applied: list[str] = []
        for _ in range(len(self._spec) + 5):
            fixable = [h for h in self._analysis.hints if h.fix is not None]
            if not fixable:
                break
            self._apply_fix(fixable[0].fix)
            applied.append(fixable[0].message)
        return applied

    @property
    def valid(self) -> bool:
        """True when the current layers and settings make a working model."""
        return not self._problems()

    @property
    def model(self):
        """A fresh, built and compiled `keras.Model` of the last valid state.

        Raises:
            ValueError: there has never been a valid state.
        """
        state = self._last_valid()
        import keras

        c = state["compile"]
        model = keras.Sequential(
            [keras.Input(shape=state["input_shape"], dtype=input_dtype(state["spec"])),
             *[make_layer(e) for e in state["spec"]]])
        optimizer = getattr(keras.optimizers, OPTIMIZERS[c["optimizer"]])
        model.compile(optimizer=optimizer(learning_rate=c["learning_rate"]), loss=c["loss"],
                      metrics=list(c["metrics"]))
        return model

    @property
    def code(self) -> str:
        """Runnable Python that defines ``model``: the last valid state, built and compiled."""
        state = self._last_valid()
        return model_code(state["input_shape"], state["spec"], state["compile"], state["train"])

    def fit(self, x: Any = None, y: Any = None, *, epochs: int | None = None,
            batch_size: int | None = None, validation_split: float | None = None,
            callbacks: list | None = None, live: bool = True, verbose: int = 0, **kwargs: Any):
        """Train a fresh `model` and return its `keras.callbacks.History`.

        Data defaults to ``data=(x, y)`` given to the builder; epochs, batch
        size and validation split to the train panel. The trained model is
        kept as `trained_model` (and ``history.model``).

        Args:
            x: Inputs, samples of shape `input_shape`.
            y: Labels or targets that fit the loss.
            epochs: Number of epochs.
            batch_size: Batch size.
            validation_split: Fraction of the data held out for validation.
            callbacks: More Keras callbacks.
            live: Draw a `kerasnb.LivePlot` while training.
            verbose: Keras' progress output (0: none).
            **kwargs: Passed on to `keras.Model.fit`.

        Raises:
            ValueError: no data, data that does not fit the model, or a model
                with errors.
        """
        self._stop_event.clear()
        return self._fit(x, y, epochs, batch_size, validation_split, callbacks, live, verbose,
                         kwargs)

    def stop(self) -> None:
        """Ask a running training to stop after the current batch (the Stop button)."""
        self._stop_event.set()

    @property
    def training(self) -> bool:
        """True while the Train button's training runs."""
        return self._thread is not None and self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the Train button's training to end; True when it has."""
        if self._thread is not None:
            self._thread.join(timeout)
        return not self.training

    def to_json(self, indent: int | None = 2) -> str:
        """The builder's state (layers as they are now, task, compile and train settings)."""
        return json.dumps(to_json_dict(self), indent=indent)

    @classmethod
    def from_json(cls, s: str, *, data: tuple | None = None) -> ModelBuilder:
        """A builder from `to_json` text."""
        args, settings = from_json_dict(s)
        builder = cls(**args, data=data)
        builder._apply_settings(settings)
        return builder

    @classmethod
    def from_model(cls, model: Any, *, data: tuple | None = None) -> ModelBuilder:
        """A builder from a `keras.Sequential` model made of supported layers.

        Raises:
            ValueError: not a built Sequential model, or a layer the builder
                cannot edit.
        """
        args, settings = from_model_args(model)
        builder = cls(**args, data=data)
        builder._apply_settings(settings)
        return builder

    def __repr__(self) -> str:
        trainable, frozen = self._analysis.params
        return (f"ModelBuilder(input_shape={self._input_shape}, task={self.task!r}, "
                f"layers={len(self._spec)}, params={trainable + frozen}, "
                f"errors={len(self.errors)})")

    # -------------------------------------------------------------- internals
    def _index(self, name: str, i: Any, n: int | None = None) -> int:
        n = len(self._spec) if n is None else n
        if n == 0:
            raise bad_value(name, "a layer index, but the model has no layers", i)
        if not isinstance(i, numbers.Integral) or isinstance(i, bool) or not -n <= i < n:
            raise bad_value(name, f"an index from 0 to {n - 1} (or negative, from the end)", i)
        return int(i) % n

    def _problems(self) -> list[str]:
        """What stops the current state from being a model (errors of past actions aside)."""
        return [*self._analysis.errors, *self._input_errors.values()]

    def _last_valid(self) -> dict:
        if self._valid_state is None:
            raise ValueError("The builder has not had a valid model yet: "
                             + " ".join(self.errors))
        return self._valid_state

    def _settings(self, names: tuple) -> dict:
        return {name: copy.copy(getattr(self, name)) for name in names}

    def _apply_settings(self, settings: dict) -> None:
        for name, value in settings.items():
            setattr(self, name, value)

    def _apply_fix(self, fix: tuple) -> None:
        action, i, cfg = fix
        if action == "insert":
            cfg = dict(cfg)
            self.add(cfg.pop("kind"), index=i, **cfg)
        else:
            self.set(i, **cfg)

    def _refresh(self) -> None:
        """Re-check the spec, remember it when valid, and update the widget."""
        if not self._ready:
            return
        a = analyze(self._input_shape, self._spec, loss=self.loss, num_classes=self.num_classes,
                    cache=self._cache)
        self._analysis = a
        if a.valid:
            self._valid_state = {"input_shape": self._input_shape, "spec": self.spec,
                                 "compile": self._settings(COMPILE_SETTINGS),
                                 "train": self._settings(TRAIN_SETTINGS)}
        self._sync_rows()
        self._show()

    @traitlets.observe("task")
    def _task_changed(self, change: dict) -> None:
        if not self._ready:
            return
        y = None if self._data is None else self._data[1]
        if change["new"] == "binary":
            self.num_classes = 2
        elif change["new"] == "regression":
            self.num_classes = None
        elif self.num_classes in (None, 2):
            self.num_classes = None if y is None else classes_in(y)
        for name, value in suggested_compile(change["new"], y).items():
            setattr(self, name, value)

    @traitlets.observe(*COMPILE_SETTINGS, *TRAIN_SETTINGS, "num_classes", "task")
    def _setting_changed(self, change: dict) -> None:
        if not self._ready:
            return
        self._show_control(change["name"])
        self._input_errors.pop(("setting", change["name"]), None)
        self._refresh()

    def _fit(self, x, y, epochs, batch_size, validation_split, callbacks, live, verbose, kwargs):
        from ._builder_train import StatusLine, StopFlag, check_data, live_plot

        if x is None and y is None:
            if self._data is None:
                raise ValueError("`x` and `y` are needed: no data was given to ModelBuilder("
                                 "data=(x, y)). Received: x=None, y=None")
            x, y = self._data
        elif x is None or y is None:
            raise ValueError("`x` and `y` must be given together. Received: "
                             f"x={'None' if x is None else '...'}, "
                             f"y={'None' if y is None else '...'}")
        if self._problems():
            raise ValueError("Fix the model before training: " + " ".join(self._problems()))
        cls = type(self)
        epochs = cls.epochs.param.check(self.epochs if epochs is None else epochs)
        batch_size = cls.batch_size.param.check(self.batch_size if batch_size is None
                                                else batch_size)
        validation_split = cls.validation_split.param.check(
            self.validation_split if validation_split is None else validation_split)
        x, y = check_data(x, y, self._input_shape, self.loss, self._analysis.output_shape)
        model = self.model
        stop = StopFlag(self._stop_event)
        more = [stop, StatusLine(self._status, epochs, stop)]
        plot = live_plot() if live else None
        if plot is not None:
            more.append(plot)
            self.live_plot = plot
        history = model.fit(x, y, epochs=epochs, batch_size=batch_size,
                            validation_split=validation_split,
                            callbacks=[*(callbacks or []), *more], verbose=verbose, **kwargs)
        self.trained_model, self.history = model, history
        return history

    # ------------------------------------------------------------------ view
    def _build_view(self) -> None:
        self.add_class("kerasnb-builder")
        self._title = widgets.HTML()
        self._rows = widgets.VBox()
        self._rows.add_class("kerasnb-builder-rows")
        self._add_kind = widgets.Dropdown(options=KIND_NAMES, value="Dense",
                                          description="new layer", style=view._STYLE,
                                          layout=widgets.Layout(width="280px"))
        self._add_kind.add_class("kerasnb-builder-addkind")
        self._add_button = view.button("Add layer", "kerasnb-builder-add", icon="plus")
        self._add_button.on_click(self._on_add)
        self._table = widgets.HTML()
        self._table.add_class("kerasnb-builder-table")
        self._errors_html = widgets.HTML()
        self._errors_html.add_class("kerasnb-builder-errors")
        self._hints_box = widgets.VBox()
        self._hints_box.add_class("kerasnb-builder-hints")
        self._shown_hints: list = []
        self._controls = self._make_controls()
        self._train_button = view.button("Train", "kerasnb-builder-train", icon="play",
                                         style="success")
        self._train_button.on_click(self._on_train)
        self._stop_button = view.button("Stop", "kerasnb-builder-stop", icon="stop",
                                        style="danger")
        self._stop_button.disabled = True
        self._stop_button.on_click(self._on_stop)
        self._status = widgets.HTML()
        self._status.add_class("kerasnb-builder-status")
        self._plot = widgets.Output()
        self._plot.add_class("kerasnb-builder-plot")
        self._code_button = view.button("Show code", "kerasnb-builder-showcode", icon="code")
        self._code_button.on_click(self._on_showcode)
        self._code_html = widgets.HTML(layout=widgets.Layout(display="none"))
        self._code_html.add_class("kerasnb-builder-code")
        c = self._controls
        compile_panel = widgets.HBox([widgets.HTML("<b>Compile</b>"), *(
            c[n] for n in ("task", *COMPILE_SETTINGS))], layout=view.wrap())
        compile_panel.add_class("kerasnb-builder-compile")
        train_panel = widgets.HBox([widgets.HTML("<b>Train</b>"),
                                    *(c[n] for n in TRAIN_SETTINGS), self._train_button,
                                    self._stop_button], layout=view.wrap())
        train_panel.add_class("kerasnb-builder-trainpanel")
        self.children = [self._title, self._rows,
                         widgets.HBox([self._add_kind, self._add_button]), self._table,
                         self._errors_html, self._hints_box, compile_panel, train_panel,
                         self._status, self._plot, self._code_button, self._code_html]

    def _make_controls(self) -> dict[str, widgets.Widget]:
        cls = type(self)
        controls: dict[str, widgets.Widget] = {}
        for name in ("task", "optimizer", "learning_rate", "loss", *TRAIN_SETTINGS):
            controls[name] = view.field(getattr(cls, name).param, getattr(self, name))
        controls["metrics"] = widgets.TagsInput(value=list(self.metrics), description="metrics",
                                                allowed_tags=list(METRICS),
                                                allow_duplicates=False, style=view._STYLE,
                                                layout=widgets.Layout(width="300px"))
        for name, w in controls.items():
            w.add_class(f"kerasnb-builder-{name.replace('_', '')}")
            w.observe(lambda c, name=name: self._on_control(name, c["new"]), names="value")
        self._quiet_controls = False
        return controls

    def _show_control(self, name: str) -> None:
        w = self._controls.get(name)
        value = getattr(self, name)
        if w is not None and w.value != value:
            self._quiet_controls = True
            try:
                w.value = list(value) if name == "metrics" else value
            finally:
                self._quiet_controls = False

    def _sync_rows(self) -> None:
        old = list(self._rows.children)
        rows = []
        for i, entry in enumerate(self._spec):
            row = old[i] if i < len(old) else None
            bad = self._analysis.rows[i].error is not None if i < len(self._analysis.rows) \
                else False
            if row is None or row.kind != entry["kind"]:
                if row is not None:
                    self._forget_row(row)
                row = view.LayerRow(entry, i, self._on_field, self._on_action)
            for name in row.show(entry, i, error=bad):
                self._input_errors.pop((id(row), name), None)
            rows.append(row)
        for row in old[len(rows):]:
            self._forget_row(row)
        if rows != old:
            self._rows.children = rows

    def _forget_row(self, row: view.LayerRow) -> None:
        for key in [k for k in self._input_errors if k[0] == id(row)]:
            del self._input_errors[key]
        row.close_all()

    def _show(self) -> None:
        if not self._ready:
            return
        a = self._analysis
        errors = self._problems()
        if self._action_error:
            errors.append(self._action_error)
        self.set_trait("errors", errors)
        hints = [*(h.message for h in a.hints), *([self._note] if self._note else [])]
        self.set_trait("hints", hints)
        detail = f" ({self.num_classes} classes)" if self.task == "multiclass" and \
            self.num_classes else ""
        self._title.value = (f"<b>Model builder</b> &middot; input shape "
                             f"{fmt_shape(self._input_shape)} &middot; task: {self.task}{detail}")
        self._table.value = view.table_html(self._input_shape, self._spec, a)
        self._errors_html.value = view.errors_html(errors)
        shown = [(h.message, h.label) for h in a.hints]
        if shown != self._shown_hints:
            self._shown_hints = shown
            for box in self._hints_box.children:
                box.close()
            boxes = [view.hint_box(h.message, h.label,
                                   None if h.fix is None else functools.partial(
                                       self._on_fix, h.fix)) for h in a.hints]
            if self._note:
                boxes.append(view.hint_box(self._note, None, None))
            self._hints_box.children = boxes
        if self._code_html.layout.display != "none":
            self._code_html.value = self._code_view()

    def _code_view(self) -> str:
        if self._valid_state is None:
            return view.errors_html(["No valid model yet: fix the errors above."])
        note = "" if self._analysis.valid else (
            "<i>The builder has errors; this is the code of the last valid model.</i>")
        return note + view.code_html(self.code)

    # ------------------------------------------------------------- callbacks
    @_guarded
    def _on_field(self, row: view.LayerRow, name: str, value: Any) -> None:
        key = (id(row), name)
        self._input_errors.pop(key, None)
        try:
            self.set(row.index, **{name: value})
        except ValueError as e:
            self._input_errors[key] = f"Layer {row.index + 1} ({row.kind}): {e}"
            self._show()

    @_guarded
    def _on_action(self, row: view.LayerRow, action: str) -> None:
        i, n = row.index, len(self._spec)
        if action == "remove":
            self.remove(i)
        elif action == "up" and i > 0:
            self.move(i, i - 1)
        elif action == "down" and i < n - 1:
            self.move(i, i + 1)
        else:
            self._show()

    @_guarded
    def _on_add(self, _: Any = None) -> None:
        self.add(self._add_kind.value)

    @_guarded
    def _on_fix(self, fix: tuple) -> None:
        self._apply_fix(fix)

    @_guarded
    def _on_control(self, name: str, value: Any) -> None:
        if self._quiet_controls:
            return
        key = ("setting", name)
        self._input_errors.pop(key, None)
        try:
            setattr(self, name, value)
            self._show()
        except ValueError as e:
            self._input_errors[key] = str(e)
            self._show()

    @_guarded
    def _on_showcode(self, _: Any = None) -> None:
        hidden = self._code_html.layout.display == "none"
        self._code_html.layout.display = None if hidden else "none"
        self._code_button.description = "Hide code" if hidden else "Show code"
        self._show()

    @_guarded
    def _on_stop(self, _: Any = None) -> None:
        self.stop()

    @_guarded
    def _on_train(self, _: Any = None) -> None:
        if self.training:
            return
        self._stop_event.clear()
        self._train_button.disabled, self._stop_button.disabled = True, False
        self._plot.clear_output()
        self._status.value = "Starting ..."
        context = contextvars.copy_context()  # output from the thread lands in this widget
        self._thread = threading.Thread(target=context.run, args=(self._train_job,),
                                        name="kerasnb-builder-train", daemon=True)
        self._thread.start()

    @_guarded
    def _train_job(self) -> None:
        try:
            with self._plot:
                self._fit(None, None, None, None, None, None, True, 0, {})
        except Exception:
            self._status.value = "Training did not run."
            raise
        finally:
            self._train_button.disabled, self._stop_button.disabled = False, True
