"""``knb.Playground``: TensorFlow Playground inside the notebook, on a real Keras model.

How play keeps the notebook alive: ``play()`` starts an asyncio task on the
kernel's own event loop (ipykernel runs one; cells and widget messages are
handled on it). The task trains for about a tenth of a second, redraws the
views, then awaits a short ``asyncio.sleep``, which hands the loop back so button
clicks, slider moves and new cells are processed between slices. A background
thread was the other option; it would let a button change the model while an
epoch runs, so every twin would need a lock, and widget updates from a thread
race the kernel's own messages. On one thread there is nothing to lock: a
twin always runs between two slices, and ``pause()`` cancels the task at its
next ``await``, within one slice. Outside a running loop (scripts, tests)
``step(n)`` trains synchronously and ``play()`` explains that.
"""

from __future__ import annotations

import asyncio
import html
import math
import time
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from .. import _env
from .._validate import bad_value, check_choice, check_int, check_positive_int, is_int
from . import _playground_config as config
from . import _playground_render as render
from . import _playground_share as sharing
from ._playground_engine import Engine, feature_columns, grid_points
from ._playground_layout import PlaygroundLayout, close_tree

_NEW_DATA = {"dataset", "noise", "train_ratio", "seed"}
_NEW_MODEL = {"features", "hidden", "activation", "layer_activations"}
_SAME_WEIGHTS = {"regularization", "reg_rate", "dropout"}
_SLICE_SECONDS = 0.1  # training time between two redraws while playing
# Hand the loop back between slices. Measured in ipykernel 7 while playing: with sleep(0)
# a new cell waited about 0.5 s to run, with a 1 ms sleep about one slice (0.1 s).
_YIELD_SECONDS = 0.001


class _Setting:
    """``p.noise`` reads a setting; ``p.noise = 0.2`` is ``p.set(noise=0.2)``."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return obj._settings[self.name]

    def __set__(self, obj, value):
        obj.set(**{self.name: value})


class Playground(widgets.VBox):
    """TensorFlow Playground on a real ``keras.Sequential``, with a Python twin for every control.

    Pick a 2-D data set and input features, shape the network, press play and
    watch the decision map, a small map per neuron, the weights and the loss
    curves change. Beyond Playground: any number of layers and neurons, an
    activation per layer, dropout, the Keras code of the network (``code``),
    and a configuration a teacher can share (``state``, ``share()``) with some
    controls hidden (``hide``).

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
        frontend: overrides the detected front end (see ``kerasnb._env``);
            where widgets do not render the playground shows a static picture.

    Raises:
        ValueError: a bad argument, named in the message.

    Example:
        >>> p = knb.Playground("spiral", features=("x1", "x2", "sin_x1", "sin_x2"),
        ...                    hidden=(8, 8, 4))
        >>> p.step(200)
        >>> p.test_loss < 0.5
        True
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

    def __init__(self, dataset: str = "circles", features: Sequence[str] = ("x1", "x2"),
                 hidden: Sequence[int] = (4, 2), activation: str = "tanh",
                 learning_rate: float = 0.03, regularization: str | None = None,
                 reg_rate: float = 0.0, noise: float = 0.0, train_ratio: float = 0.5,
                 batch_size: int = 10, hide: Sequence[str] = (), *, dropout: float = 0.0,
                 layer_activations: Sequence[str | None] | None = None,
                 show_test: bool = False, seed: int = 0, frontend: str | None = None):
        settings = config.check_settings(config.DEFAULTS, {
            "dataset": dataset, "features": features, "hidden": hidden,
            "activation": activation, "layer_activations": layer_activations,
            "learning_rate": learning_rate, "regularization": regularization,
            "reg_rate": reg_rate, "noise": noise, "train_ratio": train_ratio,
            "batch_size": batch_size, "hide": hide, "dropout": dropout,
            "show_test": show_test, "seed": seed})
        if frontend is not None:
            check_choice("frontend", frontend, _env.FRONTENDS)
        super().__init__()
        self._settings = settings
        self._front = frontend or _env.frontend()
        self._task: asyncio.Task | None = None
        self._error = ""
        self._frames = 0
        self._views: dict[str, Any] = {}
        self._feature_thumbs: dict[str, str] = {}
        self._engine = Engine(settings)
        self._ui = PlaygroundLayout(self)
        self.children = self._ui.children
        self.add_class("kerasnb-playground")
        self._view_count = 0  # the front end counts the views shown (see `_run`)
        self._ui.sync(settings, playing=False)
        self.refresh()

    @classmethod
    def from_state(cls, state: dict[str, Any] | str, **kwargs: Any) -> Playground:
        """A playground from ``p.state`` (a dict or its JSON text) or ``p.share()`` (a string).

        Args:
            state: the dict, its JSON text or the share string. Share strings
                over ``kerasnb.get_limits()["share_chars"]`` characters and
                JSON over the ``json_bytes`` and ``json_depth`` limits are
                refused before they are read.
            **kwargs: other constructor arguments, e.g. ``frontend``; they win
                over the same settings in ``state``.

        Raises:
            ValueError: ``state`` is none of these, or holds a bad value.
        """
        return cls(**(sharing.from_state(state) | kwargs))

    # --- reading ---

    @property
    def model(self):
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
        """Loss on the test points after the last epoch."""
        return self._engine.history["test_loss"][-1]

    @property
    def history(self) -> dict[str, list[float]]:
        """``{"epoch": [...], "train_loss": [...], "test_loss": [...]}`` since the last reset."""
        return {k: list(v) for k, v in self._engine.history.items()}

    @property
    def code(self) -> str:
        """Runnable Keras code: the same data, network, optimizer and epochs trained so far."""
        return config.keras_code(self._settings, self.epoch or 100)

    @property
    def state(self) -> dict[str, Any]:
        """The whole configuration as a JSON-able dict (weights not included)."""
        return sharing.to_state(self._settings)

    def share(self) -> str:
        """The configuration as a short URL-safe string for ``Playground.from_state``."""
        return sharing.encode_share(self._settings)

    @property
    def playing(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def error(self) -> str:
        """The message shown in the widget after a control failed, or ``""``."""
        return self._error

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

    def load(self, state: dict[str, Any] | str) -> None:
        """Apply a state (dict or JSON text) or share string (missing keys: defaults).

        Raises:
            ValueError: as ``from_state``; nothing changes then.
        """
        kwargs = sharing.from_state(state)
        self.set(**(config.DEFAULTS | {"layer_activations": None} | kwargs))

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

    def add_layer(self, units: int = 2, index: int | None = None) -> None:
        """Insert a hidden layer of ``units`` neurons at ``index`` (default: last)."""
        units = check_int("units", units, low=1, high=config.MAX_UNITS,
                          expected=f"a positive integer up to {config.MAX_UNITS}")
        hidden, acts = list(self._settings["hidden"]), list(self._settings["layer_activations"])
        at = len(hidden) if index is None else self._layer_index(index, "index", insert=True)
        hidden.insert(at, units)
        acts.insert(at, None)
        self.set(hidden=hidden, layer_activations=acts)

    def remove_layer(self, index: int = -1) -> None:
        """Remove the hidden layer at ``index`` (default: the last)."""
        at = self._layer_index(index, "index")
        hidden, acts = list(self._settings["hidden"]), list(self._settings["layer_activations"])
        del hidden[at], acts[at]
        self.set(hidden=hidden, layer_activations=acts)

    def add_neuron(self, layer: int) -> None:
        """One more neuron in hidden layer ``layer`` (0 is the first)."""
        at = self._layer_index(layer, "layer")
        hidden = list(self._settings["hidden"])
        hidden[at] += 1
        self.set(hidden=hidden)

    def remove_neuron(self, layer: int) -> None:
        """One neuron fewer in hidden layer ``layer``; a layer keeps at least one."""
        at = self._layer_index(layer, "layer")
        hidden = list(self._settings["hidden"])
        if hidden[at] == 1:
            raise bad_value("layer", "a layer with more than one neuron (to drop its last "
                            "neuron, remove the layer)", layer)
        hidden[at] -= 1
        self.set(hidden=hidden)

    def set_layer_activation(self, layer: int, activation: str | None) -> None:
        """The activation of one hidden layer; None follows the network's ``activation``."""
        at = self._layer_index(layer, "layer")
        if activation is not None:
            check_choice("activation", activation, config.ACTIVATIONS)
        acts = list(self._settings["layer_activations"])
        acts[at] = activation
        self.set(layer_activations=acts)

    def _layer_index(self, i: Any, name: str, insert: bool = False) -> int:
        n = len(self._settings["hidden"])
        if n == 0 and not insert:
            raise bad_value(name, "the index of a hidden layer, but the network has none", i)
        top = n if insert else n - 1
        if not is_int(i) or not -n <= i <= top:
            raise bad_value(name, f"a hidden-layer index from {-n} to {top}", i)
        return int(i) % (n + 1) if insert else int(i) % n

    # --- play and pause ---

    def play(self) -> None:
        """Keep training in small slices on the running event loop until ``pause()``.

        Raises:
            RuntimeError: no event loop is running (a script): use ``step(n)``.
        """
        if self.playing:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            raise RuntimeError("`play()` needs a running event loop, as in a Jupyter kernel. "
                               "In a script, train with `step(n)`.") from None
        self._task = loop.create_task(self._run())
        self._ui.sync(self._settings, playing=True)

    def pause(self) -> None:
        """Stop playing; training stops before the next slice starts."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
        self._ui.sync(self._settings, playing=False)

    async def _run(self) -> None:
        seen = False
        try:
            while True:
                # A playground whose every view was removed (its cell re-run or cleared)
                # stops, instead of training unseen until the kernel restarts.
                views = self._view_count or 0
                seen = seen or views > 0
                if seen and views == 0:
                    self._stopped()
                    return
                start = time.perf_counter()
                self._engine.train(1)
                while time.perf_counter() - start < _SLICE_SECONDS:
                    self._engine.train(1)
                self.refresh()
                await asyncio.sleep(_YIELD_SECONDS)
        except asyncio.CancelledError:
            raise
        except Exception as err:  # shown in the widget, and playing stops
            self._show_error(err)
            self._stopped()

    def _stopped(self) -> None:
        """Called by the play task as it ends by itself."""
        self._task = None
        self._ui.sync(self._settings, playing=False)

    def close(self) -> None:
        """Stop playing and close the widget and its controls."""
        if "_ui" in self.__dict__:  # fully built: close() also runs from __del__
            self.pause()
            for child in self.children:
                close_tree(child)
            self.layout.close()
        super().close()

    # --- widget plumbing ---

    def _from_widget(self, action, *args: Any, **kwargs: Any) -> None:
        """Run a twin for a control; a failure shows inline and the controls snap back."""
        try:
            action(*args, **kwargs)
        except Exception as err:
            self._show_error(err)
            self._ui.sync(self._settings, self.playing)
        else:
            self._show_error(None)

    def _show_error(self, err: Exception | None) -> None:
        self._error = "" if err is None else str(err) if isinstance(err, ValueError) \
            else f"{type(err).__name__}: {err}"
        self._ui.show_error(self._error)

    # --- views ---

    def refresh(self) -> None:
        """Redraw every view from the current model (one forward pass over the grid)."""
        engine, s = self._engine, self._settings
        outputs = engine.grid_outputs()
        classify = config.is_classification(s["dataset"])
        out = outputs[-1][:, :, 0]
        out = 2 * out - 1 if classify else out
        colour = 2 * engine.targets[:, 0] - 1 if classify else engine.targets[:, 0]
        n = engine.n_train
        train = (engine.points[:n], colour[:n])
        test = (engine.points[n:], colour[n:]) if s["show_test"] else None
        png = render.decision_map(out, train, test)
        self._ui.map.value = png

        thumb = (slice(None, None, 2), slice(None, None, 2))
        inputs = [(config.FEATURE_LABELS[f], self._feature_thumb(f)) for f in s["features"]]
        layers = []
        for i, values in enumerate(outputs[:-1]):
            act = s["layer_activations"][i] or s["activation"]
            uris = [render.data_uri(render.png_bytes(render.colourise(values[thumb][:, :, j])))
                    for j in range(values.shape[-1])]
            layers.append((act, uris))
        layers.append(("output", [render.data_uri(render.png_bytes(
            render.colourise(out[thumb])))]))
        svg = render.network_svg(inputs, layers, engine.kernels())
        self._ui.diagram.value = svg

        h = engine.history
        loss_text = (f"Test loss <b>{render.format_loss(h['test_loss'][-1])}</b><br>"
                     f"Training loss <b>{render.format_loss(h['train_loss'][-1])}</b>")
        chart = render.loss_svg(h["train_loss"], h["test_loss"])
        self._ui.loss_text.value = loss_text
        self._ui.loss_chart.value = chart
        self._ui.epoch.value = f"Epoch <b>{h['epoch'][-1]}</b>"
        self._ui.show_code(self.code, "code" in s["hide"])
        self._views = {"map": png, "diagram": svg, "loss_text": loss_text, "loss": chart}
        self._frames += 1

    def _feature_thumb(self, name: str) -> str:
        cache = self._feature_thumbs
        if name not in cache:
            values = feature_columns(grid_points(), (name,))[:, 0]
            grid = values.reshape(config.GRID, config.GRID)[::2, ::2]
            cache[name] = render.data_uri(render.png_bytes(render.colourise(grid)))
        return cache[name]

    def _repr_mimebundle_(self, **kwargs: Any):
        if _env.widgets_render(self._front):
            return super()._repr_mimebundle_(**kwargs)
        return {"text/plain": repr(self), "text/html": self._snapshot_html()}

    @property
    def _ipython_display_(self):
        """Where widgets render: show the widget with a snapshot for the saved notebook.

        None elsewhere, so IPython shows `_repr_mimebundle_` (the static picture).
        """
        if not _env.widgets_render(self._front):
            return None
        from ._snapshots import show_playground

        return lambda: show_playground(self)

    def _snapshot_html(self) -> str:
        """A static picture of the views, for front ends where widgets do not render."""
        v = self._views
        return ("<div class='kerasnb-playground'>"
                f"<div><b>Playground</b> · {html.escape(self._settings['dataset'])} · "
                f"epoch {self.epoch} · {v['loss_text'].replace('<br>', ' · ')}</div>"
                "<div style='display:flex;gap:12px;align-items:flex-start'>"
                f"<div>{v['diagram']}</div><div>{v['loss']}<br>"
                f"<img src='{render.data_uri(v['map'])}' width='256' height='256'></div>"
                "</div></div>")

    def __repr__(self) -> str:
        s = self._settings
        loss = ", ".join(f"{k}={v:.4f}" if math.isfinite(v) else f"{k}={v}"
                         for k, v in (("train_loss", self.train_loss),
                                      ("test_loss", self.test_loss)))
        return (f"Playground(dataset={s['dataset']!r}, features={s['features']!r}, "
                f"hidden={s['hidden']!r}, epoch={self.epoch}, {loss})")
