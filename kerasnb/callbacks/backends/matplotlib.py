"""Matplotlib output: one figure, lines re-set in place, shown as a PNG.

Live, the PNG goes to a display handle created in the training cell and
updated in place (never ``clear_output()``). Headless (nbclient, nbval,
papermill) nothing is shown until the end: one final PNG in the stored output.
The figure (`mpl_figure.Painter`) is a ``matplotlib.figure.Figure`` that
pyplot never sees, so the inline backend does not show it a second time at the
end of the cell. While the fit runs, a frame draws only its lines over the
cached axes (`mpl_figure.Painter.frame`); when the cell ends, the last frame
is drawn once more in full, the picture the notebook keeps. Figures are kept
per panel layout between frames, fits and LivePlots (`mpl_figure.take` /
`give`): building one costs more than drawing it.
"""

from __future__ import annotations

import base64
import io
from typing import Any

from ..scene import Scene
from .base import MimeBundle, Output, display
from .mpl_figure import FIGURE_DPI, Painter, give, take

LIVE_DPI = FIGURE_DPI
SAVE_DPI = 120
# zlib level of the PNGs: 3 packs a LivePlot frame about as small as 6 in half the time.
PNG_COMPRESSION = 3

__all__ = ["LIVE_DPI", "SAVE_DPI", "MatplotlibOutput", "Painter", "describe", "encode_canvas",
           "final_bundle", "png_base64", "static_figure"]


class MatplotlibOutput(Output):
    """Static PNG frames through a display handle (``live=False``: one final frame)."""

    name = "matplotlib"
    # A browser decodes and paints a frame (a PNG of about 800x400) in a few milliseconds.
    view_cost = 0.005

    def __init__(self, *, live: bool = True) -> None:
        self.live = live
        self._painter: Painter | None = None
        self._own = False  # `figure` handed the figure out: it is never given back
        self._handle: Any = None
        self._shown: tuple | None = None  # (final, what the last frame in the handle showed)
        self._last: Scene | None = None  # its scene, drawn in full when the cell ends

    def show(self, scene: Scene) -> None:
        if self.live:
            self._handle = display(MimeBundle({"text/plain": placeholder(scene)}),
                                   display_id=True)
            self._shown = None
        if self._painter is not None:  # a new fit: limits grow from its own data
            self._painter.reset_limits()

    def draw(self, scene: Scene, *, final: bool = False) -> bool:
        if self._handle is None:  # nobody to show a frame to
            return False
        shown = (final, frame_key(scene))
        if self._shown is not None and shown[1] == self._shown[1] and self._shown[0] >= final:
            return False  # the view already shows exactly this
        painter = self._painter_for(scene)
        rebuilt = painter.stale(scene)
        if self._own:  # the figure handed out is drawn in full, never left animated
            png = png_base64(painter.paint(scene, final=final))
        else:
            png = encode_canvas(painter.frame(scene, final=final))
        self._handle.update(MimeBundle({"image/png": png, "text/plain": describe(scene)}))
        self._shown, self._last = shown, scene
        return rebuilt

    def finish(self, scene: Scene) -> None:
        if self.live:
            self.draw(scene, final=True)
        else:
            display(final_bundle(scene))

    def cell_ended(self) -> None:
        painter = self._painter
        if painter is not None and self._handle is not None and self._last is not None \
                and not self._own and not painter.stale(self._last):
            # The picture the notebook keeps: the last frame drawn in full, after the cell.
            final = bool(self._shown and self._shown[0])
            self._handle.update(MimeBundle({
                "image/png": png_base64(painter.paint(self._last, final=final)),
                "text/plain": describe(self._last)}))
            self._last = None
        if painter is not None and not self._own:  # for the next fit or LivePlot
            give(painter)
            self._painter = None

    def figure(self, scene: Scene) -> Any:
        painter = self._painter_for(scene)
        self._own = True
        return painter.paint(scene, final=True)

    def _painter_for(self, scene: Scene) -> Painter:
        """This output's painter, swapped for one kept for the layout when the panels change."""
        if self._painter is None or (not self._own and self._painter.stale(scene)):
            if self._painter is not None:
                give(self._painter)
            self._painter = take(scene.layout_key)
        return self._painter


def frame_key(scene: Scene) -> tuple:
    """Everything a frame of ``scene`` shows: equal keys draw the same picture."""
    return (scene.heading, scene.layout_key, tuple(scene.marks),
            tuple((tuple(s.x), tuple(s.y)) for p in scene.panels for s in p.series),
            tuple(tuple(p.best) for p in scene.panels))


def placeholder(scene: Scene) -> str:
    return f"LivePlot: {scene.heading or 'waiting for the first epoch'}"


def describe(scene: Scene) -> str:
    names = ", ".join(p.name for p in scene.panels) or "no panels yet"
    return f"LivePlot ({names}): {scene.heading}" if scene.heading else f"LivePlot ({names})"


def png_base64(fig: Any, dpi: int = LIVE_DPI) -> str:
    """``fig`` as a base64 PNG at ``dpi`` (drawn once, encoded by Pillow without alpha)."""
    if fig.dpi == dpi and hasattr(fig.canvas, "buffer_rgba"):
        fig.canvas.draw()
        return encode_canvas(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, pil_kwargs={"compress_level": PNG_COMPRESSION})
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def encode_canvas(fig: Any) -> str:
    """What ``fig``'s Agg canvas holds now, as a base64 PNG (Pillow, without alpha)."""
    from PIL import Image

    buffer = io.BytesIO()
    image = Image.frombuffer("RGBA", fig.canvas.get_width_height(), fig.canvas.buffer_rgba(),
                             "raw", "RGBA", 0, 1)
    image.convert("RGB").save(buffer, format="png", compress_level=PNG_COMPRESSION)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def static_figure(scene: Scene) -> Any:
    """A matplotlib Figure of ``scene`` (for saving and for non-drawing outputs)."""
    return Painter().paint(scene, final=True)


def final_bundle(scene: Scene) -> MimeBundle:
    """The PNG and text of ``scene``'s final frame, drawn on a figure kept for its layout.

    Headless runs (nbval, nbclient, papermill) store one final frame per fit,
    and a notebook fits with the same few panel layouts again and again.
    """
    painter = take(scene.layout_key)
    try:
        return MimeBundle({"image/png": png_base64(painter.paint(scene, final=True)),
                           "text/plain": describe(scene)})
    finally:
        give(painter)
