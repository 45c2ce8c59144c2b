"""Scenario 3: ModelBuilder in JupyterLab, driven through its controls as a student would:
edit a chain, train it, export it; then build a skip connection and see its code and graph."""

import re

import pytest
from labdriver import error_outputs, output_locator, run_all, shoot

pytestmark = pytest.mark.browser

EPOCHS = 4

SOURCE = f"""\
import keras
import kerasnb as knb

keras.utils.set_random_seed(0)
(x, y), _ = knb.datasets.load("moons")
builder = knb.ModelBuilder((2,), data=(x, y))
builder.epochs = {EPOCHS}
builder
"""

TABLE = """table => Array.from(table.querySelectorAll('tr')).map(
    tr => Array.from(tr.querySelectorAll('td, th')).map(td => td.innerText.trim()))"""


def layer_rows(builder) -> list[list[str]]:
    """The shape/param table's layer rows: [number, kind, output shape, params]."""
    rows = builder.locator(".kerasnb-builder-table table").evaluate(TABLE)
    return [r for r in rows if r and r[0].isdigit()]


def field(row, description: str):
    """The input of the control labelled ``description`` in a layer row."""
    label = row.page.locator("label", has_text=re.compile(rf"^{description}$"))
    return row.locator(".widget-inline-hbox", has=label).locator("input, select").first


def type_into(box, text: str) -> None:
    box.fill(text)
    box.press("Enter")


def wait_table(builder, check, what: str, timeout: float = 30.0):
    page = builder.page
    for _ in range(int(timeout / 0.2)):
        rows = layer_rows(builder)
        if check(rows):
            return rows
        page.wait_for_timeout(200)
    raise AssertionError(f"the table never showed {what}; it shows {layer_rows(builder)}")


def test_model_builder_controls(notebook):
    page = notebook("builder.ipynb", [SOURCE])
    assert run_all(page), error_outputs(page)
    builder = output_locator(page, 0).locator(".kerasnb-builder")
    builder.wait_for()
    rows = builder.locator(".kerasnb-builder-row")
    assert rows.count() == 3
    assert [r[1:] for r in layer_rows(builder)] == [
        ["Dense", "(None, 16)", "48"], ["Dense", "(None, 16)", "272"],
        ["Dense", "(None, 1)", "17"]]

    # "Add layer" adds a row before the output layer, which stays last
    builder.locator("button.kerasnb-builder-add").click()
    rows.nth(3).wait_for()
    assert rows.count() == 4
    wait_table(builder, lambda t: len(t) == 4 and t[2][1:] == ["Dense", "(None, 32)", "544"]
               and t[3][1:] == ["Dense", "(None, 1)", "33"], "a new third layer, the output last")

    # changing the new layer's type through its dropdown
    field(rows.nth(2), "kind").select_option("Dropout")
    wait_table(builder, lambda t: len(t) == 4 and t[2][1:] == ["Dropout", "(None, 16)", "0"],
               "the Dropout layer")
    field(rows.nth(2), "rate").wait_for()

    # ... and moving it up with its arrow button
    rows.nth(2).locator("button.kerasnb-builder-up").click()
    wait_table(builder, lambda t: [r[1] for r in t] == ["Dense", "Dropout", "Dense", "Dense"]
               and t[1][2] == "(None, 16)", "the Dropout layer second")

    # changing units: shapes and parameter counts follow
    units = field(rows.nth(0), "units")
    type_into(units, "8")
    wait_table(builder, lambda t: t[0][1:] == ["Dense", "(None, 8)", "24"] and t[2][3] == "144",
               "8 units in layer 1")

    # an invalid value gets an inline error; fixing it clears the error
    errors = builder.locator(".kerasnb-builder-errors")
    assert errors.inner_text().strip() == ""
    type_into(units, "0")
    page.wait_for_function("el => /units/.test(el.innerText)", arg=errors.element_handle())
    assert "positive" in errors.inner_text()
    shoot(page, "builder-error", builder)
    type_into(units, "8")
    page.wait_for_function("el => el.innerText.trim() === ''", arg=errors.element_handle())

    # Train shows a live plot with one point per epoch
    status = builder.locator(".kerasnb-builder-status")
    builder.locator("button.kerasnb-builder-train").click()
    page.wait_for_function("el => /^(Done|Stopped)/.test(el.innerText.trim())",
                           arg=status.element_handle(), timeout=180_000)
    assert f"Done after {EPOCHS} epochs" in status.inner_text()
    # The plot area is an ipywidgets Output, which drops display updates: the SVG frames
    # are the value of an HTML widget inside it, so they must have reached the page.
    area = builder.locator(".kerasnb-builder-plot")
    try:
        page.wait_for_function(
            """([box, n]) => { const el = box.querySelector('.kerasnb-liveplot');
                return !!el && !!el.querySelector('svg') && el.dataset.state === 'final'
                    && Number(el.dataset.epochs) === n; }""",
            arg=[area.element_handle(), EPOCHS], timeout=30_000)
    except Exception:
        frames = area.locator(".kerasnb-liveplot")
        seen = frames.first.get_attribute("data-epochs") if frames.count() else None
        raise AssertionError(
            f"training ended ({status.inner_text()!r}) but the builder shows no final plot "
            f"with {EPOCHS} epochs: {frames.count()} SVG frames, epochs shown {seen}") from None

    # "Show code" shows the Keras code of the model
    code = builder.locator(".kerasnb-builder-code")
    assert not code.is_visible()
    builder.locator("button.kerasnb-builder-showcode").click()
    code.wait_for(state="visible")
    text = code.inner_text()
    assert "keras" in text and "Dense(8" in text and "Dropout" in text, text
    assert not error_outputs(page), error_outputs(page)
    shoot(page, "builder", builder)


SKIP = """\
import kerasnb as knb

skip = knb.ModelBuilder((6,), num_classes=3, layers=[
    {"kind": "Dense", "units": 8}, {"kind": "Dense", "units": 8},
    {"kind": "Dense", "units": 3, "activation": "softmax"}])
skip
"""


def test_model_builder_skip_connection(notebook):
    page = notebook("builder_skip.ipynb", [SKIP])
    assert run_all(page), error_outputs(page)
    builder = output_locator(page, 0).locator(".kerasnb-builder")
    builder.wait_for()
    rows = builder.locator(".kerasnb-builder-row")
    assert rows.count() == 3

    # an Add layer from the "new layer" list: it lands before the output layer
    builder.locator(".kerasnb-builder-addkind select").select_option("Add")
    builder.locator("button.kerasnb-builder-add").click()
    rows.nth(3).wait_for()
    assert field(rows.nth(2), "kind").input_value() == "Add"
    assert field(rows.nth(2), "inputs").input_value() == "2"

    # it adds the outputs of layers 1 and 2: a skip connection
    type_into(field(rows.nth(2), "inputs"), "1, 2")
    wait_table(builder, lambda t: len(t) == 4 and t[2][1:] == ["Add", "1, 2", "(None, 8)", "0"],
               "the Add layer taking layers 1 and 2")
    errors = builder.locator(".kerasnb-builder-errors")
    assert errors.inner_text().strip() == ""

    # the exported code is functional-API code
    builder.locator("button.kerasnb-builder-showcode").click()
    code = builder.locator(".kerasnb-builder-code")
    code.wait_for(state="visible")
    page.wait_for_function("el => /layers\\.Add\\(\\)/.test(el.innerText)",
                           arg=code.element_handle())
    text = code.inner_text()
    assert "x3 = layers.Add()([x1, x2])" in text and "keras.Model(inputs=inputs" in text, text

    # ... and the graph is drawn beside the table
    builder.locator("button.kerasnb-builder-showgraph").click()
    graph = builder.locator(".kerasnb-builder-graph svg")
    graph.wait_for(state="visible", timeout=60_000)
    assert "Add" in graph.inner_html()
    assert not error_outputs(page), error_outputs(page)
    shoot(page, "builder-skip", builder)
