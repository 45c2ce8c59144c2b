"""Saving a plot: PNG and SVG through matplotlib, HTML that works offline."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from .._utils import bad_value
from .scene import Scene

FORMATS = (".png", ".svg", ".html")


def save_scene(scene: Scene, path: str | Path, *, figure: Any = None,
               interactive: bool = False) -> Path:
    """Write ``scene`` to ``path``; the suffix picks the format.

    Args:
        scene: what to draw.
        path: a file name ending in .png, .svg or .html.
        figure: a matplotlib Figure already showing ``scene`` (else one is drawn).
        interactive: HTML as a plotly page with plotly.js inlined; otherwise
            HTML embeds the SVG. Either way it needs no network.

    Raises:
        ValueError: the suffix is not .png, .svg or .html.
    """
    path = check_path(path)
    suffix = path.suffix.lower()
    if suffix == ".html" and interactive:
        from .backends.plotly import static_figure as plotly_figure

        plotly_figure(scene).write_html(path, include_plotlyjs=True, full_html=True)
        return path
    from .backends.matplotlib import SAVE_DPI, static_figure

    fig = figure if figure is not None else static_figure(scene)
    if suffix == ".html":
        path.write_text(svg_page(fig, scene.heading or "LivePlot"), encoding="utf-8")
    else:
        fig.savefig(path, format=suffix[1:], dpi=SAVE_DPI)
    return path


def check_path(path: Any) -> Path:
    """``path`` as a Path, if it names a .png, .svg or .html file."""
    expected = "a file name ending in .png, .svg or .html"
    if not isinstance(path, (str, Path)):
        raise bad_value("path", expected, path)
    if Path(path).suffix.lower() not in FORMATS:
        raise bad_value("path", expected, str(path))
    return Path(path)


def svg_page(fig: Any, title: str) -> str:
    """A self-contained HTML page showing ``fig`` as inline SVG."""
    import io

    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML prolog and doctype
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title></head>\n"
            f"<body style=\"margin:0\">\n{svg}\n</body></html>\n")
