"""knb.ModelBuilder driven through its widgets (no browser): clicks, dropdowns, number
fields. Every action goes through the same twins the Python tests use and never
raises into the caller; errors land in the inline error area.
"""

from __future__ import annotations

import asyncio
import threading

import ipywidgets as widgets
import numpy as np
import pytest

from kerasnb._history import History
from kerasnb.callbacks.backends import Output
from kerasnb.widgets import ModelBuilder
from kerasnb.widgets.builder.loop import PlotArea

THREADS_AT_START = threading.active_count()


def parts(builder: ModelBuilder, css: str) -> list[widgets.Widget]:
    """Every widget under the builder carrying a CSS class (what the browser tests find)."""
    found, todo = [], [builder]
    while todo:
        w = todo.pop(0)
        if css in getattr(w, "_dom_classes", ()):
            found.append(w)
        todo.extend(getattr(w, "children", ()))
    return found


def part(builder: ModelBuilder, css: str) -> widgets.Widget:
    (found,) = parts(builder, css)
    return found


def rows(builder: ModelBuilder) -> list:
    return parts(builder, "kerasnb-builder-row")


def dense_builder(**kwargs) -> ModelBuilder:
    return ModelBuilder((6,), num_classes=3, layers=[
        {"kind": "Dense", "units": 8}, {"kind": "Dropout", "rate": 0.1},
        {"kind": "Dense", "units": 3, "activation": "softmax"}], **kwargs)


def test_parts_carry_stable_css_classes_and_descriptions():
    b = dense_builder()
    assert "kerasnb-builder" in b._dom_classes
    for css in ("kerasnb-builder-add", "kerasnb-builder-table", "kerasnb-builder-errors",
                "kerasnb-builder-train", "kerasnb-builder-showcode", "kerasnb-builder-code",
                "kerasnb-builder-plot", "kerasnb-builder-stop", "kerasnb-builder-compile"):
        assert len(parts(b, css)) == 1, css
    assert isinstance(part(b, "kerasnb-builder-plot"), widgets.Output)
    assert isinstance(part(b, "kerasnb-builder-table"), widgets.HTML)
    first = rows(b)[0]
    assert len(rows(b)) == 3
    assert first.kind_box.description == "kind" and first.kind_box.value == "Dense"
    assert isinstance(first.fields["units"], widgets.IntText)
    assert first.fields["units"].description == "units" and first.fields["units"].value == 8
    assert isinstance(rows(b)[1].fields["rate"], widgets.FloatText)


def test_add_button_adds_the_chosen_kind():
    b = dense_builder()
    part(b, "kerasnb-builder-add").click()  # goes before the output layer, which stays last
    assert [e["kind"] for e in b.spec] == ["Dense", "Dropout", "Dense", "Dense"]
    assert b.spec[-1]["units"] == 3 and b.valid and len(rows(b)) == 4
    part(b, "kerasnb-builder-addkind").value = "BatchNormalization"
    part(b, "kerasnb-builder-add").click()
    assert b.spec[-2] == {"kind": "BatchNormalization", "momentum": 0.99}
    assert rows(b)[-2].kind_box.value == "BatchNormalization"
    assert "4</td><td>BatchNormalization" in part(b, "kerasnb-builder-table").value
    part(b, "kerasnb-builder-addkind").value = "Conv1DTranspose"  # any built-in layer
    assert "Conv1DTranspose" in part(b, "kerasnb-builder-addkind").options


def test_number_field_edit_updates_spec_table_and_model():
    b = dense_builder()
    rows(b)[0].fields["units"].value = 16
    assert b.spec[0]["units"] == 16
    assert b.model.count_params() == (6 * 16 + 16) + (16 * 3 + 3)
    assert f"{b.model.count_params():,} params" in part(b, "kerasnb-builder-table").value


def test_invalid_field_value_is_shown_inline_and_recovers():
    b = dense_builder()
    params = b.model.count_params()
    units = rows(b)[0].fields["units"]
    units.value = 0  # no exception escapes
    message = "Layer 1 (Dense): `units` must be a positive integer. Received: units=0"
    assert b.errors == [message]
    assert f"<li>{message}</li>" in part(b, "kerasnb-builder-errors").value
    assert b.spec[0]["units"] == 8 and b.model.count_params() == params
    assert units.value == 0  # the field keeps what was typed
    units.value = 4
    assert b.errors == [] and part(b, "kerasnb-builder-errors").value == ""
    assert b.spec[0]["units"] == 4


def test_text_field_for_tuples_is_parsed_not_evaluated():
    b = ModelBuilder((9, 9, 1), num_classes=2, layers=[
        {"kind": "Conv2D", "filters": 2}, {"kind": "Flatten"},
        {"kind": "Dense", "units": 1, "activation": "sigmoid"}])
    kernel = rows(b)[0].fields["kernel_size"]
    assert kernel.value == "3"
    kernel.value = "(3, 5)"
    assert b.spec[0]["kernel_size"] == [3, 5] and kernel.value == "3, 5"
    kernel.value = "__import__('os')"
    assert "`kernel_size` must be a positive integer or 2 positive integers" in b.errors[0]
    kernel.value = "12"
    assert b.errors == ["Layer 1 (Conv2D): kernel_size 12 is larger than its 9x9 input. Use a "
                        "smaller kernel_size, padding='same', or fewer pooling layers before it."]
    assert "kerasnb-builder-row-error" in rows(b)[0]._dom_classes
    assert "<td>error</td>" in part(b, "kerasnb-builder-table").value
    kernel.value = "2"
    assert b.valid and "kerasnb-builder-row-error" not in rows(b)[0]._dom_classes


def test_kind_dropdown_changes_the_layer_and_its_fields():
    b = dense_builder()
    rows(b)[1].kind_box.value = "LayerNormalization"
    assert b.spec[1] == {"kind": "LayerNormalization", "epsilon": 0.001}
    assert set(rows(b)[1].fields) == {"epsilon"}
    rows(b)[1].kind_box.value = "LSTM"  # a 1-D input: error with a fix, no exception
    assert b.errors[0].startswith("Layer 2 (LSTM): it works on sequences")
    assert len(parts(b, "kerasnb-builder-fix")) == 1


def test_move_and_remove_buttons():
    b = dense_builder()
    rows(b)[1].up.click()
    assert [e["kind"] for e in b.spec] == ["Dropout", "Dense", "Dense"]
    rows(b)[0].up.click()  # already first: nothing happens, nothing raises
    rows(b)[0].down.click()
    assert [e["kind"] for e in b.spec] == ["Dense", "Dropout", "Dense"]
    rows(b)[2].down.click()
    rows(b)[1].remove.click()
    assert [e["kind"] for e in b.spec] == ["Dense", "Dense"] and len(rows(b)) == 2
    assert [r.number.value for r in rows(b)] == ["<b>1</b>", "<b>2</b>"]
    rows(b)[0].remove.click()
    rows(b)[0].remove.click()
    assert b.errors == ["The model has no layers yet: add at least one."] and not rows(b)
    assert b.model.count_params() == 6 * 3 + 3  # the last valid model: Dense(3) alone


def test_hint_button_inserts_flatten():
    b = ModelBuilder((6, 6, 1), num_classes=3, layers=[
        {"kind": "Conv2D", "filters": 2}, {"kind": "Dense", "units": 3,
                                           "activation": "softmax"}])
    (fix,) = parts(b, "kerasnb-builder-fix")
    assert fix.description == "Insert Flatten before layer 2"
    fix.click()
    assert [e["kind"] for e in b.spec] == ["Conv2D", "Flatten", "Dense"] and b.valid
    assert not parts(b, "kerasnb-builder-fix")


def test_show_code_button_toggles_the_code_view():
    b = dense_builder()
    code = part(b, "kerasnb-builder-code")
    button = part(b, "kerasnb-builder-showcode")
    assert code.layout.display == "none"
    button.click()
    assert code.layout.display is None and button.description == "Hide code"
    assert "<pre>import keras" in code.value and "model = keras.Sequential([" in code.value
    rows(b)[0].fields["units"].value = 5
    assert "layers.Dense(5, activation=&quot;relu&quot;)" in code.value
    rows(b)[0].fields["units"].value = -5
    assert "layers.Dense(5," in code.value  # still the last valid model
    rows(b)[2].fields["units"].value = 4
    assert "last valid model" in code.value
    button.click()
    assert code.layout.display == "none" and button.description == "Show code"


def test_compile_panel_controls_and_inline_errors():
    b = dense_builder()
    controls = b._controls
    assert controls["loss"].value == "sparse_categorical_crossentropy"
    controls["loss"].value = "binary_crossentropy"
    assert b.loss == "binary_crossentropy" and not b.valid
    assert b.model.loss == "sparse_categorical_crossentropy"
    controls["loss"].value = "sparse_categorical_crossentropy"
    assert b.valid
    controls["learning_rate"].value = -1.0
    assert b.learning_rate == 0.001
    assert "`learning_rate` must be a number in (0, 10]" in b.errors[0]
    controls["learning_rate"].value = 0.01
    assert b.learning_rate == 0.01 and b.valid
    controls["optimizer"].value = "adamw"
    controls["metrics"].value = ["accuracy", "auc"]
    assert (b.optimizer, b.metrics) == ("adamw", ["accuracy", "auc"])
    controls["task"].value = "binary"
    assert controls["loss"].value == "binary_crossentropy" and b.num_classes == 2
    controls["epochs"].value = 0
    assert "`epochs` must be an integer between 1 and 100000" in b.errors[-1]
    b.epochs = 3  # the Python side updates the field and clears the message
    assert controls["epochs"].value == 3 and not any("epochs" in e for e in b.errors)


def test_python_twins_update_the_widgets():
    b = dense_builder()
    b.set(0, units=21, activation="tanh")
    assert rows(b)[0].fields["units"].value == 21
    assert rows(b)[0].fields["activation"].value == "tanh"
    b.add("Conv1D", index=0)
    assert rows(b)[0].kind_box.value == "Conv1D" and len(rows(b)) == 4
    b.loss = "mse"
    assert b._controls["loss"].value == "mse"
    assert "ModelBuilder(input_shape=(6,)" in repr(b)


def tiny_data(n=32):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 6)).astype("float32")
    return x, np.argmax(x[:, :3], axis=1)


def test_train_button_without_data_shows_the_error():
    b = dense_builder()
    part(b, "kerasnb-builder-train").click()
    assert not b.training
    assert any("`x` and `y` are needed" in e for e in b.errors)
    assert "are needed" in part(b, "kerasnb-builder-errors").value
    assert not part(b, "kerasnb-builder-train").disabled


@pytest.mark.slow
def test_train_button_without_an_event_loop_trains_to_the_end():
    """No loop runs (a script, this test): the click trains every slice before it returns."""
    b = dense_builder(data=tiny_data())
    b._controls["epochs"].value = 2
    b._controls["batch_size"].value = 8
    train, stop = part(b, "kerasnb-builder-train"), part(b, "kerasnb-builder-stop")
    train.click()
    assert not b.training
    assert isinstance(b.history, History) and b.history.epoch == [0, 1]
    assert set(b.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert b.history["loss"] == b.history.history["loss"] and len(b.history["loss"]) == 2
    assert part(b, "kerasnb-builder-status").value.startswith("Done after 2 epochs")
    assert not train.disabled and stop.disabled
    assert b.trained_model is not None and b.errors == []
    # the epoch numbers are means over the epoch's samples, as fit's are: the trained model
    # scores the held-out samples as the last epoch's val_loss says
    x, y = tiny_data()
    held_out = b.trained_model.evaluate(x[-7:], y[-7:], verbose=0, return_dict=True)
    assert held_out["loss"] == pytest.approx(b.history["val_loss"][-1], rel=1e-4)


def train_in_a_loop(b: ModelBuilder, until) -> list:
    """Click Train inside a running asyncio loop (as in a kernel); click Stop once ``until()``.

    Returns what was seen while it trained: ``[training, fit refused, a twin ran meanwhile]``.
    """
    seen = []

    async def main():
        part(b, "kerasnb-builder-train").click()
        seen.append(b.training)
        try:
            b.fit(epochs=1, live=False)
            seen.append(False)
        except ValueError as err:  # one training at a time
            seen.append("`stop()` it" in str(err))
        for _ in range(6000):  # other code runs between the slices
            if until():
                break
            await asyncio.sleep(0.01)
        seen.append(b.valid and b.code.startswith("import keras"))
        part(b, "kerasnb-builder-stop").click()
        await b.finished()

    asyncio.run(main())
    return seen


@pytest.mark.slow
def test_train_button_trains_in_slices_on_the_event_loop():
    b = dense_builder(data=tiny_data())
    b.epochs, b.batch_size = 3, 8
    seen = train_in_a_loop(b, lambda: not b.training)
    assert seen == [True, True, True]
    assert threading.active_count() == THREADS_AT_START  # no training thread
    assert b.history.epoch == [0, 1, 2]
    assert part(b, "kerasnb-builder-status").value.startswith("Done after 3 epochs")
    assert not part(b, "kerasnb-builder-train").disabled


@pytest.mark.slow
def test_stop_button_ends_training_at_the_next_slice():
    b = dense_builder(data=tiny_data(64))
    b.epochs, b.batch_size = 2000, 4
    status = part(b, "kerasnb-builder-status")
    seen = train_in_a_loop(b, lambda: status.value.startswith("Epoch 2/"))
    assert seen[0] is True and not b.training
    assert 2 <= b.history.epochs < 2000
    assert status.value.startswith("Stopped after")
    assert not part(b, "kerasnb-builder-train").disabled
    assert part(b, "kerasnb-builder-stop").disabled
    # a second click trains a fresh model from the start
    b.epochs = 1
    part(b, "kerasnb-builder-train").click()
    assert b.history.epoch == [0] and status.value.startswith("Done after 1 epoch")


@pytest.mark.slow
def test_an_error_inside_a_slice_is_shown_in_the_widget():
    b = dense_builder(data=tiny_data())
    b.epochs = 2

    async def main():
        part(b, "kerasnb-builder-train").click()
        # a batch Keras refuses (labels of another length), swapped in after the checks
        b._run._y = np.zeros(3, dtype="int64")
        await b.finished()

    asyncio.run(main())
    assert not b.training and not part(b, "kerasnb-builder-train").disabled
    assert len(b.errors) == 1 and "<li>" in part(b, "kerasnb-builder-errors").value
    assert part(b, "kerasnb-builder-status").value.startswith("Training did not run")


class Recorder(Output):
    """A LivePlot output that notes each call (the real backends draw the same calls)."""

    name = "recorder"

    def __init__(self):
        self.calls = []

    def show(self, scene):
        self.calls.append("show")

    def draw(self, scene):
        self.calls.append("draw")

    def finish(self, scene):
        self.calls.append("finish")


def test_the_plot_area_shows_the_plot_once_and_finishes_the_last_epoch():
    from kerasnb.callbacks import LivePlot

    area, recorder = widgets.Output(), Recorder()
    output = PlotArea(area, recorder)
    plot = LivePlot(backend=output, title="ModelBuilder")
    output.open("ModelBuilder")  # while the click is handled
    for epoch in range(3):
        output.last = epoch == 2
        plot.update({"loss": 1.0 / (epoch + 1)}, step=epoch + 1)
    assert recorder.calls.count("show") == 1 and recorder.calls[0] == "show"
    assert recorder.calls[-1] == "finish"
    assert plot.history["loss"] == [1.0, 0.5, 1.0 / 3]
