"""`compare`: several training runs overlaid, one colour per run."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import _env
from .._utils import bad_value
from .record import Recording, base_name, check_metrics, is_lr
from .scene import LR_PANEL, Scene, build_scene


def compare(*histories: Any, labels: Sequence[str] | None = None,
            metrics: Sequence[str] | str | None = None) -> Comparison:
    """Overlay training runs: each metric in its panel, one colour per run.

    Training curves are solid and validation curves dashed; each run's best
    epoch (lowest ``val_loss``, else ``loss``) is starred.

    Args:
        *histories: the runs, as Keras ``History`` objects (what ``fit``
            returns), ``LivePlot`` instances or dicts of lists
            (``{"loss": [...], "val_loss": [...]}``).
        labels: one name per run; default "run 1", "run 2", ...
        metrics: the panels to show; default: every metric any run logged.

    Returns:
        A `Comparison`: it shows itself in a notebook (interactive plotly in
        JupyterLab, Notebook 7 and VS Code; a PNG elsewhere); ``.figure`` is the
        figure object and ``.save(path)`` writes .png, .svg or .html.

    Raises:
        ValueError: no runs, a run of an unknown type, or labels that do not
            match the runs one to one.

    Example:
        >>> h1 = model_a.fit(x, y, validation_split=0.2, epochs=10)
        >>> h2 = model_b.fit(x, y, validation_split=0.2, epochs=10)
        >>> knb.compare(h1, h2, labels=["small", "wide"])
    """
    if not histories:
        raise bad_value("histories", "at least one History, LivePlot or dict", histories)
    if labels is None:
        labels = [f"run {i + 1}" for i in range(len(histories))]
    elif (isinstance(labels, str) or not isinstance(labels, Sequence)
          or len(labels) != len(histories) or not all(isinstance(x, str) for x in labels)):
        n = len(histories)
        raise bad_value("labels", f"a list of {n} string{'s' * (n != 1)}, one per run", labels)
    metrics = check_metrics(metrics)
    runs = [(label, Recording.from_any(run)) for label, run in zip(labels, histories, strict=True)]
    if metrics is not None:
        seen = {LR_PANEL if is_lr(k) else base_name(k) for _, rec in runs for k in rec.columns}
        missing = [m for m in metrics if base_name(m) not in seen and not is_lr(base_name(m))]
        if missing:
            warnings.warn(f"compare: {', '.join(repr(m) for m in missing)} is in no run. "
                          f"Logged: {', '.join(sorted(seen)) or 'nothing'}.", stacklevel=2)
    scene = build_scene(runs, metrics=metrics, title=" vs ".join(labels))
    return Comparison(scene, interactive=_env.widgets_render())


class Comparison:
    """Runs overlaid by `compare`; shows itself, saves itself.

    Attributes:
        interactive: True when it is drawn with plotly (a widget-capable front end).
    """

    def __init__(self, scene: Scene, *, interactive: bool = False) -> None:
        self.scene = scene
        self.interactive = interactive
        self._figure: Any = None

    @property
    def labels(self) -> list[str]:
        return [label for label, _ in self.scene.runs]

    @property
    def figure(self) -> Any:
        """A plotly ``Figure`` when interactive, else a matplotlib ``Figure``."""
        if self._figure is None:
            if self.interactive:
                from .backends.plotly import static_figure
            else:
                from .backends.matplotlib import static_figure
            self._figure = static_figure(self.scene)
        return self._figure

    def save(self, path: str | Path) -> Path:
        """Save as .png, .svg or .html (self-contained, works offline)."""
        from .save import check_path, save_scene

        path = check_path(path)
        figure = None if self.interactive else self.figure
        return save_scene(self.scene, path, figure=figure, interactive=self.interactive)

    def __repr__(self) -> str:
        panels = ", ".join(p.name for p in self.scene.panels) or "no panels"
        return f"Comparison of {', '.join(self.labels)} ({panels})"

    def _repr_mimebundle_(self, include=None, exclude=None):
        if self.interactive:
            from .backends.plotly import static_bundle

            return {**static_bundle(self.scene), "text/plain": repr(self)}
        from .backends.matplotlib import png_base64

        return {"image/png": png_base64(self.figure, dpi=90), "text/plain": repr(self)}
