"""The widget half of `ModelBuilder`: building the view, showing the state, and the
callbacks of buttons and fields.

Callbacks only call the builder's Python twins (``add``, ``set``, ``move``, ...)
and never raise: `guarded` shows any error in the builder's error area.
"""

from __future__ import annotations

import contextvars
import functools
import json
import threading
from typing import Any

import ipywidgets as widgets

from . import view as view
from .check import fmt_shape
from .graph import inputs_of
from .layers import all_kind_names
from .task import METRICS

COMPILE_SETTINGS = ("optimizer", "learning_rate", "loss", "metrics")
ROWS_SHOWN = 30  # layer rows in view at a time; the table always lists every layer
GRAPH_LIVE = 60  # up to this many layers the graph follows every edit; beyond, each click
TRAIN_SETTINGS = ("epochs", "batch_size", "validation_split")


def guarded(method):
    """Widget callbacks never raise into the notebook: errors go to the error area."""
    @functools.wraps(method)
    def run(self, *args, **kwargs):
        self._action_error = None
        try:
            return method(self, *args, **kwargs)
        except Exception as e:  # shown to the user, inline
            self._action_error = str(e) if isinstance(e, ValueError) else \
                f"Something went wrong: {type(e).__name__}: {e}"
            self._show()
    return run


class BuilderWidget:
    """Mixed into `ModelBuilder` (a `VBox`): its rows, panels and callbacks."""

    def _build_view(self) -> None:
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
        n = len(self._spec)
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
            entry = self._spec[i]
            row = old[k] if k < len(old) else None
            bad = self._analysis.rows[i].error is not None if i < len(self._analysis.rows) \
                else False
            refs = inputs_of(self._spec, i)
            if row is None or not row.fits(entry):
                if row is not None:
                    self._forget_row(row)
                row = view.LayerRow(entry, i, self._on_field, self._on_action, refs)
            for name in row.show(entry, i, error=bad, refs=refs):
                self._input_errors.pop((id(row), name), None)
            rows.append(row)
        for row in old[len(rows):]:
            self._forget_row(row)
        if rows != old:
            self._rows.children = rows

    def _forget_row(self, row: view.LayerRow) -> None:
        for key in [k for k in self._input_errors if k[0] == id(row)]:
            del self._input_errors[key]
        row.close_all()

    def _show(self) -> None:
        if not self._ready:
            return
        a = self._analysis
        errors = self._problems()
        if self._action_error:
            errors.append(self._action_error)
        self.set_trait("errors", errors)
        hints = [*(h.message for h in a.hints), *([self._note] if self._note else [])]
        self.set_trait("hints", hints)
        detail = f" ({self.num_classes} classes)" if self.task == "multiclass" and \
            self.num_classes else ""
        self._title.value = (f"<b>Model builder</b> &middot; input shape "
                             f"{fmt_shape(self._input_shape)} &middot; task: {self.task}{detail}")
        self._table.value = view.table_html(self._input_shape, self._spec, a)
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
            if self._note:
                boxes.append(view.hint_box(self._note, None, None))
            self._hints_box.children = boxes
        if self._code_html.layout.display != "none":
            self._code_html.value = self._code_view()
        if self._graph_html.layout.display != "none" and len(self._spec) <= GRAPH_LIVE:
            self._show_graph()

    def _show_graph(self) -> None:
        """The diagram of the last valid model (`show_model`), redrawn when it changed."""
        if self._valid_state is None:
            self._graph_html.value = view.errors_html(["No valid model yet."])
            self._graph_key = None
            return
        key = json.dumps([self._valid_state["input_shape"], self._valid_state["spec"]])
        if key == self._graph_key:
            return
        from ...viz import show_model

        note = "" if len(self._spec) <= GRAPH_LIVE else (
            f"<p><i>A big model: the graph is redrawn when you click Show graph, not after "
            f"every edit (more than {GRAPH_LIVE} layers).</i></p>")
        self._graph_html.value = note + show_model(self.model).svg
        self._graph_key = key

    def _code_view(self) -> str:
        if self._valid_state is None:
            return view.errors_html(["No valid model yet: fix the errors above."])
        note = "" if self._analysis.valid else (
            "<i>The builder has errors; this is the code of the last valid model.</i>")
        return note + view.code_html(self.code)

    # ------------------------------------------------------------- callbacks
    @guarded
    def _on_field(self, row: view.LayerRow, name: str, value: Any) -> None:
        key = (id(row), name)
        self._input_errors.pop(key, None)
        try:
            if name == "inputs":
                self.set(row.index, inputs=view.refs_from_text(value))
            else:
                self.set(row.index, **{name: value})
        except ValueError as e:
            self._input_errors[key] = f"Layer {row.index + 1} ({row.kind}): {e}"
            self._show()

    @guarded
    def _on_action(self, row: view.LayerRow, action: str) -> None:
        i, n = row.index, len(self._spec)
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
        self._apply_fix(fix)

    @guarded
    def _on_control(self, name: str, value: Any) -> None:
        if self._quiet_controls:
            return
        key = ("setting", name)
        self._input_errors.pop(key, None)
        try:
            setattr(self, name, value)
            self._show()
        except ValueError as e:
            self._input_errors[key] = str(e)
            self._show()

    @guarded
    def _on_showcode(self, _: Any = None) -> None:
        hidden = self._code_html.layout.display == "none"
        self._code_html.layout.display = None if hidden else "none"
        self._code_button.description = "Hide code" if hidden else "Show code"
        self._show()

    @guarded
    def _on_window(self, change: dict) -> None:
        if self._quiet_controls:
            return
        self._first_row = int(change["new"]) - 1
        self._sync_rows()

    @guarded
    def _on_showgraph(self, _: Any = None) -> None:
        hidden = self._graph_html.layout.display == "none"
        self._graph_html.layout.display = None if hidden else "none"
        self._graph_button.description = "Hide graph" if hidden else "Show graph"
        self._show()

    @guarded
    def _on_stop(self, _: Any = None) -> None:
        self.stop()

    @guarded
    def _on_train(self, _: Any = None) -> None:
        if self.training:
            return
        self._stop_event.clear()
        self._train_button.disabled, self._stop_button.disabled = True, False
        self._plot.clear_output()
        self._status.value = "Starting ..."
        # Show the live plot now, while the click's message is being handled: JupyterLab
        # routes output to the plot area only then, not from the training thread later.
        from .train import live_plot

        plot = live_plot()
        if plot is not None:
            with self._plot:
                plot._show()
        self._pending_plot = plot
        context = contextvars.copy_context()  # output from the thread lands in this widget
        self._thread = threading.Thread(target=context.run, args=(self._train_job,),
                                        name="kerasnb-builder-train", daemon=True)
        self._thread.start()

    @guarded
    def _train_job(self) -> None:
        try:
            with self._plot:
                self._fit(None, None, None, None, None, None, True, 0, {})
        except Exception:
            self._status.value = "Training did not run."
            raise
        finally:
            self._train_button.disabled, self._stop_button.disabled = False, True
