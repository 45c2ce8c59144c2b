"""The pictures the widgets leave in a saved notebook (see `kerasnb._snapshot`).

Each widget is shown live with a snapshot output next to it: what it showed
last, as an image or an SVG, with a line saying it is a snapshot and how to get
the widget back. The snapshot follows the widget's changes (at most once a
second while they keep coming).
"""

from __future__ import annotations

import html
from typing import Any

from .. import _snapshot


def show_builder(builder: Any) -> None:
    """Show a `ModelBuilder` with the snapshot of its model (diagram, layers, code)."""
    _snapshot.show(builder, lambda: builder_picture(builder), live_words=repr(builder),
                   caption="Snapshot of the builder, saved with the notebook: "
                           "run the cell to use the builder.")


def builder_picture(builder: Any) -> tuple[str, str]:
    """The model diagram of the builder's last valid model, its errors and its code."""
    words = repr(builder)
    parts = [f"<div style='font-size:13px'><b>ModelBuilder</b> · {html.escape(words)}</div>"]
    errors = list(getattr(builder, "errors", []) or [])
    if errors:
        parts.append("<div style='color:#b00020;font-size:12px'>"
                     + "<br>".join(html.escape(str(e)) for e in errors[:5]) + "</div>")
    try:
        from ..viz import show_model

        parts.append(show_model(builder.model).svg)
    except Exception as error:  # no valid model yet: the words say why
        parts.append(f"<div><i>no diagram: {html.escape(str(error))}</i></div>")
    code = getattr(builder, "code", "")
    if code:
        parts.append("<details><summary>code</summary><pre style='font-size:11px'>"
                     f"{html.escape(code)}</pre></details>")
    return "".join(parts), words


def show_playground(playground: Any) -> None:
    """Show a `Playground` with the snapshot of its views (network, decision map, loss)."""
    def picture() -> tuple[str, str]:
        # its own class name: the live widget's class must name the live widget only
        html_ = playground._snapshot_html().replace("class='kerasnb-playground'",
                                                    "class='kerasnb-playground-snapshot'", 1)
        return html_, repr(playground)

    _snapshot.show(playground, picture,
                   live_words=repr(playground),
                   caption="Snapshot of the playground, saved with the notebook: "
                           "run the cell to use the playground.")


def show_explorer(explorer: Any, image: Any) -> None:
    """Show an explorer with the snapshot of its picture (the PNG in ``image``)."""
    def picture() -> tuple[str, str]:
        words = repr(explorer)
        png = bytes(image.value or b"")
        return (_snapshot.png_img(png, alt=words) if png else f"<pre>{html.escape(words)}</pre>",
                words)

    _snapshot.show(explorer, picture, live_words=repr(explorer),
                   caption=f"Snapshot of the {type(explorer).__name__}, saved with the notebook: "
                           "run the cell to use it.")
