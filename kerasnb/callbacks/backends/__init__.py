"""LivePlot outputs, one module each, and the one place that picks among them.

=============  =====================================================
``svg``        inline SVG frames through a display handle, plotly's
               JSON at the end (JupyterLab, Notebook 7, VS Code)
``plotly``     FigureWidget updated in place (asked for by name)
``matplotlib`` PNG frames through a display handle (Colab; fallback)
``text``       one line per epoch (terminal, IPython, logs)
=============  =====================================================

``auto`` asks `kerasnb._env.frontend()` once, when the LivePlot is built.
Where widgets render it picks ``svg`` rather than the plotly widget: with a
browser attached each new FigureWidget sends plotly's 5 MB JavaScript module,
plotly's own validation runs in the kernel on every frame and the first frame
waits seconds for plotly's import; an SVG frame is a few kB of HTML drawn with
no import at all (benchmarks/results/liveplot.md). Colab keeps matplotlib. A
headless kernel (nbclient, nbval, papermill) gets matplotlib without frames:
one final PNG in the stored notebook.
"""

from __future__ import annotations

from ... import _env
from ..._utils import bad_value
from .base import Output

BACKENDS = ("auto", "svg", "plotly", "matplotlib", "text")

__all__ = ["BACKENDS", "Output", "choose"]


def choose(backend: str | Output = "auto", front: str | None = None) -> Output:
    """The output for ``backend``; ``"auto"`` decides from the front end.

    Args:
        backend: one of ``BACKENDS``, or an `Output` instance used as is.
        front: the front end (default: `kerasnb._env.frontend()`).

    Raises:
        ValueError: ``backend`` is neither a known name nor an `Output`.
    """
    if isinstance(backend, Output):
        return backend
    if backend not in BACKENDS:
        listed = ", ".join(repr(b) for b in BACKENDS)
        raise bad_value("backend", f"one of {listed} or a kerasnb Output instance", backend)
    from .matplotlib import MatplotlibOutput
    from .plotly import PlotlyOutput
    from .svg import SvgOutput
    from .text import TextOutput

    if backend == "svg":
        return SvgOutput()
    if backend == "plotly":
        return PlotlyOutput()
    if backend == "matplotlib":
        return MatplotlibOutput()
    if backend == "text":
        return TextOutput()
    front = front or _env.frontend()
    if _env.widgets_render(front):
        return SvgOutput()
    if _env.is_live(front):  # Colab: its widget manager does not run anywidget figures
        return MatplotlibOutput()
    if front == "headless":
        return MatplotlibOutput(live=False)
    return TextOutput()
