"""What each live output leaves in a saved notebook: the bundles, in a real IPython shell.

Cells run through ``InteractiveShell.run_cell`` (so IPython's display machinery and its
post-execute hooks are the real ones); every display, and every update of a display by
its id, is captured as a notebook front end would receive it.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

import kerasnb as knb
from kerasnb import _snapshot

WIDGET = "application/vnd.jupyter.widget-view+json"


@pytest.fixture
def shell(monkeypatch):
    monkeypatch.setenv("KERASNB_FRONTEND", "jupyter")  # widgets render, as in JupyterLab
    sh = InteractiveShell.instance()
    sh.user_ns["knb"] = knb
    sh.run_cell("from IPython.display import display")
    yield sh
    InteractiveShell.clear_instance()


def run(shell, code: str) -> list[dict]:
    """Run ``code`` as a cell; the display messages it sent (``update`` marks updates).

    A cell's last value goes to the display hook, which this does not capture: cells
    call ``display(...)`` as a notebook cell's last line would.
    """
    with capture_output() as captured:
        result = shell.run_cell(code)
    result.raise_error()
    return [{"data": o.data, "update": getattr(o, "update", False),
             "id": (getattr(o, "transient", None) or {}).get("display_id")}
            for o in captured.outputs]


def pair(outputs: list[dict]) -> tuple[dict, dict]:
    """The widget output and the snapshot output of a live widget shown in a cell."""
    widgets = [o for o in outputs if WIDGET in o["data"] and not o["update"]]
    snaps = [o for o in outputs if "text/html" in o["data"] and not o["update"]
             and _snapshot.SNAPSHOT_ATTR in o["data"]["text/html"]]
    assert len(widgets) == 1 and len(snaps) == 1, outputs
    return widgets[0], snaps[0]


def last_snapshot(outputs: list[dict], snap: dict) -> dict:
    """The snapshot as it stands after the updates sent to its display id."""
    updates = [o for o in outputs if o["update"] and o["id"] == snap["id"]]
    return updates[-1]["data"] if updates else snap["data"]


def snapshot_id(html: str) -> str:
    return re.search(rf"{_snapshot.SNAPSHOT_ATTR}='([0-9a-f]+)'", html).group(1)


def check_pairing(shell, widget_output: dict, snap_html: str) -> None:
    """The live box hides this very snapshot; the snapshot hides the dead widget."""
    from ipywidgets.widgets.widget import _instances

    box = _instances[widget_output["data"][WIDGET]["model_id"]]
    assert _snapshot.LIVE_CLASS in box._dom_classes
    sid = snapshot_id(snap_html)
    assert f'[{_snapshot.SNAPSHOT_ATTR}="{sid}"]' in box.children[0].value
    assert f":not(:has(.{_snapshot.LIVE_CLASS}))" in snap_html  # an error line, not a live box
    assert '[data-mime-type="text/plain"]' in snap_html  # a text fallback (nbconvert HTML)
    text = widget_output["data"]["text/plain"]
    assert "(children=" not in text, "a widget repr is no description"


def test_liveplot_leaves_its_final_picture_and_words(shell):
    out = run(shell, """
live = knb.LivePlot(backend="plotly", title="moons " + "and a long title " * 10)
for i in range(1, 4):
    live.update({"loss": 1 / i, "val_loss": 1.2 / i, "accuracy": 0.5 + i / 10})
""")
    widget, snap = pair(out)
    check_pairing(shell, widget, snap["data"]["text/html"])
    assert "still running" in snap["data"]["text/plain"]  # shown before the first point
    final = last_snapshot(out, snap)  # the cell ended: the final state, drawn once
    assert "<img src='data:image/png;base64," in final["text/html"]
    assert "run the cell to train again" in final["text/html"]
    words = final["text/plain"]
    assert "epoch 3" in words and "best val_loss 0.4 at epoch 3" in words
    assert "waiting" not in words
    fig = shell.user_ns["live"].figure
    assert "<br>" in fig.layout.title.text  # the long heading wraps instead of being cut


def test_liveplot_repr_is_plotly_json_and_png_never_a_widget(shell):
    out = run(shell, """
live = knb.LivePlot(backend="plotly")
live.update({"loss": 0.5})
""")
    out = run(shell, "display(live)")
    assert len(out) == 1 and WIDGET not in out[0]["data"]
    assert set(out[0]["data"]) == {"application/vnd.plotly.v1+json", "text/html", "text/plain"}


def test_two_fits_count_every_epoch_in_the_heading(shell):
    import keras

    keras.utils.set_random_seed(0)
    shell.user_ns.update(x=np.random.rand(32, 2).astype("float32"),
                         y=np.random.randint(0, 2, 32))
    out = run(shell, """
import keras
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile("adam", "binary_crossentropy")
live = knb.LivePlot(backend="plotly")
model.fit(x, y, epochs=3, verbose=0, callbacks=[live])
model.fit(x, y, epochs=3, verbose=0, callbacks=[live])
""")
    widget, snap = pair(out)
    final = last_snapshot(out, snap)
    assert "done: 6/6 epochs" in final["text/plain"], final["text/plain"]
    assert len(shell.user_ns["live"].history["loss"]) == 6


def test_interactive_view_leaves_a_picture(shell):
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3, activation="softmax")])
    shell.user_ns.update(model=model, x=np.random.rand(30, 2).astype("float32"),
                         y=np.arange(30) % 3)
    out = run(shell, "display(knb.confusion_matrix(model, x, y))")
    widget, snap = pair(out)
    check_pairing(shell, widget, snap["data"]["text/html"])
    assert "<img src='data:image/png;base64," in snap["data"]["text/html"]
    assert "ConfusionMatrix: 3 classes, 30 samples" in snap["data"]["text/plain"]
    assert "Snapshot of this confusion matrix" in snap["data"]["text/html"]


def test_static_view_is_one_picture(shell):
    shell.user_ns["images"] = np.random.rand(4, 8, 8)
    out = run(shell, "display(knb.show_images(images))")
    assert len(out) == 1 and "image/png" in out[0]["data"]


def test_builder_leaves_a_diagram_that_follows_its_edits(shell):
    out = run(shell, """
builder = knb.ModelBuilder((4,), task="multiclass", num_classes=3)
display(builder)
""")
    widget, snap = pair(out)
    check_pairing(shell, widget, snap["data"]["text/html"])
    html = snap["data"]["text/html"]
    assert "<svg" in html and "run the cell to use the builder" in html
    assert snap["data"]["text/plain"].startswith("ModelBuilder(")
    out = run(shell, "builder.add('Dense', units=7)")
    out += run(shell, "pass")  # a change right after the last snapshot is drawn soon after
    updated = [o for o in out if o["update"] and o["id"] == snap["id"]]
    assert updated, "the snapshot did not follow the builder's edit"
    assert "layers=4" in updated[-1]["data"]["text/plain"], updated[-1]["data"]["text/plain"]


def test_playground_leaves_its_views(shell):
    out = run(shell, "pg = knb.Playground()\ndisplay(pg)")
    widget, snap = pair(out)
    check_pairing(shell, widget, snap["data"]["text/html"])
    html = snap["data"]["text/html"]
    assert "<img" in html and "<svg" in html and "run the cell to use the playground" in html
    assert snap["data"]["text/plain"].startswith("Playground(")


def test_explorer_leaves_its_picture_with_words(shell):
    out = run(shell, """
from kerasnb.widgets.explorers import ActivationExplorer
explorer = ActivationExplorer(["relu", "tanh"])
display(explorer)
""")
    widget, snap = pair(out)
    check_pairing(shell, widget, snap["data"]["text/html"])
    assert "<img src='data:image/png;base64," in snap["data"]["text/html"]
    assert snap["data"]["text/plain"] == (
        "ActivationExplorer(activations=('relu', 'tanh'), derivative=True, x=1.0)")


def test_text_backend_builds_no_scene_per_update(monkeypatch):
    from kerasnb.callbacks import live as live_module

    live = knb.LivePlot(backend="text")
    calls = []
    real = live_module.build_scene
    monkeypatch.setattr(live_module, "build_scene",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    with capture_output():
        for step in range(100):
            live.update({"loss": 1 / (step + 1)})
        first = len(calls)  # showing the plot once may build the scene once
        for step in range(100, 200):
            live.update({"loss": 1 / (step + 1)})
    assert first <= 1 and len(calls) == first  # each update reads only its new row (O(1))
    assert live._recording.best() == ("loss", 200.0, 1 / 200)


def test_update_names_the_key_that_is_not_a_number():
    live = knb.LivePlot(backend="text")
    with pytest.raises(ValueError, match=r"`logs`.*'loss'.*abc"):
        live.update({"loss": "abc", "val_loss": 0.3})
    assert live.history == {}  # nothing half recorded


def test_one_learning_rate_line_per_optimizer_that_trains():
    import keras

    class TwoOptimizers(keras.Model):
        """A GAN-style model: a custom train_step steps two sub-models, each its optimizer."""

        def __init__(self):
            super().__init__()
            self.first = keras.Sequential([keras.layers.Dense(1)])
            self.second = keras.Sequential([keras.layers.Dense(1)])
            self.d_optimizer = keras.optimizers.Adam(1e-3)
            self.g_optimizer = keras.optimizers.SGD(5e-2)

        def call(self, x):
            return self.second(self.first(x))

        def train_step(self, data):
            import tensorflow as tf

            x, y = data
            for net, opt in ((self.first, self.d_optimizer), (self.second, self.g_optimizer)):
                with tf.GradientTape() as tape:
                    loss = tf.reduce_mean((self(x) - y) ** 2)
                grads = tape.gradient(loss, net.trainable_weights)
                opt.apply_gradients(zip(grads, net.trainable_weights, strict=True))
            return {"loss": loss}

    keras.utils.set_random_seed(0)
    model = TwoOptimizers()
    model.compile()  # the default optimizer, never stepped by this train_step
    model(np.zeros((1, 2), "float32"))
    live = knb.LivePlot(backend="text")
    with capture_output():
        model.fit(np.random.rand(16, 2).astype("float32"), np.random.rand(16, 1),
                  epochs=2, verbose=0, callbacks=[live])
    history = live.history
    assert "learning_rate" not in history, sorted(history)
    assert history["learning_rate_d_optimizer"] == pytest.approx([1e-3, 1e-3])
    assert history["learning_rate_g_optimizer"] == pytest.approx([5e-2, 5e-2])


def test_exercise_question_leaves_the_question_and_the_answer_picked(shell, monkeypatch,
                                                                   tmp_path):
    monkeypatch.setenv("KERASNB_PROGRESS_DIR", str(tmp_path))  # a correct check is recorded
    out = run(shell, """
from kerasnb.exercises import lesson01 as ex
question = ex.q4.ask()
display(question)
question.pick(ex.q4.answer)
question.submit()
""")
    widget, snap = pair(out)
    check_pairing(shell, widget, snap["data"]["text/html"])
    first = snap["data"]["text/html"]
    assert "No option picked yet" in first and "<li><b>a</b>" in first
    final = last_snapshot(out, snap)  # follows the pick and the check
    assert "Picked: <b>" in final["text/html"] and "Correct" in final["text/html"]
    assert final["text/plain"].endswith(", correct")
