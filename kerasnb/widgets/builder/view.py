"""The model builder's widget parts: layer rows, panels, the table and the error area.

Nothing here decides anything: rows report edits to callbacks the builder gives
them, and the builder tells rows and HTML parts what to show.
"""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from .check import Analysis, fmt_shape
from .graph import INPUT, inputs_of, is_chain
from .layers import KIND_NAMES, extras_of, kind_of
from .params import Param

_WIDTH = {"int": "150px", "float": "170px", "choice": "200px", "bool": "auto", "size": "170px",
          "shape": "190px", "input_shape": "190px", "text": "220px", "json": "260px",
          "layer": "320px"}
_STYLE = {"description_width": "initial"}

# Scoped to the builder's root class; shipped inline so the table looks the same
# in JupyterLab, Notebook 7 and VS Code.
_TABLE_CSS = """<style>
.kerasnb-builder-table table {border-collapse: collapse; font-size: 13px; margin: 4px 0;}
.kerasnb-builder-table th, .kerasnb-builder-table td {padding: 2px 10px; text-align: left;
  border-bottom: 1px solid #ddd;}
.kerasnb-builder-table td.num {text-align: right; font-variant-numeric: tabular-nums;}
.kerasnb-builder-table tr.bad td {color: #b00020;}
.kerasnb-builder-table tr.total td {font-weight: bold; border-bottom: none;}
.kerasnb-builder-errors ul {color: #b00020; margin: 4px 0; padding-left: 20px;}
.kerasnb-builder-code pre {background: #f6f8fa; padding: 8px; font-size: 12px;}
.kerasnb-builder-hint {font-family: var(--jp-ui-font-family, sans-serif);}
.kerasnb-builder-hint b.mark {color: #8a6d00; margin-right: 4px;}
</style>"""


def wrap() -> widgets.Layout:
    """A row layout that wraps onto the next line in narrow notebooks."""
    return widgets.Layout(flex_flow="row wrap", align_items="center")


def display_value(p: Param, value: Any) -> Any:
    """What a parameter's widget shows for a spec value."""
    if p.type in ("size", "shape", "input_shape"):
        if value is None:
            return ""
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    if p.type in ("json", "layer"):
        return "" if value is None else value if isinstance(value, str) else json.dumps(value)
    if p.type == "text":
        return "" if value is None else value
    return value


def refs_text(refs: list) -> str:
    """Inputs as the widget shows them: layer numbers from 1, or "input"."""
    return ", ".join(INPUT if r == INPUT else str(r + 1) for r in refs)


def refs_from_text(text: str) -> list | None:
    """The refs typed into an inputs field (layer numbers from 1); None when not readable."""
    refs: list = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if part == INPUT or part.lower() == "input":
            refs.append(INPUT)
        elif part.isdigit() and len(part) < 7 and int(part) >= 1:
            refs.append(int(part) - 1)
        elif part:
            refs.append(part)  # a layer's name, resolved by the builder
    return refs or None


def field(p: Param, value: Any) -> widgets.Widget:
    """The widget that edits one parameter, described by its name."""
    kw = {"description": p.name, "style": _STYLE,
          "layout": widgets.Layout(width=_WIDTH[p.type])}
    shown = display_value(p, value)
    if p.type == "int":
        return widgets.IntText(value=shown, **kw)
    if p.type == "float":
        return widgets.FloatText(value=shown, **kw)
    if p.type == "choice":
        return widgets.Dropdown(options=p.choices, value=shown, **kw)
    if p.type == "bool":
        return widgets.Checkbox(value=shown, indent=False, **kw)
    return widgets.Text(value=shown, continuous_update=False, **kw)


def row_kinds(kind: str) -> tuple[str, ...]:
    """The kinds a row's dropdown offers: the catalogue, "Input" and its own kind.

    (The "new layer" dropdown offers every built-in layer; a short list keeps
    rows cheap to create on big models.)
    """
    return (*KIND_NAMES, "Input") + (() if kind in KIND_NAMES or kind == "Input" else (kind,))


def _row_params(entry: dict) -> list[Param]:
    kind = kind_of(entry["kind"])
    extras = extras_of(kind)
    return [*kind.params, *(p for name, p in extras.items() if name in entry)]


def button(description: str, css: str, *, icon: str = "", tooltip: str = "",
           width: str | None = None, style: str = "") -> widgets.Button:
    b = widgets.Button(description=description, icon=icon, tooltip=tooltip or description,
                       button_style=style,
                       layout=widgets.Layout(width=width) if width else widgets.Layout())
    b.add_class(css)
    return b


class LayerRow(widgets.HBox):
    """One layer: number, kind dropdown, inputs, one field per parameter, move/remove buttons.

    Edits go to ``on_field(row, name, value)`` (``name`` is "kind" for the
    dropdown, "inputs" for the inputs field), buttons to ``on_action(row, "up" |
    "down" | "remove")``.
    """

    def __init__(self, entry: dict, index: int, on_field: Callable, on_action: Callable,
                 refs: list | None = None):
        self.kind = entry["kind"]
        self.index = index
        self._quiet = False
        self.params = _row_params(entry)
        self.number = widgets.HTML(layout=widgets.Layout(width="28px"))
        self.number.add_class("kerasnb-builder-index")
        self.kind_box = widgets.Dropdown(options=row_kinds(self.kind), value=self.kind,
                                         description="kind", style=_STYLE,
                                         layout=widgets.Layout(width="240px"))
        self.inputs = widgets.Text(value="", description="inputs", continuous_update=False,
                                   style=_STYLE, layout=widgets.Layout(width="150px"))
        self.inputs.add_class("kerasnb-builder-inputs")
        if self.kind == "Input":
            self.inputs.layout.display = "none"
        self.fields = {p.name: field(p, entry[p.name]) for p in self.params}
        self.up = button("", "kerasnb-builder-up", icon="arrow-up", tooltip="Move up",
                         width="34px")
        self.down = button("", "kerasnb-builder-down", icon="arrow-down", tooltip="Move down",
                           width="34px")
        self.remove = button("", "kerasnb-builder-remove", icon="trash", tooltip="Remove layer",
                             width="34px")
        super().__init__([self.number, self.kind_box, self.inputs, *self.fields.values(),
                          self.up, self.down, self.remove],
                         layout=wrap())
        self.add_class("kerasnb-builder-row")
        self.kind_box.observe(lambda c: self._edited(on_field, "kind", c["new"]), names="value")
        self.inputs.observe(lambda c: self._edited(on_field, "inputs", c["new"]), names="value")
        for name, w in self.fields.items():
            w.observe(lambda c, name=name: self._edited(on_field, name, c["new"]), names="value")
        self.up.on_click(lambda _: on_action(self, "up"))
        self.down.on_click(lambda _: on_action(self, "down"))
        self.remove.on_click(lambda _: on_action(self, "remove"))
        self.show(entry, index, refs=refs)

    def _edited(self, on_field: Callable, name: str, value: Any) -> None:
        if not self._quiet:
            on_field(self, name, value)

    def fits(self, entry: dict) -> bool:
        """True when this row has exactly the fields ``entry`` needs."""
        return self.kind == entry["kind"] and self.params == _row_params(entry)

    def show(self, entry: dict, index: int, error: bool = False,
             refs: list | None = None) -> list[str]:
        """Show a spec entry; returns the names of the fields whose text was overwritten."""
        if self.index != index or not self.number.value:
            self.number.value = f"<b>{index + 1}</b>"
        self.index = index
        changed = []
        self._quiet = True
        try:
            text = refs_text(refs or [])
            if self.inputs.value != text:
                self.inputs.value = text
                changed.append("inputs")
            for p in self.params:
                shown = display_value(p, entry[p.name])
                w = self.fields[p.name]
                if w.value != shown:
                    w.value = shown
                    changed.append(p.name)
        finally:
            self._quiet = False
        (self.add_class if error else self.remove_class)("kerasnb-builder-row-error")
        return changed

    def close_all(self) -> None:
        for w in self.children:
            w.close()
        self.close()


def table_html(input_shape: tuple, spec: list, analysis: Analysis) -> str:
    """Output shape and parameter count per layer (and its inputs, in a graph), with totals."""
    chain = is_chain(spec)
    wired = "" if chain else "<th>Inputs</th>"
    rows = [f"<tr><th>#</th><th>Layer</th>{wired}<th>Output shape</th><th>Params</th></tr>",
            f"<tr><td></td><td>Input</td>{'' if chain else '<td></td>'}"
            f"<td>{fmt_shape((None, *input_shape))}</td><td class='num'>0</td></tr>"]
    outputs = set(analysis.outputs)
    for i, (entry, row) in enumerate(zip(spec, analysis.rows, strict=True)):
        refs = None if chain else tuple(inputs_of(spec, i))
        rows.append(_row_html(i, entry["kind"], entry.get("name"), refs, row.shape,
                              row.trainable + row.non_trainable, row.error is not None,
                              not chain and i in outputs))
    trainable, frozen = analysis.params
    total = f"Total: {trainable + frozen:,} params"
    if frozen:
        total += f" ({trainable:,} trainable, {frozen:,} non-trainable)"
    rows.append(f"<tr class='total'><td></td><td colspan='{3 if chain else 4}'>{total}</td>"
                f"</tr>")
    return _TABLE_CSS + "<table>" + "".join(rows) + "</table>"


@functools.lru_cache(maxsize=8192)
def _row_html(i: int, kind: str, name: str | None, refs: tuple | None, shape: tuple | None,
              params: int, error: bool, output: bool) -> str:
    """One table row (cached: an edit on a big model redraws few rows)."""
    bad = shape is None
    shown = "error" if error else "—" if bad else fmt_shape(shape)
    count = "" if bad else f"{params:,}"
    label = html.escape(kind) + (f" <i>{html.escape(name)}</i>" if name else "")
    if output:
        label += " (output)"
    cell = "" if refs is None else f"<td>{html.escape(refs_text(list(refs)))}</td>"
    return (f"<tr class='{'bad' if bad else 'ok'}'><td>{i + 1}</td><td>{label}</td>{cell}"
            f"<td>{shown}</td><td class='num'>{count}</td></tr>")


def errors_html(errors: list[str]) -> str:
    if not errors:
        return ""
    items = "".join(f"<li>{html.escape(e)}</li>" for e in errors)
    return f"<ul>{items}</ul>"


def code_html(code: str) -> str:
    return f"{_TABLE_CSS}<pre>{html.escape(code)}</pre>"


def hint_box(message: str, label: str | None, on_fix: Callable | None) -> widgets.Widget:
    text = widgets.HTML(f"<b class='mark'>Hint:</b> {html.escape(message)}")
    if label is None or on_fix is None:
        text.add_class("kerasnb-builder-hint")
        return text
    fix = button(label, "kerasnb-builder-fix", icon="wrench", width="auto")
    fix.on_click(lambda _: on_fix())
    box = widgets.HBox([text, fix], layout=widgets.Layout(align_items="center"))
    box.add_class("kerasnb-builder-hint")
    return box
