"""How the viz results show themselves: one small base class and a few drawing helpers.

Every viz function returns a ``View``. A view holds either a live widget (a
plotly ``FigureWidget`` or an ipywidgets box) or a static matplotlib figure,
chosen once when it is made, and shows whichever it holds in a notebook; plain
Python and logs get its one-line ``repr``. Matplotlib figures are made with
``matplotlib.figure.Figure`` directly, never through pyplot, so nothing is
shown twice and no global state changes.
"""

from __future__ import annotations

import base64
import html
import io
import os
from pathlib import Path
from typing import Any

import numpy as np

from .. import _env, _repr
from .._repr import ShowsItself


def use_widgets(interactive: bool | None) -> bool:
    """Pick interactive (widgets) or static output, once per call."""
    if interactive is None:
        return _env.widgets_render(_env.frontend())
    if not isinstance(interactive, bool):
        raise ValueError(
            f"`interactive` must be True, False or None (pick by front end). "
            f"Received: interactive={interactive!r}")
    return interactive


def escape(text: Any) -> str:
    """Text safe inside HTML and SVG, attribute values included."""
    return html.escape(str(text), quote=True)


def mpl_text(text: Any) -> str:
    """Text shown literally by matplotlib (a ``$`` would start mathtext)."""
    return str(text).replace("$", r"\$")


def new_figure(width: float, height: float) -> Any:
    """A pyplot-free matplotlib figure of ``width`` x ``height`` inches."""
    from matplotlib.figure import Figure

    return Figure(figsize=(max(width, 1.0), max(height, 1.0)), layout="constrained")


def figure_png(figure, dpi: int = 100) -> bytes:
    """PNG bytes, lightly compressed: live views redraw often, and zlib's default is slow."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def png_widget(png: bytes) -> Any:
    """An ``ipywidgets.Image`` showing ``png`` at its own size."""
    import ipywidgets as widgets

    # flex-start: a box would otherwise stretch a small picture to its full width
    return widgets.Image(value=png, format="png",
                         layout=widgets.Layout(max_width="100%", align_self="flex-start"))


def scoped_css() -> tuple[str, str]:
    """A fresh element id and the packaged ``viz.css`` scoped to it (see kerasnb._repr)."""
    return _repr.scoped_css(__package__, "viz.css", prefix="kerasnb-viz")


def save_text(obj: ShowsItself, path: str | os.PathLike, kind: str) -> Path:
    """Write a table-like result to ``path``: .html (its HTML) or .txt (its text)."""
    target = Path(os.fspath(path))
    ext = target.suffix.lower()
    if ext == ".html":
        target.write_text(obj._repr_html_(), encoding="utf-8")
    elif ext == ".txt":
        target.write_text(obj._repr_text() + "\n", encoding="utf-8")
    else:
        raise ValueError(f"`path` must end in .html or .txt for this {kind}. "
                         f"Received: path={os.fspath(path)!r}")
    return target


def montage(maps: np.ndarray, cols: int, gap: int = 1) -> np.ndarray:
    """Tile ``maps`` (n, h, w), each scaled to [0, 1] on its own, into one image.

    The gaps between tiles are NaN so the caller can colour them as background.
    """
    n, h, w = maps.shape
    rows = -(-n // cols)
    out = np.full((rows * (h + gap) - gap, cols * (w + gap) - gap), np.nan, dtype=np.float32)
    for i, m in enumerate(maps):
        r, c = divmod(i, cols)
        out[r * (h + gap): r * (h + gap) + h, c * (w + gap): c * (w + gap) + w] = unit_scale(m)
    return out


def unit_scale(a: np.ndarray) -> np.ndarray:
    """``a`` scaled to [0, 1]; a constant array becomes zeros. NaN/inf count as zero."""
    a = np.nan_to_num(np.asarray(a, dtype=np.float32), nan=0.0, posinf=0.0, neginf=0.0)
    if not a.size:
        return a
    low, high = float(a.min()), float(a.max())
    return (a - low) / (high - low) if high > low else np.zeros_like(a)


def grid_shape(n: int, max_cols: int) -> tuple[int, int]:
    """(rows, columns) for ``n`` panels, at most ``max_cols`` a row."""
    cols = max(1, min(n, max_cols))
    return -(-n // cols), cols


class View(ShowsItself):
    """Base of every viz result: shows a live widget or a static figure.

    Attributes:
        widget: the live widget (interactive views), else None.
        figure: the matplotlib figure (static views), else None.
    """

    kind = "view"

    def __init__(self, *, widget=None, figure=None) -> None:
        self.widget = widget
        self.figure = figure
        self._png: bytes | None = None

    @property
    def interactive(self) -> bool:
        """True for a live view (a widget), False for a static figure."""
        return self.widget is not None

    @property
    def png(self) -> bytes:
        """The static figure as PNG bytes (drawn once, then kept)."""
        if self.figure is None:
            raise ValueError(
                f"This {self.kind} is interactive and has no static figure; "
                f"make it with interactive=False to get a PNG.")
        if self._png is None:
            self._png = figure_png(self.figure)
        return self._png

    def save(self, path: str | os.PathLike) -> Path:
        """Write the view to ``path``: .png/.svg/.pdf (static), .html (plotly) or .png.

        A live view without a plotly figure (activation maps) writes the
        picture it shows now as .png.

        Returns:
            The ``pathlib.Path`` written.
        """
        target = Path(os.fspath(path))
        ext = target.suffix.lower()
        if self.figure is not None and ext in (".png", ".svg", ".pdf"):
            self.figure.savefig(target, format=ext[1:], dpi=100)
            return target
        plotly_figure = getattr(self, "plotly_figure", None)
        if plotly_figure is not None and ext == ".html":
            plotly_figure.write_html(target, include_plotlyjs=True)  # opens offline too
            return target
        png = self.snapshot_png() if self.figure is None and ext == ".png" else None
        if png:
            target.write_bytes(png)
            return target
        allowed = ".png, .svg, .pdf" if self.figure is not None else \
            ".html or .png" if plotly_figure is not None else ".png"
        raise ValueError(f"`path` must end in {allowed} for this {self.kind}. "
                         f"Received: path={os.fspath(path)!r}")

    def snapshot_png(self) -> bytes | None:
        """A PNG of what the view shows now, for the picture a saved notebook keeps.

        The live picture when the widget shows one (activation maps), else the
        view's static drawing, else None.
        """
        if self.figure is not None:
            return self.png
        image = _find_image(self.widget)
        if image is not None:
            return bytes(image.value)
        for name in ("_matplotlib", "_draw"):  # the static drawing of plotly-based views
            draw = getattr(self, name, None)
            if callable(draw) and _takes_no_arguments(draw):
                return figure_png(draw(), dpi=80)
        return None

    def _snapshot(self) -> tuple[str, str]:
        from .._snapshot import png_img

        png = self.snapshot_png()
        picture = png_img(png, alt=repr(self)) if png else f"<pre>{escape(repr(self))}</pre>"
        return picture, repr(self)

    @property
    def _ipython_display_(self):
        """IPython's display hook for interactive views only (static ones are one picture).

        None for a static view, so IPython shows its `_repr_mimebundle_` as before.
        """
        return None if self.widget is None else self._show_with_snapshot

    def _show_with_snapshot(self) -> None:
        """The widget, and a snapshot of it for the saved notebook (see kerasnb._snapshot)."""
        from .. import _snapshot

        _snapshot.show(self.widget, self._snapshot, live_words=repr(self),
                       caption=f"Snapshot of this {self.kind}, saved with the notebook: "
                               "run the cell to use it.",
                       watch=_find_image(self.widget) is not None)

    def _repr_text(self) -> str:
        return repr(self)

    def _repr_extra(self) -> dict:
        """The widget's own bundle (live views) or the figure as PNG (static ones)."""
        if self.widget is not None:
            bundle = dict(self.widget._repr_mimebundle_() or {})
            bundle.pop("text/plain", None)  # the view's own text wins
            return bundle
        if self.figure is not None:
            return {"image/png": base64.b64encode(self.png).decode("ascii")}
        return {}


def _find_image(widget) -> Any:
    """The first PNG ``ipywidgets.Image`` with a picture in ``widget``'s tree, or None."""
    if widget is None:
        return None
    if type(widget).__name__ == "Image" and getattr(widget, "format", "") == "png" \
            and getattr(widget, "value", b""):
        return widget
    for child in getattr(widget, "children", ()):
        found = _find_image(child)
        if found is not None:
            return found
    return None


def _takes_no_arguments(method) -> bool:
    import inspect

    try:
        params = inspect.signature(method).parameters.values()
    except (TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
               for p in params)
