"""``show_model``: an SVG diagram of a model's layers, drawn by kerasnb itself.

No graphviz and no pydot: ``_graph`` reads the wiring, ``_layout`` places the
boxes in ranks, and this module writes the SVG. Every name in it is escaped.
"""

from __future__ import annotations

import os
import textwrap
from itertools import pairwise
from pathlib import Path

from .._repr import ShowsItself
from .._validate import check_bool
from ._blocks import collapse as collapse_blocks
from ._display import escape
from ._graph import Box, Graph, model_graph, param_count
from ._inputs import check_model
from ._layout import Layout, layered

BOX_HEIGHT = 58
MARGIN = 16
HEADER = 30
AUTO_COLLAPSE = 60  # boxes; above this repeated blocks are folded unless collapse=False
OVERVIEW_HEIGHT = 1000  # px: a folded diagram taller than this is scaled down to fit

_FAMILIES = (  # (fill, stroke), first match on the layer type wins
    (("InputLayer",), ("#e8f0fe", "#4a6fa5")),
    (("Conv", "Convolution"), ("#fde8d7", "#c8743a")),
    (("Pooling",), ("#fff4cc", "#b8962e")),
    (("Dense",), ("#e3f2e1", "#4c8c4a")),
    (("LSTM", "GRU", "RNN", "Bidirectional", "Attention"), ("#efe3f7", "#8450a8")),
    (("Concatenate", "Add", "Multiply", "Average", "Maximum", "Minimum", "Subtract", "Dot"),
     ("#fde2e4", "#b5485a")),
    (("Normalization", "Dropout", "Noise"), ("#eef0f2", "#7b8794")),
    (("Embedding",), ("#e0f0fa", "#3f7fb0")),
)
_MODEL_COLOURS = ("#dff3f3", "#2f8585")
_BLOCK_COLOURS = ("#fbf3e4", "#9a6b1f")
_OTHER_COLOURS = ("#f5f5f5", "#8a8f98")


def _colours(box: Box) -> tuple[str, str]:
    if box.kind == "model":
        return _MODEL_COLOURS
    if box.kind == "block":
        return _BLOCK_COLOURS
    for words, colours in _FAMILIES:
        if any(w in box.type for w in words):
            return colours
    return _OTHER_COLOURS


def _lines(box: Box) -> tuple[str, str, str]:
    params = "? params" if box.params is None else f"{box.params:,} params"
    if box.kind == "op":
        return box.name, f"{box.type} (keras.ops)", box.shape
    return box.name, box.type, f"{box.shape}  ·  {params}"


def _name_width(box: Box) -> float:
    return len(box.name) * 7.6 + 20


def _fit(text: str, width: float, char: float) -> str:
    room = int((width - 16) / char)
    return text if len(text) <= room else text[: max(room - 1, 1)] + "…"


class ModelDiagram(ShowsItself):
    """The architecture diagram ``show_model`` returns; shows itself as SVG.

    Attributes:
        svg: the diagram as an SVG document (str).
        graph: the boxes and edges it draws.
    """

    def __init__(self, name: str, graph: Graph, layout: Layout, box_width: float,
                 total_params: int | None, *, fit_height: float | None = None) -> None:
        self.name = name
        self.graph = graph
        self.layout = layout
        self.box_width = box_width
        self.total_params = total_params
        self.fit_height = fit_height
        self.svg = self._draw()

    def __repr__(self) -> str:
        return (f"<ModelDiagram of {self.name!r}: {len(self.graph.boxes)} boxes, "
                f"{len(self.graph.edges)} edges>")

    def _repr_text(self) -> str:
        return repr(self)

    def _repr_extra(self) -> dict:
        return {"image/svg+xml": self.svg}

    def save(self, path: str | os.PathLike) -> Path:
        """Write the diagram to ``path`` (.svg).

        Returns:
            The ``pathlib.Path`` written.
        """
        target = Path(os.fspath(path))
        if target.suffix.lower() != ".svg":
            raise ValueError(f"`path` must end in .svg. Received: path={os.fspath(path)!r}")
        target.write_text(self.svg, encoding="utf-8")
        return target

    def _draw(self) -> str:
        lay, w, h = self.layout, self.box_width, BOX_HEIGHT
        width = max(lay.width + 2 * MARGIN, 320)
        note = textwrap.wrap(self.graph.note, max(int((width - 2 * MARGIN) / 6.4), 30))
        note_h = 16 * len(note) + 8 if note else 0
        height = lay.height + 2 * MARGIN + HEADER + note_h
        dx = (width - lay.width) / 2
        dy = MARGIN + HEADER
        total = "" if self.total_params is None else f"  ·  {self.total_params:,} parameters"
        shown_w, shown_h = width, height
        if self.fit_height and height > self.fit_height:  # the overview: scaled, never cut
            shown_w, shown_h = width * self.fit_height / height, self.fit_height
        self.size = (round(shown_w), round(shown_h))
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="kerasnb-model" '
            f'width="{shown_w:.0f}" height="{shown_h:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" '
            f'font-family="Helvetica, Arial, sans-serif">',
            '<defs><marker id="kerasnb-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
            'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            '<path d="M0,0 L10,5 L0,10 z" fill="#8a8f98"/></marker></defs>',
            f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
            f'<text x="{MARGIN}" y="{MARGIN + 12}" font-size="14" font-weight="bold" '
            f'fill="#333">{escape(self.name)}<tspan font-weight="normal" fill="#666">'
            f'{escape(total)}</tspan></text>',
        ]
        out += self._draw_groups(dx, dy)
        for _, _, points in lay.routes:
            pts = [(px + dx, py + dy) for px, py in points]
            path = [f"M{pts[0][0]:.1f},{pts[0][1]:.1f}"]
            for (x1, y1), (x2, y2) in pairwise(pts):
                ym = (y1 + y2) / 2
                path.append(f"C{x1:.1f},{ym:.1f} {x2:.1f},{ym:.1f} {x2:.1f},{y2:.1f}")
            out.append(f'<path d="{" ".join(path)}" fill="none" stroke="#8a8f98" '
                       f'stroke-width="1.4" marker-end="url(#kerasnb-arrow)"/>')
        for key, box in self.graph.boxes.items():
            x, y = lay.x[key] - w / 2 + dx, lay.y[key] + dy
            fill, stroke = _colours(box)
            name, kind, detail = _lines(box)
            double = ' stroke-dasharray="6 2"' if box.kind == "model" else ""
            thick = 2.5 if box.kind == "block" else 1.5
            rx = h / 2 if box.kind == "op" else 6
            members = ""
            if box.members:
                listed = ", ".join(box.members[:12]) + ("…" if len(box.members) > 12 else "")
                members = f"&#10;{len(box.members)} layers: {escape(listed)}"
            out.append(
                f'<g class="kerasnb-layer" data-name="{escape(box.name)}">'
                f"<title>{escape(name)} ({escape(kind)})&#10;{escape(detail)}{members}</title>"
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.0f}" height="{h}" rx="{rx:.0f}" '
                f'fill="{fill}" stroke="{stroke}" stroke-width="{thick}"{double}/>'
                f'<text x="{x + w / 2:.1f}" y="{y + 18:.1f}" text-anchor="middle" '
                f'font-size="13" font-weight="bold" fill="#222">{escape(name)}</text>'
                f'<text x="{x + w / 2:.1f}" y="{y + 34:.1f}" text-anchor="middle" '
                f'font-size="11.5" fill="{stroke}">{escape(_fit(kind, w, 6.6))}</text>'
                f'<text x="{x + w / 2:.1f}" y="{y + 50:.1f}" text-anchor="middle" '
                f'font-size="11.5" fill="#444">{escape(_fit(detail, w, 6.6))}</text></g>')
        for i, line in enumerate(note):
            out.append(f'<text x="{MARGIN}" y="{height - MARGIN - 16 * (len(note) - 1 - i):.0f}" '
                       f'font-size="12" fill="#666">{escape(line)}</text>')
        out.append("</svg>")
        return "\n".join(out)

    def _draw_groups(self, dx: float, dy: float) -> list[str]:
        """A dashed frame around the layers of each expanded nested model."""
        out = []
        w, pad = self.box_width, 10
        for key, (label, _) in self.graph.groups.items():
            members = [k for k, b in self.graph.boxes.items() if _inside(self.graph, b, key)]
            if not members:
                continue
            left = min(self.layout.x[k] for k in members) - w / 2 - pad + dx
            right = max(self.layout.x[k] for k in members) + w / 2 + pad + dx
            top = min(self.layout.y[k] for k in members) - pad - 14 + dy
            bottom = max(self.layout.y[k] for k in members) + BOX_HEIGHT + pad + dy
            out.append(
                f'<g class="kerasnb-nested"><rect x="{left:.1f}" y="{top:.1f}" '
                f'width="{right - left:.1f}" height="{bottom - top:.1f}" rx="10" '
                f'fill="#f7fbfb" stroke="#2f8585" stroke-dasharray="5 3"/>'
                f'<text x="{left + 8:.1f}" y="{top + 14:.1f}" font-size="11.5" '
                f'fill="#2f8585">{escape(label)}</text></g>')
        return out


def _inside(graph: Graph, box: Box, group: str) -> bool:
    current = box.group
    while current is not None:
        if current == group:
            return True
        current = graph.groups[current][1]
    return False


def show_model(model, *, expand_nested: bool = False,
               collapse: bool | None = None) -> ModelDiagram:
    """Draw a model's architecture: a box per layer, arrows for the real graph.

    Each box gives the layer's name, type, output shape and parameter count.
    Branches, merges, several inputs and outputs, shared layers (one box with
    several arrows) and nested models are drawn as they are wired; operations
    written in the graph directly (``x + inputs``, ``keras.ops.relu(h)``) get
    rounded boxes of their own. Works without graphviz or pydot.

    Big models (keras.applications' ResNet50 has 177 layers, NASNetMobile
    771) are drawn as an overview: repeated blocks are found by their names
    (``conv3_block1_...`` to ``conv3_block4_...``) or by their structure, and
    drawn as one box with a count (``conv3_block ×4``); the picture is scaled
    to about 1,000 px tall. The box's tooltip lists the layers it folds.

    Args:
        model: a ``keras.Model``: Sequential, functional or subclassed (its
            layers and sub-models are listed without arrows, as Keras keeps
            no graph for it).
        expand_nested: open nested models (and a subclassed model's
            sub-models) to show their own layers inside a dashed frame; by
            default a nested model is one box.
        collapse: True folds repeated blocks, False draws every layer, None
            (default) folds them when the model has more than 60 boxes.

    Returns:
        A ``ModelDiagram``; it shows itself as SVG in a notebook, ``.svg``
        holds the text and ``.save("model.svg")`` writes it.

    Raises:
        ValueError: ``model`` is not a Keras model.

    Example:
        >>> knb.show_model(model)                      # doctest: +SKIP
        >>> knb.show_model(model, expand_nested=True)  # doctest: +SKIP
        >>> knb.show_model(resnet, collapse=False)     # every layer  # doctest: +SKIP
    """
    check_model(model)
    check_bool("expand_nested", expand_nested)
    if collapse is not None:
        check_bool("collapse", collapse)
    graph = model_graph(model, expand_nested=expand_nested)
    folded = collapse if collapse is not None else len(graph.boxes) > AUTO_COLLAPSE
    if folded:
        graph = collapse_blocks(graph)
    longest = max((max(len(b) * 6.6, len(c) * 6.6)
                   for _, b, c in map(_lines, graph.boxes.values())), default=0)
    names = max((_name_width(box) for box in graph.boxes.values()), default=0)
    box_width = max(min(max(longest + 20, 170), 340), names)  # a name is never cut
    layout = layered(list(graph.boxes), graph.edges, width=box_width, height=BOX_HEIGHT,
                     v_gap=46 if graph.groups else 34)
    return ModelDiagram(model.name, graph, layout, box_width, param_count(model),
                        fit_height=OVERVIEW_HEIGHT if folded else None)
