"""The tutorial explorers: activation functions and the learning rate.

Widgets are driven through their controls and Python twins without a browser;
the learning-rate explorer trains real (tiny) Keras models.
"""

from __future__ import annotations

import base64
import math
import subprocess
import sys

import numpy as np
import pytest

from kerasnb.widgets import activation_explorer, learning_rate_explorer
from kerasnb.widgets.explorers import ActivationExplorer, LearningRateExplorer

PNG = b"\x89PNG"


# ---------------------------------------------------------------- activations
def test_values_are_the_keras_functions_and_their_slopes():
    explorer = ActivationExplorer(["relu", "sigmoid", "tanh", "linear"], x=0.0)
    values = explorer.values()
    assert values["sigmoid"] == pytest.approx((0.5, 0.25), abs=1e-6)
    assert values["tanh"] == pytest.approx((0.0, 1.0), abs=1e-6)
    assert values["linear"] == pytest.approx((0.0, 1.0), abs=1e-6)
    assert explorer.values(-2.0)["relu"] == pytest.approx((0.0, 0.0), abs=1e-6)
    assert explorer.values(3.0)["relu"] == pytest.approx((3.0, 1.0), abs=1e-6)
    assert explorer.values(2.0)["sigmoid"][0] == pytest.approx(1 / (1 + math.exp(-2.0)), abs=1e-7)


def test_slider_picker_and_checkbox_drive_the_same_state_as_python():
    explorer = ActivationExplorer(["relu"], x=1.0)
    explorer.slider.value = -1.5
    assert explorer.x == -1.5
    explorer.x = 2.5
    assert explorer.slider.value == 2.5
    explorer.picker.value = ("gelu", "tanh")
    assert explorer.activations == ("gelu", "tanh")
    assert set(explorer.values()) == {"gelu", "tanh"}
    explorer.slopes_box.value = False
    assert explorer.derivative is False
    assert len(explorer.figure().axes) == 1


def test_widget_draws_when_shown_and_redraws_on_change():
    explorer = ActivationExplorer(["relu", "sigmoid"], x=1.0, interactive=True)
    assert explorer._image.value == b""  # nothing drawn before it is shown
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    first = bytes(explorer._image.value)
    assert first.startswith(PNG)
    assert "0.7311" in explorer._status.value  # sigmoid(1) in the table
    explorer.slider.value = -3.0
    assert bytes(explorer._image.value) != first
    assert "0.0474" in explorer._status.value  # sigmoid(-3)


def test_error_while_redrawing_is_shown_in_the_widget():
    def broken(t):
        raise RuntimeError("this activation is broken")

    explorer = ActivationExplorer({"ok": lambda t: t, "broken": broken}, x=0.0)
    explorer.activations = ("ok",)
    explorer._repr_mimebundle_()
    assert explorer.errors == []
    explorer.activations = ("ok", "broken")
    assert len(explorer.errors) == 1 and "this activation is broken" in explorer.errors[0]
    assert "this activation is broken" in explorer._error.value
    assert explorer._error.layout.display is None
    explorer.activations = ("ok",)  # it keeps working, and the error goes away
    assert explorer.errors == [] and explorer._error.layout.display == "none"


def test_aliases_custom_functions_and_mappings():
    explorer = ActivationExplorer(["swish", lambda t: 2 * t], x=1.0)
    assert explorer.activations == ("silu", "<lambda>")
    assert explorer.values()["<lambda>"] == pytest.approx((2.0, 2.0))
    leaky = ActivationExplorer({"leaky": lambda t: np.maximum(t, 0.1 * t)}, x=-2.0)
    assert leaky.values()["leaky"] == pytest.approx((-0.2, 0.1), abs=1e-6)


@pytest.mark.parametrize("kwargs, message", [
    ({"activations": ["softmax"]}, "softmax works on a whole vector"),
    ({"activations": ["nope"]}, "Received: activations='nope'"),
    ({"activations": []}, "non-empty"),
    ({"x_range": (3, 1)}, "`x_range` must be two numbers with low < high"),
    ({"x_range": "wide"}, "`x_range` must be two numbers"),
    ({"x": 9.0}, "`x` must be a number in [-5, 5]"),
    ({"x": "one"}, "Received: x='one'"),
])
def test_bad_arguments_name_the_argument(kwargs, message):
    with pytest.raises(ValueError) as info:
        ActivationExplorer(**kwargs)
    assert message in str(info.value)


def test_function_always_returns_the_explorer(monkeypatch):
    from matplotlib.figure import Figure

    still = activation_explorer(["relu", "tanh"], x=1.0, interactive=False)
    assert isinstance(still, ActivationExplorer)
    bundle = still._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "image/png"}  # a still picture, with words
    assert base64.b64decode(bundle["image/png"]).startswith(PNG)
    assert bundle["text/plain"].startswith("ActivationExplorer(activations=('relu', 'tanh')")
    assert still._ipython_display_ is None
    fig = still.figure()
    assert isinstance(fig, Figure)
    curves_and_markers = fig.axes[0].get_lines()
    assert len(curves_and_markers) == 2 * 2 + 3  # two curves, two markers, three guide lines
    assert len(activation_explorer(["relu"], derivative=False,
                                   interactive=False).figure().axes) == 1
    live = activation_explorer(["relu"], interactive=True)
    assert isinstance(live, ActivationExplorer)
    assert "application/vnd.jupyter.widget-view+json" in live._repr_mimebundle_()
    monkeypatch.setenv("KERASNB_FRONTEND", "headless")
    assert "image/png" in activation_explorer(["relu"])._repr_mimebundle_()
    monkeypatch.setenv("KERASNB_FRONTEND", "jupyter")
    assert "image/png" not in activation_explorer(["relu"])._repr_mimebundle_()
    with pytest.raises(ValueError, match="`interactive` must be True, False or None"):
        activation_explorer(interactive="yes")


def test_figure_attributes_of_the_old_return_value_warn_and_work(tmp_path):
    explorer = activation_explorer(["relu"], interactive=False)
    with pytest.warns(DeprecationWarning, match="explorer.figure\\(\\).axes"):
        axes = explorer.axes
    assert len(axes) == 2
    with pytest.warns(DeprecationWarning, match="savefig"):
        explorer.savefig(tmp_path / "old.png")
    assert (tmp_path / "old.png").read_bytes().startswith(PNG)
    with pytest.raises(AttributeError):
        explorer.no_such_thing  # noqa: B018


def test_save_writes_the_figure_and_returns_its_path(tmp_path):
    explorer = ActivationExplorer(["relu", "tanh"], interactive=False)
    written = explorer.save(tmp_path / "curves.png")
    assert written == tmp_path / "curves.png" and written.read_bytes().startswith(PNG)
    assert "<svg" in explorer.save(str(tmp_path / "curves.svg")).read_text()
    with pytest.raises(ValueError, match="`path` must be a path ending in .png"):
        explorer.save(tmp_path / "curves.txt")


# ---------------------------------------------------------------- learning rate
@pytest.fixture(scope="module")
def diabetes_runs():
    explorer = LearningRateExplorer("diabetes", steps=25)
    for rate in (0.001, 0.1, 5.0):
        explorer.train(rate)
    return explorer


def test_every_run_starts_from_the_same_weights(diabetes_runs):
    firsts = {round(run.losses[0], 5) for run in diabetes_runs.runs.values()}
    assert len(firsts) == 1
    again = diabetes_runs.train(0.1)
    assert again.losses == pytest.approx(diabetes_runs.runs[0.1].losses, rel=1e-5)


def test_too_small_is_slow_and_too_large_diverges(diabetes_runs):
    small, good, large = (diabetes_runs.runs[r] for r in (0.001, 0.1, 5.0))
    assert not small.diverged and not good.diverged
    assert good.final_loss < small.final_loss < small.losses[0]
    assert large.diverged
    assert diabetes_runs.best().learning_rate == 0.1


def test_controls_train_and_clear(diabetes_runs):
    explorer = diabetes_runs
    explorer._repr_mimebundle_()
    before = bytes(explorer._image.value)
    explorer.slider.value = 0.3  # moving the slider trains at the new rate
    assert 0.3 in explorer.runs and explorer.learning_rate == 0.3
    assert bytes(explorer._image.value) != before
    explorer.train_button.click()
    assert "learning rate 0.3" in explorer._status.value
    explorer.clear_button.click()
    assert explorer.runs == {} and explorer.best() is None


def test_error_in_a_button_callback_is_shown_in_the_widget():
    explorer = LearningRateExplorer("moons", steps=2)
    explorer.optimizer = "not-an-optimizer"
    explorer.train_button.click()
    assert len(explorer.errors) == 1 and "not-an-optimizer" in explorer.errors[0]
    assert "not-an-optimizer" in explorer._error.value
    explorer.optimizer = "sgd"
    explorer.train_button.click()  # still works; the error is gone
    assert explorer.errors == [] and explorer.runs


def test_tuple_data_and_task_detection():
    (x, y), _ = __import__("kerasnb").datasets.load("iris")
    explorer = LearningRateExplorer((x, y), steps=15)
    assert explorer.task == "multiclass"
    run = explorer.train(0.5)
    assert run.final_loss < run.losses[0]
    assert LearningRateExplorer((x, y.astype("float32") + 0.5), steps=1).task == "regression"
    assert LearningRateExplorer((x, (y > 0).astype(int)), steps=1).task == "binary"


@pytest.mark.parametrize("kwargs, message", [
    ({"data": "mnist"}, "`data` must be a toy or tabular data set"),
    ({"data": (np.zeros((4, 2, 2)), np.zeros(4))}, "x.shape=(4, 2, 2)"),
    ({"data": 3}, "`data` must be a data set name or a tuple"),
    ({"optimizer": "fast"}, "`optimizer` must be one of 'sgd'"),
    ({"steps": 0}, "`steps` must be a positive integer"),
])
def test_bad_explorer_arguments(kwargs, message):
    with pytest.raises(ValueError) as info:
        LearningRateExplorer(**kwargs)
    assert message in str(info.value)


@pytest.mark.parametrize("rates", [[], [0.1, -1.0], [float("nan")], "fast", [True]])
def test_bad_learning_rates(rates):
    with pytest.raises(ValueError, match="`learning_rates` must be"):
        learning_rate_explorer(rates, interactive=False)


def test_learning_rate_function_returns_the_trained_explorer(tmp_path):
    still = learning_rate_explorer([0.01, 0.1], data="moons", steps=5, interactive=False)
    assert isinstance(still, LearningRateExplorer) and list(still.runs) == [0.01, 0.1]
    assert set(still._repr_mimebundle_()) == {"text/plain", "image/png"}
    left, right = still.figure().axes
    assert [line.get_label() for line in left.get_lines()] == ["lr=0.01", "lr=0.1"]
    assert still.save(tmp_path / "rates.pdf").read_bytes().startswith(b"%PDF")
    widget = learning_rate_explorer(0.1, data="moons", steps=3, interactive=True)
    assert isinstance(widget, LearningRateExplorer) and list(widget.runs) == [0.1]
    assert "application/vnd.jupyter.widget-view+json" in widget._repr_mimebundle_()


def test_old_import_paths_still_work():
    from kerasnb.widgets import explorers

    assert explorers.ActivationExplorer is ActivationExplorer
    assert explorers.learning_rate_explorer is learning_rate_explorer
    assert "relu" in explorers.ACTIVATIONS and "adam" in explorers.OPTIMIZERS


def test_importing_the_module_does_not_load_tensorflow_or_matplotlib():
    code = ("import sys, kerasnb.widgets.explorers\n"
            "print(sorted(m for m in ('tensorflow', 'keras', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "[]", out.stderr
