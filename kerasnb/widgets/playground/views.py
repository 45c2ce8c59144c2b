"""The playground's views, drawn from its engine: decision map, network, loss, and a picture.

`Views.draw` makes one forward pass over the grid and fills the layout's view
widgets; it keeps what it drew last, so `Views.snapshot_html` can show the same
views as one static HTML block (front ends without widgets, the saved notebook,
``Playground.save("x.html")``).
"""

from __future__ import annotations

import html
from typing import Any

from . import config, render
from .engine import Engine, feature_columns, grid_points

_THUMB = (slice(None, None, 2), slice(None, None, 2))  # every other grid cell


class Views:
    """What the playground shows, redrawn on every `draw`."""

    def __init__(self) -> None:
        self.last: dict[str, Any] = {}
        self.frames = 0
        self._feature_thumbs: dict[str, str] = {}

    def draw(self, engine: Engine, s: dict[str, Any], ui: Any, code: str) -> None:
        """Redraw every view of ``ui`` (a ``PlaygroundLayout``) from ``engine``."""
        outputs = engine.grid_outputs()
        classify = config.is_classification(s["dataset"])
        out = outputs[-1][:, :, 0]
        out = 2 * out - 1 if classify else out
        colour = 2 * engine.targets[:, 0] - 1 if classify else engine.targets[:, 0]
        n = engine.n_train
        train = (engine.points[:n], colour[:n])
        test = (engine.points[n:], colour[n:]) if s["show_test"] else None
        png = render.decision_map(out, train, test)
        ui.map.value = png

        inputs = [(config.FEATURE_LABELS[f], self._feature_thumb(f)) for f in s["features"]]
        layers = []
        for i, values in enumerate(outputs[:-1]):
            act = s["layer_activations"][i] or s["activation"]
            uris = [_thumb_uri(values[_THUMB][:, :, j]) for j in range(values.shape[-1])]
            layers.append((act, uris))
        layers.append(("output", [_thumb_uri(out[_THUMB])]))
        svg = render.network_svg(inputs, layers, engine.kernels())
        ui.diagram.value = svg

        h = engine.history
        loss_text = (f"Test loss <b>{render.format_loss(h['test_loss'][-1])}</b><br>"
                     f"Training loss <b>{render.format_loss(h['train_loss'][-1])}</b>")
        chart = render.loss_svg(h["train_loss"], h["test_loss"])
        ui.loss_text.value = loss_text
        ui.loss_chart.value = chart
        ui.epoch.value = f"Epoch <b>{h['epoch'][-1]}</b>"
        ui.show_code(code, "code" in s["hide"])
        self.last = {"map": png, "diagram": svg, "loss_text": loss_text, "loss": chart}
        self.frames += 1

    def snapshot_html(self, dataset: str, epoch: int) -> str:
        """The last drawn views as one static HTML block."""
        v = self.last
        return ("<div class='kerasnb-playground'>"
                f"<div><b>Playground</b> · {html.escape(dataset)} · "
                f"epoch {epoch} · {v['loss_text'].replace('<br>', ' · ')}</div>"
                "<div style='display:flex;gap:12px;align-items:flex-start'>"
                f"<div>{v['diagram']}</div><div>{v['loss']}<br>"
                f"<img src='{render.data_uri(v['map'])}' width='256' height='256'></div>"
                "</div></div>")

    def _feature_thumb(self, name: str) -> str:
        cache = self._feature_thumbs
        if name not in cache:
            values = feature_columns(grid_points(), (name,))[:, 0]
            grid = values.reshape(config.GRID, config.GRID)[::2, ::2]
            cache[name] = _thumb_uri(grid)
        return cache[name]


def _thumb_uri(values: Any) -> str:
    return render.data_uri(render.png_bytes(render.colourise(values)))
