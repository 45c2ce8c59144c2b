"""LivePlot outputs, one module each, and the one place that picks among them.

=============  =====================================================
``plotly``     FigureWidget updated in place (JupyterLab, Notebook 7, VS Code)
``matplotlib`` PNG frames through a display handle (Colab; fallback)
``text``       one line per epoch (terminal, IPython, logs)
=============  =====================================================

``auto`` asks `kerasnb._env.frontend()` once, when the LivePlot is built. A
headless kernel (nbclient, nbval, papermill) gets matplotlib without frames:
one final PNG in the stored notebook.
"""

from __future__ import annotations

from ... import _env
from ..._utils import bad_value
from .base import Output

BACKENDS = ("auto", "plotly", "matplotlib", "text")

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
    from .plotly import PlotlyOutput, usable
    from .text import TextOutput

    if backend == "plotly":
        return PlotlyOutput()
    if backend == "matplotlib":
        return MatplotlibOutput()
    if backend == "text":
        return TextOutput()
    front = front or _env.frontend()
    if _env.widgets_render(front):
        return PlotlyOutput() if usable() else MatplotlibOutput()
    if _env.is_live(front):  # Colab: its widget manager does not run anywidget figures
        return MatplotlibOutput()
    if front == "headless":
        return MatplotlibOutput(live=False)
    return TextOutput()
