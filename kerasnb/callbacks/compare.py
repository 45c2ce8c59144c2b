"""`compare`: several training runs overlaid, one colour per run."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import _env
from .._repr import ShowsItself
from .._validate import bad_value, check_bool
from .record import Recording, base_name, check_metrics, is_lr
from .scene import Scene, build_scene, unlogged


def compare(*histories: Any, labels: Sequence[str] | None = None,
            metrics: Sequence[str] | str | None = None,
            interactive: bool | None = None) -> Comparison:
    """Overlay training runs: each metric in its panel, one colour per run.

    Training curves are solid and validation curves dashed; each run's best
    epoch (lowest ``val_loss``, else ``loss``) is starred.

    Args:
        *histories: the runs, each anything `kerasnb.History.from_any` reads:
            a Keras ``History`` (what ``fit`` returns), a ``LivePlot``, a
            `kerasnb.History`, an object with a ``.history`` (a ``Playground``,
            a ``ModelBuilder`` that trained), a dict of lists
            (``{"loss": [...], "val_loss": [...]}``), a pandas DataFrame (one row
            per epoch, e.g. a ``CSVLogger`` file) or a list of per-epoch log dicts.
        labels: one name per run; default "run 1", "run 2", ...
        metrics: the panels to show; default: every metric any run logged.
        interactive: True for a plotly figure (zoom and hover), False for a
            static PNG; None picks plotly where widgets render (JupyterLab,
            Notebook 7, VS Code) and a PNG elsewhere.

    Returns:
        A `Comparison`: it shows itself in a notebook; ``.figure`` is the figure
        object and ``.save(path)`` writes .png, .svg or .html.

    Raises:
        ValueError: no runs, a run in none of the forms above, or labels that do
            not match the runs one to one.

    Example:
        >>> h1 = model_a.fit(x, y, validation_split=0.2, epochs=10)
        >>> h2 = model_b.fit(x, y, validation_split=0.2, epochs=10)
        >>> knb.compare(h1, h2, labels=["small", "wide"])
    """
    if not histories:
        raise bad_value("histories", "at least one History, LivePlot, dict or DataFrame",
                        histories)
    if labels is None:
        labels = [f"run {i + 1}" for i in range(len(histories))]
    elif (isinstance(labels, str) or not isinstance(labels, Sequence)
          or len(labels) != len(histories) or not all(isinstance(x, str) for x in labels)):
        n = len(histories)
        raise bad_value("labels", f"a list of {n} string{'s' * (n != 1)}, one per run", labels)
    metrics = check_metrics(metrics)
    if interactive is not None:
        interactive = check_bool("interactive", interactive)
    runs = [(label, Recording.from_any(run, name="histories"))
            for label, run in zip(labels, histories, strict=True)]
    for (label, rec), run in zip(runs, histories, strict=True):
        if len(rec) == 0:  # e.g. a ModelBuilder before its first training
            raise bad_value("histories", f"runs with at least one recorded epoch ({label!r} "
                            "has none: train it first)", run)
    if metrics is not None:
        missing, seen = unlogged(metrics, [rec for _, rec in runs])
        missing = [m for m in missing if not is_lr(base_name(m))]  # Keras logs no rate by default
        if missing:
            warnings.warn(f"compare: {', '.join(repr(m) for m in missing)} is in no run. "
                          f"Logged: {', '.join(sorted(seen)) or 'nothing'}.", stacklevel=2)
    scene = build_scene(runs, metrics=metrics, title=" vs ".join(labels))
    return Comparison(scene, interactive=interactive)


class Comparison(ShowsItself):
    """Runs overlaid by `compare`; shows itself, saves itself.

    Args:
        scene: what to draw.
        interactive: plotly (True) or a static PNG (False); None: plotly where
            widgets render.

    Attributes:
        scene: what is drawn (panels, lines, best epochs).
        interactive: True when it is drawn with plotly, False for a static PNG.
    """

    def __init__(self, scene: Scene, *, interactive: bool | None = None) -> None:
        self.scene = scene
        self.interactive = _env.widgets_render() if interactive is None else bool(interactive)
        self._figure: Any = None

    @property
    def labels(self) -> list[str]:
        """The runs' names, in order."""
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
        """Save as .png, .svg or .html (self-contained, works offline).

        Returns:
            The path written, as a ``pathlib.Path``.

        Raises:
            ValueError: the file name does not end in .png, .svg or .html.
        """
        from .save import check_path, save_scene

        path = check_path(path)
        figure = None if self.interactive else self.figure
        return save_scene(self.scene, path, figure=figure, interactive=self.interactive)

    def __repr__(self) -> str:
        panels = ", ".join(p.name for p in self.scene.panels) or "no panels"
        return f"Comparison of {', '.join(self.labels)} ({panels})"

    def _repr_text(self) -> str:
        return repr(self)

    def _repr_extra(self) -> dict:
        if self.interactive:
            from .backends.plotly import static_bundle

            bundle = static_bundle(self.scene)
            return {k: v for k, v in bundle.items() if k != "text/plain"}
        from .backends.matplotlib import png_base64

        return {"image/png": png_base64(self.figure, dpi=90)}
