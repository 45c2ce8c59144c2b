"""A `Scene` drawn as one inline ``<svg>`` string: no widget, no JavaScript, no plotly.

`render_svg` lays out a heading and one panel per metric in a grid of up to
two columns; `svg_panel.draw_panel` draws each panel. The picture reads the
same as the plotly and matplotlib outputs (colours, dashes, best star, marks)
and its hover texts are SVG ``<title>`` elements, which browsers show as
native tooltips. Every user string is escaped; ids are prefixed with ``uid``
so two plots on one page never share one, and the only styling is inline
attributes, so nothing leaks into the page.
"""

from __future__ import annotations

import itertools
import math
import re

from ..scene import Scene
from .base import heading_lines
from .svg_panel import LEGEND_ROW, Box, draw_panel, esc, legend_items, legend_rows

HEADING_LINE = 17  # px per heading line (13 px text)
HEADING_CHAR = 7.0  # px per heading character, for wrapping
MAX_LEGEND_ROWS = 3
FONT = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
WAITING = "waiting for the first epoch"

_ids = itertools.count(1)


def render_svg(scene: Scene, *, width: int = 760, panel_height: int = 220, uid: str = "") -> str:
    """The whole figure for ``scene`` as one ``<svg>…</svg>`` string.

    A heading line (title and status), then one panel per ``scene.panels``
    entry in a grid of up to 2 columns. A scene with no panels yet shows the
    heading and "waiting for the first epoch".

    Args:
        scene: what to draw (`kerasnb.callbacks.scene.build_scene`).
        width: the figure's width in pixels (it shrinks to fit a narrower page).
        panel_height: the height of one panel in pixels, legend included.
        uid: a prefix for the ids and classes in the figure, unique on the
            page (letters, digits, ``-`` and ``_``; others are dropped). Default:
            a new one for each call.

    Returns:
        Well-formed SVG markup, to be put in a ``text/html`` output as is.
    """
    uid = _scope(uid)
    width = max(int(width), 200)
    panel_height = max(int(panel_height), 120)
    heading = heading_lines(scene.heading, max(int(width / HEADING_CHAR), 20)) \
        if scene.heading else []
    top = 8 + HEADING_LINE * len(heading) if heading else 4
    n = len(scene.panels)
    cols = 1 if n == 1 else 2
    rows = math.ceil(n / cols)
    cell_w = width / cols
    legends = [legend_items(panel, scene) for panel in scene.panels]
    plot_w = cell_w - Box.LEFT - Box.RIGHT
    legend_n = min(max((legend_rows(items, plot_w) for items in legends), default=1),
                   MAX_LEGEND_ROWS)
    cell_h = panel_height + LEGEND_ROW * (legend_n - 1)
    height = top + (rows * cell_h if n else panel_height) + 4
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="{uid}" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" font-family="{esc(FONT)}" '
           f'font-size="10" style="max-width:100%;height:auto" role="img" '
           f'aria-label="{esc(_describe(scene))}">',
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    for i, line in enumerate(heading):
        out.append(f'<text x="8" y="{20 + HEADING_LINE * i}" font-size="13" '
                   f'fill="#333333">{esc(line)}</text>')
    if not n:
        out.append(f'<text x="{width / 2:.1f}" y="{top + panel_height / 2:.1f}" '
                   f'text-anchor="middle" font-size="13" fill="#888888">{WAITING}</text>')
    for i, panel in enumerate(scene.panels):
        row, col = divmod(i, cols)
        box = Box(col * cell_w, top + row * cell_h, cell_w, cell_h, legend_n)
        draw_panel(out, panel, scene, box, legends[i], f"{uid}-p{i}")
    out.append("</svg>")
    return "".join(out)


def _scope(uid: str) -> str:
    """``uid`` reduced to characters safe in an id and a class, starting with a letter."""
    uid = re.sub(r"[^A-Za-z0-9_-]", "", str(uid or ""))
    if not uid:
        return f"knbsvg{next(_ids)}"
    return uid if uid[0].isalpha() else f"k{uid}"


def _describe(scene: Scene) -> str:
    names = ", ".join(p.name for p in scene.panels) or WAITING
    return f"LivePlot ({names}): {scene.heading}" if scene.heading else f"LivePlot ({names})"
