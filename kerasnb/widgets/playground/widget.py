"""``knb.Playground``: TensorFlow Playground inside the notebook, on a real Keras model.

How play keeps the notebook alive: ``play()`` runs a `SliceRunner` on the
kernel's own event loop (ipykernel runs one; cells and widget messages are
handled on it). Each slice trains for about a tenth of a second and redraws the
views, then the runner hands the loop back, so button clicks, slider moves and
new cells are processed between slices. On one thread there is nothing to lock:
a twin always runs between two slices, and ``pause()`` stops the runner at its
next slice boundary. Outside a running loop (scripts, tests) ``step(n)`` trains
synchronously and ``play()`` explains that.

The widget tree lives in `layout` and knows the playground only through its
public twins; the pictures are drawn by `views`; the state is JSON (`share`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np

from ... import _env
from ..._validate import bad_value, check_positive_int
from .._guard import error_text
from .._slices import SLICE_SECONDS, SliceRunner
from . import config
from .compat import OldNames, once_positional
from .engine import Engine
from .history import PlaygroundHistory, history_of
from .layout import PlaygroundLayout, close_tree
from .network import NetworkTwins
from .state import StateTwins
from .views import Views

_NEW_DATA = {"dataset", "noise", "train_ratio", "seed"}
_NEW_MODEL = {"features", "hidden", "activation", "layer_activations"}
_SAME_WEIGHTS = {"regularization", "reg_rate", "dropout"}
# the old positional order of the constructor's arguments after `dataset`
_OLD_ORDER = ("features", "hidden", "activation", "learning_rate", "regularization",
              "reg_rate", "noise", "train_ratio", "batch_size", "hide")


class _Setting:
    """``p.noise`` reads a setting; ``p.noise = 0.2`` is ``p.set(noise=0.2)``."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return obj._settings[self.name]

    def __set__(self, obj: Any, value: Any) -> None:
        obj.set(**{self.name: value})


class Playground(StateTwins, NetworkTwins, OldNames, widgets.VBox):
    """TensorFlow Playground on a real ``keras.Sequential``, with a Python twin for every control.

    Pick a 2-D data set and input features, shape the network, press play and
    watch the decision map, a small map per neuron, the weights and the loss
    curves change. Beyond Playground: any number of layers and neurons, an
    activation per layer, dropout, the Keras code of the network (``code``),
    and a configuration a teacher can share (``to_json()``, ``share()``) with
    some controls hidden (``hide``). Every argument after ``dataset`` is
    keyword-only.

    Args:
        dataset: classification ``"circles"``, ``"xor"``, ``"gaussian"``,
            ``"spiral"``; regression ``"plane"``, ``"multi_gaussian"``.
        features: input features from ``"x1"``, ``"x2"``, ``"x1_sq"``,
            ``"x2_sq"``, ``"x1x2"``, ``"sin_x1"``, ``"sin_x2"`` (``sin_x1`` is
            sin(π·x1): the points lie in about [-1, 1]).
        hidden: neurons per hidden layer; ``()`` for none. Up to 8 hidden
            layers of up to 32 neurons: the playground draws every neuron
            and weight on each redraw.
        activation: of the hidden layers: ``"tanh"``, ``"relu"``,
            ``"sigmoid"``, ``"linear"``, ``"elu"``, ``"gelu"``, ``"silu"``,
            ``"leaky_relu"``.
        learning_rate: of the SGD optimizer.
        regularization: ``None``, ``"l1"`` or ``"l2"`` on every kernel.
        reg_rate: the regularization factor.
        noise: noise of the data, 0 to 0.5.
        train_ratio: share of the 500 points used for training; the rest test.
        batch_size: points per gradient step.
        hide: control groups to hide: ``"play"`` (play, pause, step, reset,
            epoch), ``"learning_rate"``, ``"activation"`` (network and per
            layer), ``"regularization"`` (kind and rate), ``"dropout"``,
            ``"dataset"``, ``"train_ratio"``, ``"noise"``, ``"batch_size"``,
            ``"regenerate"``, ``"features"``, ``"layers"`` (add or remove
            layers and neurons), ``"loss"`` (loss numbers and curves),
            ``"show_test"``, ``"code"``, ``"share"`` (share and load).
        dropout: dropout rate after every hidden layer, in [0, 1).
        layer_activations: per hidden layer an activation, or None for
            ``activation``.
        show_test: draw the test points on the map too.
        seed: seeds the data, the initial weights and the batch order.
        interactive: ``True`` shows the live widget, ``False`` a static
            picture of its views (text/plain and HTML); ``None`` picks the
            widget where widgets render (JupyterLab, Notebook 7, VS Code).

    Raises:
        ValueError: a bad argument, named in the message.

    Example:
        >>> p = knb.Playground("spiral", features=("x1", "x2", "sin_x1", "sin_x2"),
        ...                    hidden=(8, 8, 4))
        >>> p.step(200)
        >>> p.test_loss < 0.5, p.history["val_loss"][-1] == p.test_loss
        (True, True)
        >>> p          # the widget: press play
    """

    dataset = _Setting()
    features = _Setting()
    hidden = _Setting()
    activation = _Setting()
    layer_activations = _Setting()
    learning_rate = _Setting()
    regularization = _Setting()
    reg_rate = _Setting()
    dropout = _Setting()
    noise = _Setting()
    train_ratio = _Setting()
    batch_size = _Setting()
    seed = _Setting()
    show_test = _Setting()
    hide = _Setting()

    @once_positional(*_OLD_ORDER, frontend=True)
    def __init__(self, dataset: str = "circles", *, features: Sequence[str] = ("x1", "x2"),
                 hidden: Sequence[int] = (4, 2), activation: str = "tanh",
                 learning_rate: float = 0.03, regularization: str | None = None,
                 reg_rate: float = 0.0, noise: float = 0.0, train_ratio: float = 0.5,
                 batch_size: int = 10, hide: Sequence[str] = (), dropout: float = 0.0,
                 layer_activations: Sequence[str | None] | None = None,
                 show_test: bool = False, seed: int = 0,
                 interactive: bool | None = None) -> None:
        settings = config.check_settings(config.DEFAULTS, {
            "dataset": dataset, "features": features, "hidden": hidden,
            "activation": activation, "layer_activations": layer_activations,
            "learning_rate": learning_rate, "regularization": regularization,
            "reg_rate": reg_rate, "noise": noise, "train_ratio": train_ratio,
            "batch_size": batch_size, "hide": hide, "dropout": dropout,
            "show_test": show_test, "seed": seed})
        if interactive is not None and not isinstance(interactive, (bool, np.bool_)):
            raise bad_value("interactive", "True, False or None", interactive)
        super().__init__()
        self._settings = settings
        self._interactive = _env.widgets_render() if interactive is None else bool(interactive)
        self.errors: list[str] = []
        self._runner = SliceRunner(self._play_slice, self._play_ended)
        self._seen = False
        self._views = Views()
        self._engine = Engine(settings)
        self._ui = PlaygroundLayout(self, self._show_error)
        self.children = self._ui.children
        self.add_class("kerasnb-playground")
        self._view_count = 0  # the front end counts the views shown (see `_play_slice`)
        self._ui.sync(settings, playing=False)
        self.refresh()

    # --- reading ---

    @property
    def model(self) -> Any:
        """The ``keras.Sequential`` being trained (compiled; ``fit`` and ``evaluate`` work)."""
        return self._engine.model

    @property
    def epoch(self) -> int:
        """Epochs trained since the network was last reset."""
        return self._engine.epoch

    @property
    def train_loss(self) -> float:
        """Loss on the training points after the last epoch (no regularization term)."""
        return self._engine.history["train_loss"][-1]

    @property
    def test_loss(self) -> float:
        """Loss on the test points after the last epoch (``history["val_loss"][-1]``)."""
        return self._engine.history["test_loss"][-1]

    @property
    def history(self) -> PlaygroundHistory:
        """The losses per epoch since the last reset, as a `kerasnb.History`.

        ``loss`` on the training points, ``val_loss`` on the test points (the
        points the network does not train on, as Keras' ``validation_data``).
        Epoch 0 is the untrained network. The old keys ``train_loss`` and
        ``test_loss`` still read, with a DeprecationWarning.
        """
        return history_of(self._engine.history)

    @property
    def code(self) -> str:
        """Runnable Keras code: the same data, network, optimizer and epochs trained so far."""
        return config.keras_code(self._settings, self.epoch or 100)

    @property
    def playing(self) -> bool:
        return self._runner.running

    # --- the twins ---

    def set(self, **settings: Any) -> None:
        """Change settings by name (the constructor's arguments), like the controls do.

        Data settings regenerate the points and reset the network; the
        architecture, features and activations reset it too; regularization
        and dropout rebuild it keeping the weights; learning rate and batch
        size apply from the next batch.

        Raises:
            ValueError: an unknown name or a bad value; nothing changes then.
        """
        old = self._settings
        new = config.check_settings(old, settings)
        changed = {k for k in new if new[k] != old[k]}
        self._settings = new
        engine = self._engine
        engine.settings = new
        if changed & _NEW_DATA:
            engine.new_data()
            engine.new_model()
        elif changed & _NEW_MODEL:
            if "features" in changed:
                engine.new_features()
            engine.new_model()
        elif changed & _SAME_WEIGHTS:
            engine.new_model(keep_weights=True)
        elif "learning_rate" in changed:
            engine.set_learning_rate(new["learning_rate"])
        self._ui.sync(new, self.playing)
        self.refresh()

    def step(self, n: int = 1) -> None:
        """Train ``n`` epochs now, then redraw the views."""
        self._engine.train(check_positive_int("n", n))
        self.refresh()

    def reset(self) -> None:
        """Pause, draw fresh initial weights and start again from epoch 0."""
        self.pause()
        self._engine.new_model()
        self.refresh()

    def regenerate(self, seed: int | None = None) -> None:
        """New data points (the next seed, or ``seed``); resets the network."""
        self.set(seed=self._settings["seed"] + 1 if seed is None else seed)

    # --- play and pause ---

    def play(self) -> None:
        """Keep training in small slices on the running event loop until ``pause()``.

        Raises:
            RuntimeError: no event loop is running (a script): use ``step(n)``.
        """
        if self.playing:
            return
        if not SliceRunner.loop_running():
            raise RuntimeError("`play()` needs a running event loop, as in a Jupyter kernel. "
                               "In a script, train with `step(n)`.")
        self._seen = False
        self._runner.start()
        self._ui.sync(self._settings, playing=True)

    def pause(self) -> None:
        """Stop playing; training stops before the next slice starts."""
        self._runner.stop()
        self._ui.sync(self._settings, playing=False)

    def _play_slice(self) -> bool:
        """One slice of play: about `SLICE_SECONDS` of epochs, then a redraw."""
        # A playground whose every view was removed (its cell re-run or cleared) stops,
        # instead of training unseen until the kernel restarts.
        views = self._view_count or 0
        self._seen = self._seen or views > 0
        if self._seen and views == 0:
            return False
        start = time.perf_counter()
        self._engine.train(1)
        while time.perf_counter() - start < SLICE_SECONDS:
            self._engine.train(1)
        self.refresh()
        return True

    def _play_ended(self, error: BaseException | None) -> None:
        if error is not None:  # shown in the widget, and playing stops
            self._show_error(error_text(error))
        self._ui.sync(self._settings, playing=False)

    def close(self) -> None:
        """Stop playing and close the widget and its controls."""
        if "_ui" in self.__dict__:  # fully built: close() also runs from __del__
            self.pause()
            for child in self.children:
                close_tree(child)
            self.layout.close()
        super().close()

    # --- showing ---

    def _show_error(self, text: str | None) -> None:
        """What `widgets._guard` calls: show a control's failure (None clears it)."""
        self.errors = [] if text is None else [text]
        self._ui.show_error(text or "")
        if text is not None:  # the controls snap back to the real settings
            self._ui.sync(self._settings, self.playing)

    def refresh(self) -> None:
        """Redraw every view from the current model (one forward pass over the grid)."""
        self._views.draw(self._engine, self._settings, self._ui, self.code)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        if self._interactive:
            return super()._repr_mimebundle_(**kwargs)
        return {"text/plain": repr(self), "text/html": self._snapshot_html()}

    @property
    def _ipython_display_(self) -> Any:
        """Where widgets render: show the widget with a snapshot for the saved notebook.

        None elsewhere, so IPython shows `_repr_mimebundle_` (the static picture).
        """
        if not self._interactive:
            return None
        from .._snapshots import show_playground

        return lambda: show_playground(self)

    def _snapshot_html(self) -> str:
        """A static picture of the views, for front ends where widgets do not render."""
        return self._views.snapshot_html(self._settings["dataset"], self.epoch)

    def __repr__(self) -> str:
        s = self._settings
        loss = ", ".join(f"{k}={v:.4f}" if math.isfinite(v) else f"{k}={v}"
                         for k, v in (("train_loss", self.train_loss),
                                      ("test_loss", self.test_loss)))
        return (f"Playground(dataset={s['dataset']!r}, features={s['features']!r}, "
                f"hidden={s['hidden']!r}, epoch={self.epoch}, {loss})")
