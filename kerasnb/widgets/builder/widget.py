"""The widget half of `ModelBuilder`: the view, what it shows, and its callbacks.

The view reads the builder through a small public side only: ``entries``,
``analysis``, ``input_shape``, ``note``, ``last_valid``, ``model``, ``code`` and
the settings traits; it acts through the twins (``add``, ``set``, ``move``,
``remove``, ``apply_fix``, ``train``, ``stop``). Its own state (field errors,
the last action's error, which rows are in view) lives here.

The model side calls these hooks: ``_build_view()`` once, ``_view_refresh()``
after every re-check, ``_view_setting(name)`` when a setting changed,
``_view_problems()`` (the values typed in fields that were refused: they make
the builder not `valid`), and the training hooks ``_show_status(text)``,
``_show_training(running)`` and ``_plot_area()``. Every callback goes through
`kerasnb.widgets._guard.guarded`: an error is shown by ``_show_error(text)``.
"""

from __future__ import annotations

import functools
import html
import json
from typing import Any

import ipywidgets as widgets

from .._guard import guarded
from . import view
from .check import fmt_shape
from .graph import inputs_of
from .layers import all_kind_names
from .task import METRICS

COMPILE_SETTINGS = ("optimizer", "learning_rate", "loss", "metrics")
ROWS_SHOWN = 30  # layer rows in view at a time; the table always lists every layer
GRAPH_LIVE = 60  # up to this many layers the graph follows every edit; beyond, each click
TRAIN_SETTINGS = ("epochs", "batch_size", "validation_split")


class BuilderWidget:
    """Mixed into `ModelBuilder` (a `VBox`): its rows, panels and callbacks."""

    def _build_view(self) -> None:
        self._field_errors: dict[tuple, str] = {}  # (row id or "setting", name) -> message
        self._action_error: str | None = None
        self.add_class("kerasnb-builder")
        self._title = widgets.HTML()
        self._rows = widgets.VBox()
        self._rows.add_class("kerasnb-builder-rows")
        self._first_row = 0
        self._window = widgets.BoundedIntText(value=1, min=1, max=1, description="rows from",
                                              style=view._STYLE,
                                              layout=widgets.Layout(width="180px",
                                                                    display="none"))
        self._window.add_class("kerasnb-builder-window")
        self._window.observe(self._on_window, names="value")
        self._window_note = widgets.HTML()
        self._add_kind = widgets.Dropdown(options=all_kind_names(), value="Dense",
                                          description="new layer", style=view._STYLE,
                                          layout=widgets.Layout(width="280px"))
        self._add_kind.add_class("kerasnb-builder-addkind")
        self._add_button = view.button("Add layer", "kerasnb-builder-add", icon="plus")
        self._add_button.on_click(self._on_add)
        self._table = widgets.HTML()
        self._table.add_class("kerasnb-builder-table")
        self._errors_html = widgets.HTML()
        self._errors_html.add_class("kerasnb-builder-errors")
        self._hints_box = widgets.VBox()
        self._hints_box.add_class("kerasnb-builder-hints")
        self._shown_hints: list = []
        self._controls = self._make_controls()
        self._train_button = view.button("Train", "kerasnb-builder-train", icon="play",
                                         style="success")
        self._train_button.on_click(self._on_train)
        self._stop_button = view.button("Stop", "kerasnb-builder-stop", icon="stop",
                                        style="danger")
        self._stop_button.disabled = True
        self._stop_button.on_click(self._on_stop)
        self._status = widgets.HTML()
        self._status.add_class("kerasnb-builder-status")
        self._plot = widgets.Output()
        self._plot.add_class("kerasnb-builder-plot")
        self._code_button = view.button("Show code", "kerasnb-builder-showcode", icon="code")
        self._code_button.on_click(self._on_showcode)
        self._code_html = widgets.HTML(layout=widgets.Layout(display="none"))
        self._code_html.add_class("kerasnb-builder-code")
        self._graph_button = view.button("Show graph", "kerasnb-builder-showgraph",
                                         icon="sitemap")
        self._graph_button.on_click(self._on_showgraph)
        self._graph_html = widgets.HTML(layout=widgets.Layout(display="none"))
        self._graph_html.add_class("kerasnb-builder-graph")
        self._graph_key: str | None = None
        c = self._controls
        compile_panel = widgets.HBox([widgets.HTML("<b>Compile</b>"), *(
            c[n] for n in ("task", *COMPILE_SETTINGS))], layout=view.wrap())
        compile_panel.add_class("kerasnb-builder-compile")
        train_panel = widgets.HBox([widgets.HTML("<b>Train</b>"),
                                    *(c[n] for n in TRAIN_SETTINGS), self._train_button,
                                    self._stop_button], layout=view.wrap())
        train_panel.add_class("kerasnb-builder-trainpanel")
        overview = widgets.HBox([self._table, self._graph_html], layout=view.wrap())
        self.children = [self._title, widgets.HBox([self._window, self._window_note]),
                         self._rows,
                         widgets.HBox([self._add_kind, self._add_button]), overview,
                         self._errors_html, self._hints_box, compile_panel, train_panel,
                         self._status, self._plot,
                         widgets.HBox([self._code_button, self._graph_button]),
                         self._code_html]

    # ------------------------------------------------- hooks the model side calls
    def _view_refresh(self) -> None:
        self._sync_rows()
        self._show()

    def _view_setting(self, name: str) -> None:
        self._show_control(name)
        self._field_errors.pop(("setting", name), None)

    def _view_problems(self) -> list[str]:
        return list(self._field_errors.values())

    def _show_error(self, text: str | None) -> None:
        """Show the error of the last action (None clears it)."""
        if text == self._action_error:
            return
        self._action_error = text
        self._show()

    def _show_status(self, text: str) -> None:
        self._status.value = html.escape(text)

    def _show_training(self, running: bool) -> None:
        self._train_button.disabled, self._stop_button.disabled = running, not running

    def _plot_area(self) -> widgets.Output:
        return self._plot

    # ------------------------------------------------------------------ the view
    def _make_controls(self) -> dict[str, widgets.Widget]:
        cls = type(self)
        controls: dict[str, widgets.Widget] = {}
        for name in ("task", "optimizer", "learning_rate", "loss", *TRAIN_SETTINGS):
            controls[name] = view.field(getattr(cls, name).param, getattr(self, name))
        controls["metrics"] = widgets.TagsInput(value=list(self.metrics), description="metrics",
                                                allowed_tags=list(METRICS),
                                                allow_duplicates=False, style=view._STYLE,
                                                layout=widgets.Layout(width="300px"))
        for name, w in controls.items():
            w.add_class(f"kerasnb-builder-{name.replace('_', '')}")
            w.observe(lambda c, name=name: self._on_control(name, c["new"]), names="value")
        self._quiet_controls = False
        return controls

    def _show_control(self, name: str) -> None:
        w = self._controls.get(name)
        value = getattr(self, name)
        if w is not None and w.value != value:
            self._quiet_controls = True
            try:
                w.value = list(value) if name == "metrics" else value
            finally:
                self._quiet_controls = False

    def _sync_rows(self) -> None:
        """Rows for the layers in view (all of them, up to ROWS_SHOWN at a time)."""
        entries, a = self.entries, self.analysis
        n = len(entries)
        self._first_row = max(0, min(self._first_row, n - ROWS_SHOWN))
        if n > ROWS_SHOWN:
            self._window.layout.display = None
            self._window.max = n - ROWS_SHOWN + 1
            self._quiet_controls = True
            try:
                self._window.value = self._first_row + 1
            finally:
                self._quiet_controls = False
            self._window_note.value = (f"showing layers {self._first_row + 1} to "
                                       f"{self._first_row + ROWS_SHOWN} of {n}")
        else:
            self._window.layout.display = "none"
            self._window_note.value = ""
        old = list(self._rows.children)
        rows = []
        for k, i in enumerate(range(self._first_row, min(n, self._first_row + ROWS_SHOWN))):
            entry = entries[i]
            row = old[k] if k < len(old) else None
            bad = a.rows[i].error is not None if i < len(a.rows) else False
            refs = inputs_of(entries, i)
            if row is None or not row.fits(entry):
                if row is not None:
                    self._forget_row(row)
                row = view.LayerRow(entry, i, self._on_field, self._on_action, refs)
            for name in row.show(entry, i, error=bad, refs=refs):
                self._field_errors.pop((id(row), name), None)
            rows.append(row)
        for row in old[len(rows):]:
            self._forget_row(row)
        if rows != old:
            self._rows.children = rows

    def _forget_row(self, row: view.LayerRow) -> None:
        for key in [k for k in self._field_errors if k[0] == id(row)]:
            del self._field_errors[key]
        row.close_all()

    def _show(self) -> None:
        a, entries, note = self.analysis, self.entries, self.note
        errors = [*a.errors, *self._view_problems()]
        if self._action_error:
            errors.append(self._action_error)
        self.set_trait("errors", errors)
        hints = [*(h.message for h in a.hints), *([note] if note else [])]
        self.set_trait("hints", hints)
        detail = f" ({self.num_classes} classes)" if self.task == "multiclass" and \
            self.num_classes else ""
        self._title.value = (f"<b>Model builder</b> &middot; input shape "
                             f"{fmt_shape(self.input_shape)} &middot; task: {self.task}{detail}")
        self._table.value = view.table_html(self.input_shape, entries, a)
        self._errors_html.value = view.errors_html(errors)
        shown = [(h.message, h.label) for h in a.hints]
        if shown != self._shown_hints:
            self._shown_hints = shown
            for box in self._hints_box.children:
                for child in getattr(box, "children", ()):
                    child.close()
                box.close()
            boxes = [view.hint_box(h.message, h.label,
                                   None if h.fix is None else functools.partial(
                                       self._on_fix, h.fix)) for h in a.hints]
            if note:
                boxes.append(view.hint_box(note, None, None))
            self._hints_box.children = boxes
        if self._code_html.layout.display != "none":
            self._code_html.value = self._code_view()
        if self._graph_html.layout.display != "none" and len(entries) <= GRAPH_LIVE:
            self._show_graph()

    def _show_graph(self) -> None:
        """The diagram of the last valid model (`show_model`), redrawn when it changed."""
        state = self.last_valid
        if state is None:
            self._graph_html.value = view.errors_html(["No valid model yet."])
            self._graph_key = None
            return
        key = json.dumps([state["input_shape"], state["spec"]])
        if key == self._graph_key:
            return
        from ...viz import show_model

        note = "" if len(self.entries) <= GRAPH_LIVE else (
            f"<p><i>A big model: the graph is redrawn when you click Show graph, not after "
            f"every edit (more than {GRAPH_LIVE} layers).</i></p>")
        self._graph_html.value = note + show_model(self.model).svg
        self._graph_key = key

    def _code_view(self) -> str:
        if self.last_valid is None:
            return view.errors_html(["No valid model yet: fix the errors above."])
        note = "" if self.analysis.valid else (
            "<i>The builder has errors; this is the code of the last valid model.</i>")
        return note + view.code_html(self.code)

    # ------------------------------------------------------------- callbacks
    @guarded
    def _on_field(self, row: view.LayerRow, name: str, value: Any) -> None:
        key = (id(row), name)
        self._field_errors.pop(key, None)
        try:
            if name == "inputs":
                self.set(row.index, inputs=view.refs_from_text(value))
            else:
                self.set(row.index, **{name: value})
        except ValueError as e:
            self._field_errors[key] = f"Layer {row.index + 1} ({row.kind}): {e}"
            self._show()

    @guarded
    def _on_action(self, row: view.LayerRow, action: str) -> None:
        i, n = row.index, len(self.entries)
        if action == "remove":
            self.remove(i)
        elif action == "up" and i > 0:
            self.move(i, i - 1)
        elif action == "down" and i < n - 1:
            self.move(i, i + 1)
        else:
            self._show()

    @guarded
    def _on_add(self, _: Any = None) -> None:
        self.add(self._add_kind.value)

    @guarded
    def _on_fix(self, fix: tuple) -> None:
        self.apply_fix(fix)

    @guarded
    def _on_control(self, name: str, value: Any) -> None:
        if self._quiet_controls:
            return
        key = ("setting", name)
        self._field_errors.pop(key, None)
        try:
            setattr(self, name, value)
            self._show()
        except ValueError as e:
            self._field_errors[key] = str(e)
            self._show()

    def _toggle(self, panel: Any, button: Any, what: str) -> None:
        """Show or hide ``panel``; ``button`` says what the next click does."""
        hidden = panel.layout.display == "none"
        panel.layout.display = None if hidden else "none"
        button.description = f"{'Hide' if hidden else 'Show'} {what}"
        self._show()

    @guarded
    def _on_showcode(self, _: Any = None) -> None:
        self._toggle(self._code_html, self._code_button, "code")

    @guarded
    def _on_window(self, change: dict) -> None:
        if self._quiet_controls:
            return
        self._first_row = int(change["new"]) - 1
        self._sync_rows()

    @guarded
    def _on_showgraph(self, _: Any = None) -> None:
        self._toggle(self._graph_html, self._graph_button, "graph")

    @guarded
    def _on_stop(self, _: Any = None) -> None:
        self.stop()

    @guarded
    def _on_train(self, _: Any = None) -> None:
        self.train()
