"""One panel of the SVG live plot: grid, ticks, lines, dots, best star, marks, legend.

Coordinates are worked out with plain float arithmetic and written with one
decimal (the lines themselves by `svg_lines`); the markup is appended to one
list that `svg_draw.render_svg` joins once.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

from ..scene import LR_PANEL, Panel, Scene, Series
from . import svg_axes as axes
from .base import BEST_COLOR, MARK_COLORS, RUN_COLORS, series_style, with_markers
from .svg_lines import LIMIT, polylines

LEGEND_ROW = 14
CHAR = 5.8  # px per character of 10 px text, for the legend flow and truncation
GRID = "#e6e6e6"
INK = "#555555"
# A five-pointed star of outer radius 7 around (0, 0).
STAR = [(round(r * math.sin(k * math.pi / 5), 2), round(-r * math.cos(k * math.pi / 5), 2))
        for k, r in zip(range(10), [7.0, 3.0] * 5, strict=True)]


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def clip(text: str, chars: int) -> str:
    """``text`` cut to ``chars`` characters, ending with an ellipsis when cut."""
    return text if len(text) <= chars else text[:max(chars - 1, 1)] + "\u2026"


@dataclass(frozen=True)
class Box:
    """A panel's cell in the grid; ``plot`` is the inner rectangle the data fills."""

    x: float
    y: float
    w: float
    h: float
    legend_rows: int = 1

    LEFT = 48
    RIGHT = 12
    TOP = 22
    BOTTOM = 20  # x tick labels, above the legend rows

    @property
    def plot(self) -> tuple[float, float, float, float]:
        bottom = self.y + self.h - self.BOTTOM - LEGEND_ROW * self.legend_rows - 2
        return self.x + self.LEFT, self.x + self.w - self.RIGHT, self.y + self.TOP, bottom


@dataclass(frozen=True)
class LegendItem:
    text: str
    color: str
    dashed: bool = False
    opacity: float = 1.0
    star: bool = False

    @property
    def width(self) -> float:
        return 26 + CHAR * len(clip(self.text, 40))


def legend_items(panel: Panel, scene: Scene) -> list[LegendItem]:
    items = [LegendItem(s.label, *series_style(s, scene.multi_run)) for s in panel.series]
    if panel.best:
        items.append(LegendItem("best", BEST_COLOR, star=True))
    return items


def legend_rows(items: list[LegendItem], width: float) -> int:
    """How many rows ``items`` take when they flow over ``width`` pixels."""
    rows, used = 1, 0.0
    for item in items:
        if used and used + item.width > width:
            rows, used = rows + 1, 0.0
        used += item.width
    return rows


def draw_panel(out: list[str], panel: Panel, scene: Scene, box: Box,
               legend: list[LegendItem], pid: str) -> None:
    """Append the markup of ``panel`` in ``box`` to ``out``; ``pid`` prefixes its ids."""
    left, right, top, bottom = box.plot
    marks = scene.marks
    x_lo, x_hi, integer = _x_span(panel, marks, scene.x_end)
    y_lo, y_hi, has_data = _y_span(panel)
    kx = (right - left) / (x_hi - x_lo)
    ky = (bottom - top) / (y_hi - y_lo)
    ax, by = left - x_lo * kx, bottom + y_lo * ky  # pixel = ax + x * kx, by - y * ky
    title = "learning rate" if panel.name == LR_PANEL else panel.name
    out.append(f'<g class="{pid.rsplit("-", 1)[0]}-panel" data-panel="{esc(panel.name)}">'
               f'<text x="{left:.1f}" y="{box.y + 15:.1f}" font-size="12" font-weight="600" '
               f'fill="#333333">{esc(clip(title, int((right - left) / 7)))}'
               f'<title>{esc(title)}</title></text>'
               f'<clipPath id="{pid}-clip"><rect x="{left:.1f}" y="{top:.1f}" '
               f'width="{right - left:.1f}" height="{bottom - top:.1f}"/></clipPath>')
    _grid(out, panel.log_y, (left, right, top, bottom), (x_lo, x_hi, integer), (y_lo, y_hi),
          (ax, kx, by, ky))
    if not has_data:
        out.append(f'<text x="{(left + right) / 2:.1f}" y="{(top + bottom) / 2:.1f}" '
                   f'text-anchor="middle" fill="#888888">no finite values yet</text>')
    thin = 2 * (right - left)
    dots = []
    out.append(f'<g clip-path="url(#{pid}-clip)" fill="none" stroke-linejoin="round" '
               f'stroke-linecap="round">')
    for series in panel.series:
        color, dashed, opacity = series_style(series, scene.multi_run)
        pieces = polylines(series, panel.log_y, (ax, kx, by, ky), thin)
        attrs = (f' stroke="{color}" stroke-width="{1 if series.role == "batch" else 1.8}"'
                 + (' stroke-dasharray="6 4"' if dashed else "")
                 + (f' stroke-opacity="{opacity}"' if opacity != 1 else ""))
        out.append(f'<g data-series="{esc(series.key)}" data-run="{series.run}"{attrs}>')
        out.extend(f'<polyline points="{points}"/>' for points in pieces)
        out.append("</g>")
        if with_markers(series):
            dots.append((series, color))
    out.append("</g>")
    for series, color in dots:
        _dots(out, series, color, panel.log_y, ax, kx, by, ky)
    _best(out, panel, scene, ax, kx, by, ky)
    for mark in marks:
        _mark(out, mark, ax + mark.x * kx, top, bottom)
    _legend(out, legend, left, right, bottom + box.BOTTOM + LEGEND_ROW - 2, box.legend_rows)
    out.append("</g>")


def _x_span(panel: Panel, marks: list, x_end: float | None) -> tuple[float, float, bool]:
    """The x range: the points' (with the marks), to the fit's last epoch while it runs."""
    lists = [s.x for s in panel.series] + [[m.x for m in marks]]
    span = axes.lists_range(lists)
    if span is None:
        return 0.0, 1.0, True
    if x_end is not None and span[0] < x_end and span[1] <= x_end:
        span = (span[0], x_end)  # the axis stays put while the fit fills it
    # Whole-number ticks for epochs, and whenever the span is a few epochs wide.
    integer = span[1] - span[0] >= 3 or all(
        x == int(x) for xs in lists for x in xs if math.isfinite(x))
    lo, hi = axes.padded(*span, pad=0.03)
    return lo, hi, integer


def _y_span(panel: Panel) -> tuple[float, float, bool]:
    lists = [s.y for s in panel.series] + [[b[1] for b in panel.best]]
    if panel.log_y:
        span = axes.lists_range(lists, positive=True)
        return (*axes.log_padded(*span), True) if span else (-1.0, 0.0, False)
    span = axes.lists_range(lists)
    return (*axes.padded(*span), True) if span else (0.0, 1.0, False)


def _grid(out: list[str], log_y: bool, plot: tuple, xs: tuple, ys: tuple,
          scale: tuple) -> None:
    left, right, top, bottom = plot
    ax, kx, by, ky = scale
    x_ticks, x_step = axes.linear_ticks(xs[0], xs[1], max(2, int((right - left) / 60)),
                                        integer=xs[2])
    count = max(2, int((bottom - top) / 36))
    if log_y:
        y_ticks = axes.log_ticks(*ys)
        y_labels = axes.log_labels(y_ticks)
    else:
        y_ticks, y_step = axes.linear_ticks(ys[0], ys[1], count)
        y_labels = [axes.tick_label(t, y_step) for t in y_ticks]
    path, labels = [], []
    for t in x_ticks:
        px = ax + t * kx
        path.append(f"M{px:.1f} {top:.1f}V{bottom:.1f}")
        labels.append(f'<text x="{px:.1f}" y="{bottom + 12:.1f}" text-anchor="middle">'
                      f'{esc(axes.tick_label(t, x_step))}</text>')
    for t, label in zip(y_ticks, y_labels, strict=True):
        py = by - t * ky
        path.append(f"M{left:.1f} {py:.1f}H{right:.1f}")
        labels.append(f'<text x="{left - 5:.1f}" y="{py + 3.5:.1f}" text-anchor="end">'
                      f'{esc(label)}</text>')
    out.append(f'<rect x="{left:.1f}" y="{top:.1f}" width="{right - left:.1f}" '
               f'height="{bottom - top:.1f}" fill="none" stroke="#cccccc"/>'
               f'<path d="{"".join(path)}" stroke="{GRID}" fill="none"/>'
               f'<g fill="{INK}">{"".join(labels)}'
               f'<text x="{left - 5:.1f}" y="{bottom + 12:.1f}" text-anchor="end" '
               f'fill="#888888">epoch</text></g>')


def _dots(out: list[str], series: Series, color: str, log_y: bool, ax: float, kx: float,
          by: float, ky: float) -> None:
    """A dot with a tooltip on each epoch point: "epoch 3 · val_loss 0.4123"."""
    name = esc(series.label)
    out.append(f'<g fill="{color}" data-dots="{esc(series.key)}">')
    log10, finite = math.log10, math.isfinite
    for x, y in zip(series.x, series.y, strict=True):
        if not (finite(y) and finite(x)) or (log_y and y <= 0):
            continue
        py = min(max(by - (log10(y) if log_y else y) * ky, -LIMIT), LIMIT)
        # The x and value formats are svg_axes.x_text and value_text, inlined: one per dot.
        out.append(f'<circle cx="{ax + x * kx:.1f}" cy="{py:.1f}" r="2.6"><title>epoch '
                   f'{x:g} \u00b7 {name} {y:.4g}</title></circle>')
    out.append("</g>")


def _best(out: list[str], panel: Panel, scene: Scene, ax: float, kx: float, by: float,
          ky: float) -> None:
    """A star on each run's best epoch, its tooltip "best val_loss 0.123 at epoch 7"."""
    for x, y, run in panel.best:
        if not (math.isfinite(x) and math.isfinite(y)) or (panel.log_y and y <= 0):
            continue
        label, rec = scene.runs[run] if run < len(scene.runs) else ("", None)
        found = rec.best() if rec is not None else None
        key = found[0] if found else panel.name
        who = f" ({label})" if scene.multi_run and label else ""
        px = ax + x * kx
        py = min(max(by - (math.log10(y) if panel.log_y else y) * ky, -LIMIT), LIMIT)
        points = " ".join(f"{px + dx:.1f},{py + dy:.1f}" for dx, dy in STAR)
        # In a comparison the run's own colour on the star's edge tells whose best it is.
        edge = RUN_COLORS[run % len(RUN_COLORS)] if scene.multi_run else "#333333"
        out.append(f'<polygon class="best" points="{points}" fill="{BEST_COLOR}" '
                   f'stroke="{edge}" stroke-width="1"><title>best {esc(key)} '
                   f'{axes.value_text(y)} at epoch {axes.x_text(x)}{esc(who)}</title>'
                   f'</polygon>')


def _mark(out: list[str], mark, px: float, top: float, bottom: float) -> None:
    """A dashed vertical line with a short label; its tooltip is the whole text."""
    color = MARK_COLORS.get(mark.kind, "#444444")
    line = f'x1="{px:.1f}" y1="{top:.1f}" x2="{px:.1f}" y2="{bottom:.1f}"'
    chars = max(int((bottom - top - 8) / 4.8), 4)
    out.append(f'<g class="mark" data-kind="{esc(mark.kind)}"><title>{esc(mark.kind)} at '
               f'epoch {axes.x_text(mark.x)}: {esc(mark.text)}</title>'
               f'<line {line} stroke="{color}" stroke-width="1.3" stroke-dasharray="3 3"/>'
               f'<line {line} stroke="{color}" stroke-opacity="0" stroke-width="9"/>'
               f'<text transform="translate({px - 3:.1f},{top + 4:.1f}) rotate(-90)" '
               f'text-anchor="end" font-size="9" fill="{color}" stroke="#ffffff" '
               f'stroke-width="2.5" stroke-opacity="0.8" paint-order="stroke">'
               f'{esc(clip(mark.text, chars))}</text></g>')


def _legend(out: list[str], items: list[LegendItem], left: float, right: float,
            baseline: float, max_rows: int) -> None:
    x, row = left, 0
    out.append(f'<g class="legend" fill="{INK}">')
    for item in items:
        if x > left and x + item.width > right:
            row, x = row + 1, left
        if row >= max_rows:
            break
        y = baseline + row * LEGEND_ROW
        if item.star:
            points = " ".join(f"{x + 10 + dx * 0.75:.1f},{y - 3.5 + dy * 0.75:.1f}"
                              for dx, dy in STAR)
            out.append(f'<polygon points="{points}" fill="{item.color}" stroke="#333333" '
                       f'stroke-width="0.8"/>')
        else:
            out.append(f'<line x1="{x:.1f}" y1="{y - 3.5:.1f}" x2="{x + 20:.1f}" '
                       f'y2="{y - 3.5:.1f}" stroke="{item.color}" stroke-width="2"'
                       + (' stroke-dasharray="5 3"' if item.dashed else "")
                       + (f' stroke-opacity="{max(item.opacity, 0.6)}"'
                          if item.opacity != 1 else "") + "/>")
        text = clip(item.text, 40)
        tip = f"<title>{esc(item.text)}</title>" if text != item.text else ""
        out.append(f'<text x="{x + 24:.1f}" y="{y:.1f}">{esc(text)}{tip}</text>')
        x += item.width
    out.append("</g>")
