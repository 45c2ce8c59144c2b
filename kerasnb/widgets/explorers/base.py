"""What every explorer shares: a matplotlib figure shown as a PNG, live or as a still.

The rule for what an explorer function returns: **always the explorer** (a
widget), whatever the front end. ``interactive`` only decides how it shows
itself: the live widget with its controls (and a snapshot for the saved
notebook) where widgets render, or a still PNG of the same figure with a
text/plain line elsewhere (nbval, nbconvert, terminals). Either way
``explorer.figure()`` is its matplotlib figure, ``explorer.save(path)`` writes
it, and the Python twins (``explorer.x = 2``, ``explorer.train(0.1)``) work.

Up to kerasnb 0.2 the functions returned a bare matplotlib ``Figure`` where
widgets do not render; the figure's most used attributes (``axes``,
``savefig``, ...) still answer on the explorer, with a DeprecationWarning.
"""

from __future__ import annotations

import base64
import io
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import numpy as np

from ... import _env
from ..._deprecated import warn_renamed
from ..._validate import bad_value, check_real
from .._guard import run_guarded

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

SAVE_FORMATS = (".png", ".svg", ".pdf")
# What code written for the old return value (a Figure) used most.
_FIGURE_NAMES = frozenset({"axes", "savefig", "get_axes", "suptitle", "tight_layout",
                           "set_size_inches", "get_size_inches", "add_subplot", "canvas",
                           "dpi", "legend"})


def png_of(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    return buffer.getvalue()


def new_figure(for_widget: bool, size: tuple[float, float]) -> Any:
    """A pyplot-free figure for widgets; a closed pyplot figure to return headless.

    A closed pyplot figure still displays once when it is a cell's value, and
    ``plt.show()`` at the end of the cell does not show it a second time.
    """
    if for_widget:
        from matplotlib.figure import Figure

        return Figure(figsize=size)
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=size)
    plt.close(fig)
    return fig


def real(name: str, value: Any, *, expected: str, **bounds: Any) -> float:
    """``check_real``, with an int too big for a float refused the same way."""
    try:
        return check_real(name, value, expected=expected, **bounds)
    except OverflowError:
        raise bad_value(name, expected, value) from None


def wants_widget(interactive: Any) -> bool:
    """``interactive`` checked: True, False, or None for "where widgets render"."""
    if interactive is None:
        return _env.widgets_render()
    if not isinstance(interactive, (bool, np.bool_)):
        raise bad_value("interactive", "True, False or None", interactive)
    return bool(interactive)


class Explorer(widgets.VBox):
    """A figure shown as a PNG inside a widget, drawn on first display, then kept current.

    Every control's callback runs through ``widgets._guard``: a failure is shown
    in the widget's error line and kept in ``errors`` (empty when all is well).
    """

    def _init_view(self, controls: widgets.Widget, status: widgets.HTML,
                   interactive: bool | None) -> None:
        self._image = widgets.Image(format="png")
        self._status = status
        self._error = widgets.HTML(layout=widgets.Layout(display="none"))
        self._error.add_class("kerasnb-explorer-error")
        self.errors: list[str] = []
        self._interactive = wants_widget(interactive)
        self._drawn = False
        super().__init__([controls, self._image, status, self._error])

    # --- drawing ---

    def figure(self, *, for_widget: bool = False) -> Figure:  # pragma: no cover - overridden
        raise NotImplementedError

    def save(self, path: str | Path) -> Path:
        """Write the current figure to ``path`` (.png, .svg or .pdf); return the path."""
        target = Path(path)
        if target.suffix.lower() not in SAVE_FORMATS:
            raise bad_value("path", "a path ending in " + ", ".join(SAVE_FORMATS), str(path))
        self.figure(for_widget=True).savefig(target, dpi=90, bbox_inches="tight")
        return target

    def _draw(self) -> None:
        self._image.value = png_of(self.figure(for_widget=True))

    def _refresh(self, force: bool = False) -> None:
        """Redraw after a change once the widget has been shown; errors go to the widget."""
        if not (self._drawn or force):
            return
        self._drawn = True
        run_guarded(self._show_error, self._draw)

    def _guarded(self, action: Any, *args: Any) -> None:
        """Run a control's twin; a failure is shown in the widget, never raised."""
        run_guarded(self._show_error, action, *args)

    def _show_error(self, text: str | None) -> None:
        self.errors = [] if text is None else [text]
        self._error.value = "" if text is None else \
            f"<span style='color:#b00020'>⚠ {escape(text)}</span>"
        self._error.layout.display = "none" if text is None else None

    # --- showing ---

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        self._refresh(force=not self._drawn)
        if self._interactive:
            return super()._repr_mimebundle_(**kwargs)
        png = bytes(self._image.value or b"")
        bundle = {"text/plain": repr(self)}
        if png:
            bundle["image/png"] = base64.b64encode(png).decode("ascii")
        return bundle

    @property
    def _ipython_display_(self) -> Any:
        """Live: the explorer, and a snapshot of its picture for the saved notebook.

        None for a still, so IPython shows `_repr_mimebundle_` (PNG and text).
        """
        if not self._interactive:
            return None

        def show() -> None:
            from .._snapshots import show_explorer

            self._refresh(force=not self._drawn)
            show_explorer(self, self._image)
        return show

    def __getattr__(self, name: str) -> Any:
        if name in _FIGURE_NAMES:  # code written for the old return value, a Figure
            warn_renamed(f"`{name}` on an explorer (explorer functions return the explorer "
                         "now, not its Figure)", f"`explorer.figure().{name}`")
            return getattr(self.figure(), name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __repr__(self) -> str:
        traits = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._state_traits())
        return f"{type(self).__name__}({traits})"

    def _state_traits(self) -> list[str]:
        """The explorer's own settings (not the box's layout traits), for its repr."""
        own = set(self.class_own_traits()) | {
            name for cls in type(self).__mro__[1:] if issubclass(cls, Explorer)
            for name in cls.class_own_traits()}
        return sorted(own)
