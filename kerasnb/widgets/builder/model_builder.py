"""`ModelBuilder`: build, check, train and export a Keras model from a widget.

The model lives in a plain-Python spec (a JSON-able list of ``{"kind": ...,
**cfg}``, each entry optionally naming its ``inputs``, so branches and skip
connections are expressible); the widget is a thin `VBox` whose buttons and
fields call the same Python twins a script calls (`add`, `remove`, `move`,
`set`, `connect`, `disconnect`, `fit`, ...).
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import traitlets

from ..._deprecated import renamed_args, warn_renamed
from .check import SHARED_CACHE, Analysis, analyze
from .code import build_model, model_code
from .edit import BuilderEdits
from .layers import Param, normalize
from .state import entries_from, from_json_dict, from_model_args, to_json_dict
from .task import (
    LOSSES,
    OPTIMIZERS,
    TASKS,
    classes_in,
    default_stack,
    resolve_task,
    suggested_compile,
)
from .training import BuilderTraining
from .traits import Checked, Metrics, NumClasses, check_data_pair, check_input_shape
from .widget import COMPILE_SETTINGS, TRAIN_SETTINGS, BuilderWidget

if TYPE_CHECKING:  # pragma: no cover - annotations only; Keras loads on first use
    import keras


def _was_positional(*names: str) -> Any:
    """Decorator: arguments now keyword-only still work positionally, with a warning."""
    def decorate(method: Any) -> Any:
        @functools.wraps(method)
        def run(self: Any, *args: Any, **kwargs: Any) -> Any:
            if len(args) > len(names):
                raise TypeError(f"{method.__name__}() takes no more than {len(names)} "
                                f"positional arguments")
            for name, value in zip(names, args, strict=False):
                warn_renamed(f"{method.__name__}({value!r}) (positional `{name}`)",
                             f"{method.__name__}({name}={value!r})")
                kwargs[name] = value
            return method(self, **kwargs)
        return run
    return decorate


class ModelBuilder(BuilderEdits, BuilderTraining, BuilderWidget, widgets.VBox):
    """Build, check, train and export a Keras model without typing code.

    Layers are rows of a table you edit; a live table shows each layer's output
    shape and parameter count; mistakes get a plain-language message that points
    at the layer, and hints offer a one-click fix. The compile panel suggests a
    loss for the task, the Train button trains with a live plot, and "Show code"
    prints the Keras code of the model.

    Every widget action has a Python twin that runs the same code. Indices are
    0-based like Python lists; messages and the table number layers from 1
    ("Layer 3" is ``builder.spec[2]``).

    Each layer takes the one before it, unless its ``inputs`` say otherwise:
    ``add("Add", inputs=[2, 5])`` adds a skip connection, ``"input"`` names the
    model's input, a kind "Input" entry adds another input, and every layer no
    other layer takes is an output. A chain exports as ``keras.Sequential``
    code, any other graph as functional-API code. Every built-in
    ``keras.layers`` class can be added; custom layers cannot. A value a twin cannot accept raises a
    ValueError naming the argument; a combination that does not work (a kernel
    larger than its input, a loss that does not fit the output) is kept and
    listed in `errors`. In both cases `model` and `code` keep the last valid
    model.

    `code` is complete, runnable Python (imports, ``keras.Input``, the layers,
    ``compile``) that defines one variable, ``model``: ``exec(builder.code)``
    rebuilds the same architecture as `model`.

    Settings (``task``, ``optimizer``, ``learning_rate``, ``loss``, ``metrics``,
    ``epochs``, ``batch_size``, ``validation_split``) are traits, shared with
    the compile and train panels; `errors` and `hints` are read-only traits.
    The Train button (twin: `train`) trains in short slices on the kernel's
    event loop, so the notebook stays usable and Stop ends it at the next
    slice; `fit` trains synchronously with ``model.fit`` for scripts. After
    either, ``trained_model``, ``history`` (a `kerasnb.History`) and
    ``live_plot`` hold the last run. `to_json` / `from_json` carry the state as
    text, `from_model` opens an existing Keras model.

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
        >>> builder.add("Dropout", rate=0.3)    # goes before the output layer
        >>> builder.set(0, filters=8)
        >>> model = builder.model          # a fresh, compiled keras.Model
        >>> print(builder.code)            # code that defines the same `model`
        >>> history = builder.fit(x_train, y_train, epochs=2)
    """

    task = Checked(Param("task", "choice", "regression", choices=TASKS),
                   help="What the model predicts: binary, multiclass or regression.")
    num_classes = NumClasses(help="Number of classes (classification), or None.")
    optimizer = Checked(Param("optimizer", "choice", "adam", choices=tuple(OPTIMIZERS)),
                        help="Optimizer name.")
    learning_rate = Checked(Param("learning_rate", "float", 1e-3, low=0.0, open_low=True,
                                  high=10.0), help="Optimizer learning rate.")
    loss = Checked(Param("loss", "choice", "mse", choices=LOSSES), help="Loss name.")
    metrics = Metrics(help="Metric names given to compile.")
    epochs = Checked(Param("epochs", "int", 5, low=1, high=100_000),
                     help="Epochs per Train click.")
    batch_size = Checked(Param("batch_size", "int", 32, low=1), help="Batch size.")
    validation_split = Checked(Param("validation_split", "float", 0.2, low=0.0, high=1.0,
                                     open_high=True),
                               help="Fraction of the data held out for validation.")
    errors = traitlets.List(traitlets.Unicode(), read_only=True,
                            help="Plain-language messages about the current state.")
    hints = traitlets.List(traitlets.Unicode(), read_only=True,
                           help="Suggestions; `fix_hints()` applies the fixable ones.")

    def __init__(self, input_shape: tuple, *, task: str = "auto", num_classes: int | None = None,
                 layers: list | None = None, data: tuple | None = None) -> None:
        shape = check_input_shape(input_shape)
        data = check_data_pair(data)
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
        self._init_training()
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
    def data(self) -> tuple | None:
        """The ``(x, y)`` given as ``data=``, which the Train button trains on (or None)."""
        return self._data

    @property
    def entries(self) -> tuple[Mapping[str, Any], ...]:
        """The layers as they are now, read-only and not copied (`spec` is the editable copy)."""
        return tuple(MappingProxyType(e) for e in self._spec)

    @property
    def analysis(self) -> Analysis:
        """The last check of the layers: per-layer shapes and weights, errors, hints, outputs."""
        return self._analysis

    @property
    def note(self) -> str | None:
        """How the task was guessed when ``task="auto"`` (None when it was given)."""
        return self._note

    @property
    def last_valid(self) -> dict | None:
        """The last valid state (``input_shape``, ``spec``, ``compile``, ``train``), or None."""
        return self._valid_state

    @property
    def spec(self) -> list[dict]:
        """The layers as a JSON-able list of ``{"kind": ..., **cfg}`` (a copy)."""
        return copy.deepcopy(self._spec)

    @spec.setter
    def spec(self, layers: list) -> None:
        self._spec = entries_from(layers, name="spec")
        self._refresh()

    def fix_hints(self) -> list[str]:
        """Apply every hint that carries a fix (e.g. insert Flatten); returns their messages."""
        applied: list[str] = []
        for _ in range(len(self._spec) + 5):
            fixable = [h for h in self._analysis.hints if h.fix is not None]
            if not fixable:
                break
            self.apply_fix(fixable[0].fix)
            applied.append(fixable[0].message)
        return applied

    def apply_fix(self, fix: tuple) -> None:
        """Apply the fix of one hint (``analysis.hints[k].fix``), e.g. insert a Flatten."""
        action, i, cfg = fix
        if action == "insert":
            cfg = dict(cfg)
            self._splice(i, normalize(cfg.pop("kind"), cfg))
            self._refresh()
        else:
            self.set(i, **cfg)

    @property
    def valid(self) -> bool:
        """True when the current layers and settings make a working model."""
        return not self._analysis.errors and not self._view_problems()

    @property
    def model(self) -> keras.Model:
        """A fresh, built and compiled `keras.Model` of the last valid state.

        Raises:
            ValueError: there has never been a valid state.
        """
        state = self._last_valid()
        import keras

        c = state["compile"]
        model = build_model(state["input_shape"], state["spec"])
        optimizer = getattr(keras.optimizers, OPTIMIZERS[c["optimizer"]])
        model.compile(optimizer=optimizer(learning_rate=c["learning_rate"]), loss=c["loss"],
                      metrics=list(c["metrics"]))
        return model

    @property
    def code(self) -> str:
        """Runnable Python that defines ``model``: the last valid state, built and compiled."""
        state = self._last_valid()
        return model_code(state["input_shape"], state["spec"], state["compile"], state["train"])

    @_was_positional("indent")
    def to_json(self, *, indent: int | None = 2) -> str:
        """The builder's state (layers as they are now, task, compile and train settings)."""
        return json.dumps(to_json_dict(self), indent=indent)

    @classmethod
    @renamed_args(s="text")
    def from_json(cls, text: str, *, data: tuple | None = None) -> ModelBuilder:
        """A builder from `to_json` text.

        Raises:
            ValueError: not `to_json` text, too big or too deep, or a value a twin
                would refuse (the message names it).
        """
        args, settings = from_json_dict(text)
        builder = cls(**args, data=data)
        builder._apply_settings(settings)
        return builder

    @classmethod
    def from_model(cls, model: keras.Model, *, data: tuple | None = None) -> ModelBuilder:
        """A builder from a built Sequential or functional model of built-in layers.

        Nested models are opened up: their layers join the graph. Compile
        settings the builder knows are read too. ``exec(builder.code)`` then
        rebuilds the same architecture.

        Raises:
            ValueError: not a built Sequential or functional model, or naming
                what the builder cannot rebuild (a custom layer, a raw
                ``keras.ops`` call, a layer shared by two calls).
        """
        args, settings = from_model_args(model)
        builder = cls(**args, data=data)
        builder._apply_settings(settings)
        return builder

    def _ipython_display_(self) -> None:
        from .._snapshots import show_builder  # the widget, and its picture for saved notebooks

        show_builder(self)

    def __repr__(self) -> str:
        trainable, frozen = self._analysis.params
        return (f"ModelBuilder(input_shape={self._input_shape}, task={self.task!r}, "
                f"layers={len(self._spec)}, params={trainable + frozen}, "
                f"errors={len(self.errors)})")

    # -------------------------------------------------------------- internals
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

    def _refresh(self) -> None:
        """Re-check the spec, remember it when valid, and update the widget."""
        if not self._ready:
            return
        a = analyze(self._input_shape, self._spec, loss=self.loss, num_classes=self.num_classes,
                    cache=self._cache)
        self._analysis = a
        if a.valid:
            # Entries are replaced, never changed inside, by every edit: a copy per entry
            # is a snapshot (and far cheaper than a deep copy on a 200-layer model).
            self._valid_state = {"input_shape": self._input_shape,
                                 "spec": [dict(e) for e in self._spec],
                                 "compile": self._settings(COMPILE_SETTINGS),
                                 "train": self._settings(TRAIN_SETTINGS)}
        self._view_refresh()

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
        self._view_setting(change["name"])
        self._refresh()
