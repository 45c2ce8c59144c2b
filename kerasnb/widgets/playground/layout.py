"""The playground's widgets: every control, every view, and how they call the Python twins.

The layout knows its playground only through `Twins`, the public twins every
control calls (``set``, ``add_layer``, ``step``, ...), and one ``show_error``
callable. Each control runs its twin through ``widgets._guard.run_guarded``: a
failure is handed to ``show_error``, which shows it inline and puts the controls
back to the playground's real settings.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any, Protocol

import ipywidgets as widgets

from .._guard import run_guarded
from .config import (
    ACTIVATIONS,
    DATASET_LABELS,
    DATASETS,
    FEATURE_LABELS,
    FEATURES,
    HIDE_GROUPS,
    LEARNING_RATES,
    REG_RATES,
)
from .render import LEFT, NODE, STEP


class Twins(Protocol):
    """What the controls call: the playground's public twins, nothing private."""

    def play(self) -> None: ...
    def pause(self) -> None: ...
    def step(self, n: int = 1) -> None: ...
    def reset(self) -> None: ...
    def regenerate(self, seed: int | None = None) -> None: ...
    def refresh(self) -> None: ...
    def set(self, **settings: Any) -> None: ...
    def add_layer(self, units: int = 2, *, index: int | None = None) -> None: ...
    def remove_layer(self, index: int = -1) -> None: ...
    def add_neuron(self, layer: int) -> None: ...
    def remove_neuron(self, layer: int) -> None: ...
    def set_layer_activation(self, layer: int, *, activation: str | None) -> None: ...
    def share(self) -> str: ...
    def load_share(self, text: str) -> None: ...


def _narrow() -> dict[str, Any]:
    # a fresh Layout per control: hiding one must not hide its neighbours
    return {"style": {"description_width": "initial"}, "layout": widgets.Layout(width="auto")}


def _slider() -> dict[str, Any]:
    return {"continuous_update": False, "style": {"description_width": "80px"},
            "layout": widgets.Layout(width="230px")}


def _title(text: str) -> widgets.HTML:
    return widgets.HTML(f"<b style='color:#555;letter-spacing:.05em'>{text}</b>")


def close_tree(widget: widgets.Widget) -> None:
    """Close a widget, everything inside it, and its layout and style."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    for part in ("layout", "style"):
        sub = getattr(widget, part, None)
        if isinstance(sub, widgets.Widget):
            sub.close()
    widget.close()


def _with_value(options: tuple, value: Any) -> list:
    """Dropdown options that surely contain ``value`` (a twin may set any valid number)."""
    return sorted({*options, value}) if value not in options else list(options)


class PlaygroundLayout:
    """Builds the widget tree of a ``Playground`` and keeps it in step with its settings.

    Args:
        pg: the twins the controls call.
        show_error: shows a failed control's message (``None`` clears it).
    """

    def __init__(self, pg: Twins, show_error: Callable[[str | None], None]) -> None:
        self.pg = pg
        self._show_error = show_error
        self.syncing = False
        self._shown_layers: tuple = ()
        self.groups: dict[str, list[widgets.Widget]] = {g: [] for g in HIDE_GROUPS}

        # play bar
        self.play = self._button("Play", "play", "kerasnb-pg-play", pg.play)
        self.pause = self._button("Pause", "pause", "kerasnb-pg-pause", pg.pause)
        self.step = self._button("Step", "step-forward", "kerasnb-pg-step", pg.step)
        self.reset = self._button("Reset", "undo", "kerasnb-pg-reset", pg.reset)
        self.epoch = widgets.HTML("Epoch 0", layout=widgets.Layout(width="110px"))
        self.epoch.add_class("kerasnb-pg-epoch")
        self.groups["play"] += [self.play, self.pause, self.step, self.reset, self.epoch]

        self.learning_rate = self._setting(widgets.Dropdown(
            options=LEARNING_RATES, description="Learning rate", **_narrow()), "learning_rate")
        self.activation = self._setting(widgets.Dropdown(
            options=ACTIVATIONS, description="Activation", **_narrow()), "activation")
        self.regularization = self._setting(widgets.Dropdown(
            options=[("None", "none"), ("L1", "l1"), ("L2", "l2")], description="Regularization",
            **_narrow()), "regularization")
        self.reg_rate = self._setting(widgets.Dropdown(
            options=REG_RATES, description="Rate", **_narrow()), "reg_rate", group="regularization")
        self.dropout = self._setting(widgets.FloatSlider(
            min=0.0, max=0.9, step=0.05, description="Dropout", continuous_update=False,
            style={"description_width": "initial"}, layout=widgets.Layout(width="210px")),
            "dropout")
        bar = widgets.HBox([self.play, self.pause, self.step, self.reset, self.epoch,
                            self.learning_rate, self.activation, self.regularization,
                            self.reg_rate, self.dropout],
                           layout=widgets.Layout(flex_flow="row wrap", align_items="center"))

        # data column
        self.dataset = self._setting(widgets.Dropdown(
            options=[(DATASET_LABELS[d], d) for d in DATASETS], description="Data set",
            style={"description_width": "80px"}, layout=widgets.Layout(width="230px")),
            "dataset")
        self.train_ratio = self._setting(widgets.FloatSlider(
            min=0.1, max=0.9, step=0.1, description="Train ratio", readout_format=".0%",
            **_slider()), "train_ratio")
        self.noise = self._setting(widgets.FloatSlider(
            min=0.0, max=0.5, step=0.05, description="Noise", **_slider()), "noise")
        self.batch_size = self._setting(widgets.IntSlider(
            min=1, max=30, description="Batch size", **_slider()), "batch_size")
        self.regenerate = self._button("Regenerate", "refresh", "kerasnb-pg-regenerate",
                                       pg.regenerate)
        self.groups["regenerate"].append(self.regenerate)
        self.features = {}
        for name in FEATURES:
            box = widgets.Checkbox(description=FEATURE_LABELS[name], indent=False,
                                   layout=widgets.Layout(width="110px"))
            box.observe(self._on_feature, names="value")
            self.features[name] = box
        features_box = widgets.VBox([_title("FEATURES"), widgets.GridBox(
            list(self.features.values()),
            layout=widgets.Layout(grid_template_columns="repeat(2, 110px)"))])
        self.groups["features"].append(features_box)
        data = widgets.VBox([_title("DATA"), self.dataset, self.train_ratio, self.noise,
                             self.batch_size, self.regenerate, features_box],
                            layout=widgets.Layout(width="236px", flex="0 0 auto"))

        # network column
        self.add_layer = self._button("+ layer", "", "kerasnb-pg-add-layer", pg.add_layer)
        self.remove_layer = self._button("− layer", "", "kerasnb-pg-remove-layer",
                                         pg.remove_layer)
        self.layer_count = widgets.HTML()
        self.layer_row = widgets.HBox()
        self.diagram = widgets.HTML()
        self.diagram.add_class("kerasnb-pg-network")
        network = widgets.VBox([
            widgets.HBox([_title("NETWORK"), self.add_layer, self.remove_layer,
                          self.layer_count], layout=widgets.Layout(align_items="center")),
            # a wide network scrolls sideways rather than pushing the output column away
            self.layer_row, self.diagram], layout=widgets.Layout(flex="1 1 300px",
                                                                 overflow="auto"))

        # output column
        self.loss_text = widgets.HTML()
        self.loss_chart = widgets.HTML()
        self.groups["loss"] += [self.loss_text, self.loss_chart]
        self.map = widgets.Image(format="png", layout=widgets.Layout(width="256px",
                                                                      height="256px"))
        self.map.add_class("kerasnb-pg-map")
        self.show_test = self._setting(widgets.Checkbox(description="Show test data",
                                                        indent=False), "show_test")
        output = widgets.VBox([_title("OUTPUT"), self.loss_text, self.loss_chart, self.map,
                               self.show_test], layout=widgets.Layout(width="262px",
                                                                      flex="0 0 auto"))

        # errors, code, share
        self.error = widgets.HTML(layout=widgets.Layout(display="none"))
        self.error.add_class("kerasnb-pg-error")
        self.code_toggle = widgets.ToggleButton(description="Show code", icon="code")
        self.code_toggle.observe(lambda _: self.run(pg.refresh), names="value")
        self.code = widgets.HTML(layout=widgets.Layout(display="none"))
        self.groups["code"].append(self.code_toggle)
        self.share_text = widgets.Text(placeholder="a share string",
                                       layout=widgets.Layout(width="360px"))
        self.share = self._button("Share", "link", "kerasnb-pg-share", self._on_share)
        self.load = self._button("Load", "upload", "kerasnb-pg-load",
                                 lambda: pg.load_share(self.share_text.value))
        self.groups["share"] += [self.share, self.share_text, self.load]
        extras = widgets.HBox([self.code_toggle, self.share, self.share_text, self.load])

        body = widgets.HBox([data, network, output], layout=widgets.Layout(flex_flow="row wrap"))
        self.children = (bar, body, self.error, extras,
                         self.code)

    # --- building blocks ---

    def run(self, action: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Run a twin for a control: a failure is shown, never raised into ipywidgets."""
        run_guarded(self._show_error, action, *args, **kwargs)

    def _button(self, text: str, icon: str, css: str, action: Callable[[], Any]):
        button = widgets.Button(description=text, icon=icon,
                                layout=widgets.Layout(width="auto"))
        button.add_class(css)
        button.on_click(lambda _: self.run(action))
        return button

    def _setting(self, control, name: str, group: str | None = None):
        def changed(change):
            if not self.syncing:
                self.run(self.pg.set, **{name: change["new"]})
        control.observe(changed, names="value")
        self.groups[group or name].append(control)
        return control

    def _on_feature(self, change) -> None:
        if self.syncing:
            return
        chosen = tuple(n for n, box in self.features.items() if box.value)
        self.run(self.pg.set, features=chosen)

    def _on_share(self) -> None:
        self.share_text.value = self.pg.share()

    def _layer_controls(self, i: int, units: int, activation: str | None):
        minus, plus = (widgets.Button(description=text, tooltip=tip,
                                      layout=widgets.Layout(width="30px", padding="0"))
                       for text, tip in (("−", "remove a neuron"), ("+", "add a neuron")))
        minus.add_class("kerasnb-pg-remove-neuron")
        plus.add_class("kerasnb-pg-add-neuron")
        minus.on_click(lambda _: self.run(self.pg.remove_neuron, i))
        plus.on_click(lambda _: self.run(self.pg.add_neuron, i))
        count = widgets.HTML(f"<span style='padding:0 4px'>{units}</span>")
        # "same" stands for None: a Dropdown's None means "nothing selected"
        act = widgets.Dropdown(options=["same", *ACTIVATIONS], value=activation or "same",
                               layout=widgets.Layout(width=f"{STEP - 6}px"),
                               tooltip=f"activation of hidden layer {i + 1}")

        def changed(change):
            if not self.syncing:
                chosen = None if change["new"] == "same" else change["new"]
                self.run(self.pg.set_layer_activation, i, activation=chosen)
        act.observe(changed, names="value")
        neurons = widgets.HBox([minus, count, plus])
        self.groups["layers"].append(neurons)
        self.groups["activation"].append(act)
        return widgets.VBox([neurons, act], layout=widgets.Layout(width=f"{STEP}px",
                                                                  flex="0 0 auto",
                                                                  align_items="center"))

    # --- keeping in step with the settings ---

    def sync(self, s: dict[str, Any], playing: bool) -> None:
        """Show settings ``s`` in the controls without calling any twin back."""
        self.syncing = True
        try:
            self.learning_rate.options = _with_value(LEARNING_RATES, s["learning_rate"])
            self.reg_rate.options = _with_value(REG_RATES, s["reg_rate"])
            self.batch_size.max = max(30, s["batch_size"])
            for name in ("dataset", "learning_rate", "activation", "reg_rate", "dropout",
                         "train_ratio", "noise", "batch_size", "show_test"):
                getattr(self, name).value = s[name]
            # "none" stands for None: a Dropdown's None means "nothing selected"
            self.regularization.value = s["regularization"] or "none"
            for name, box in self.features.items():
                box.value = name in s["features"]
            hidden = s["hidden"]
            if self._shown_layers != (hidden, s["layer_activations"]):
                old = self.layer_row.children
                self.groups["layers"] = []
                self.groups["activation"] = [self.activation]
                # centre each layer's controls over its column of the diagram
                spacer = widgets.Box(layout=widgets.Layout(
                    width=f"{LEFT + STEP + NODE // 2 - STEP // 2}px", flex="0 0 auto"))
                self.layer_row.children = [spacer] + [
                    self._layer_controls(i, u, a)
                    for i, (u, a) in enumerate(zip(hidden, s["layer_activations"],
                                                   strict=True))]
                for box in old:  # replaced: free their comms
                    close_tree(box)
                self._shown_layers = (hidden, s["layer_activations"])
            word = "layer" if len(hidden) == 1 else "layers"
            self.layer_count.value = f"<span style='color:#555'>{len(hidden)} hidden {word}</span>"
            self.remove_layer.disabled = not hidden
            self.play.disabled, self.pause.disabled = playing, not playing
            self.hide(s["hide"])
        finally:
            self.syncing = False

    def hide(self, groups: tuple[str, ...]) -> None:
        for name, members in self.groups.items():
            for w in members:
                w.layout.display = "none" if name in groups else None
        add_remove = "none" if "layers" in groups else None
        self.add_layer.layout.display = self.remove_layer.layout.display = add_remove
        self.layer_count.layout.display = add_remove

    def show_error(self, message: str) -> None:
        self.error.value = (f"<div style='color:#b00020;padding:4px 0'>⚠ "
                            f"{html.escape(message)}</div>") if message else ""
        self.error.layout.display = None if message else "none"

    def show_code(self, code: str, hidden: bool) -> None:
        on = self.code_toggle.value and not hidden
        self.code.layout.display = None if on else "none"
        if on:
            self.code.value = ("<pre style='font-size:12px;background:#f6f6f6;padding:8px'>"
                               f"{html.escape(code)}</pre>")
