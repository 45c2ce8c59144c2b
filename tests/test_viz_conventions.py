"""The viz functions follow the package's API conventions, and the old spellings still work.

``n`` for how many, ``layers=`` (a name, an index, a layer or a list) for which
layers, keyword-only ``class_names=`` and everything after ``model, x, y``;
results show themselves through ``ShowsItself`` and ``.save`` returns the
``pathlib.Path`` written. Each old spelling warns, naming the new one, at the
caller's line, and gives the same result as the new one.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import re
import warnings
from pathlib import Path

import numpy as np
import pytest

keras = pytest.importorskip("keras")
from keras import layers  # noqa: E402

import kerasnb as knb  # noqa: E402
import kerasnb.viz  # noqa: E402
from kerasnb._repr import ShowsItself  # noqa: E402


@functools.cache
def _cnn():
    keras.utils.set_random_seed(3)
    return keras.Sequential([
        keras.Input((10, 10, 1)),
        layers.Conv2D(4, 3, activation="relu", name="conv1"),
        layers.Conv2D(5, 3, activation="relu", name="conv2"),
        layers.Flatten(name="flat"),
        layers.Dense(3, activation="softmax", name="probs"),
    ], name="small")


@functools.cache
def _mlp():
    keras.utils.set_random_seed(4)
    return keras.Sequential([keras.Input((4,)), layers.Dense(6, activation="relu"),
                             layers.Dense(3, activation="softmax")], name="mlp")


def _images(n: int = 6) -> np.ndarray:
    return np.random.default_rng(0).random((n, 10, 10, 1)).astype("float32")


def _labels(n: int = 6) -> np.ndarray:
    return np.arange(n) % 3


def _old(call, *news: str):
    """Run ``call`` expecting DeprecationWarnings naming each of ``news``, from this file."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = call()
    found = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    text = " | ".join(str(w.message) for w in found)
    for new in news:  # several arguments given by position share one warning
        assert re.search(rf"use [^;]*`{new}=`", text), text
    assert 1 <= len(found) <= len(news), text
    assert all(Path(w.filename) == Path(__file__) for w in found), [w.filename for w in found]
    return result


# ----- old spellings: warn, and give the same result ---------------------------------------


def test_show_activations_max_maps_is_n():
    new = knb.show_activations(_cnn(), _images(), layers="conv1", n=2, interactive=False)
    old = _old(lambda: knb.show_activations(_cnn(), _images(), layers="conv1", max_maps=2,
                                            interactive=False), "n")
    assert "first 2 of 4 maps" in old.figure.axes[0].get_title(loc="left")
    assert old.png == new.png


def test_activation_view_show_layer_is_layers(monkeypatch, tmp_path):
    monkeypatch.setenv("KERASNB_FRONTEND", "jupyter")
    view = knb.show_activations(_cnn(), _images(), interactive=True)
    view.show(layers="conv2")
    new = view.picker.value
    view.show(layers=_cnn().get_layer("conv1"))  # a layer object names it too
    assert view.picker.value == view.layers.index("conv1")
    _old(lambda: view.show(layer="conv2"), "layers")
    assert view.picker.value == new == view.layers.index("conv2")
    _old(lambda: view.show(2, "conv1"), "layers")  # the old positional layer
    assert view.picker.value == view.layers.index("conv1") and view.slider.value == 2
    with pytest.raises(ValueError, match="`layers` must be one layer"):
        view.show(layers=["conv1", "conv2"])
    written = view.save(Path(tmp_path) / "live.png")  # the picture the live view shows now
    assert written.read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(ValueError, match=r"`path` must end in \.png for this activation view"):
        view.save(Path(tmp_path) / "live.svg")


def test_show_filters_positional_layer_and_max_names():
    new = knb.show_filters(_cnn(), layers="conv2", n=3, n_channels=2)
    old = _old(lambda: knb.show_filters(_cnn(), "conv2", max_filters=3, max_channels=2),
               "layers", "n", "n_channels")
    assert (old.layer, old.panels, old.mode) == ("conv2", 6, "channels") == \
        (new.layer, new.panels, new.mode)
    np.testing.assert_array_equal(old.kernel, new.kernel)
    assert old.png == new.png
    keyword = _old(lambda: knb.show_filters(_cnn(), layer="conv2", n=3, n_channels=2), "layers")
    assert keyword.png == new.png


def test_saliency_positional_method_and_layer_keyword():
    new = knb.saliency(_cnn(), _images(3), method="gradcam", layers="conv1")
    old = _old(lambda: knb.saliency(_cnn(), _images(3), "gradcam", layer="conv1"),
               "method", "layers")
    assert old.layer == new.layer == "conv1" and old.method == "gradcam"
    np.testing.assert_allclose(old.maps, new.maps, rtol=1e-5, atol=1e-6)


def test_show_predictions_positional_arguments_and_top_k():
    x, y, names = np.random.default_rng(1).random((8, 4)), np.arange(8) % 3, ["a", "b", "c"]
    new = knb.show_predictions(_mlp(), x, y, class_names=names, n=5, only_errors=False,
                               n_top=2)
    old = _old(lambda: knb.show_predictions(_mlp(), x, y, names, 5, False, top_k=2),
               "class_names", "n", "only_errors", "n_top")
    assert old.rows == new.rows and len(new.rows) == 5 and len(new.rows[0][2]) == 2
    assert {name for _, _, top in new.rows for name, _ in top} <= set(names)


def test_show_images_and_confusion_matrix_positional_class_names():
    names = ["zero", "one", "two"]
    new = knb.show_images(_images(), _labels(), class_names=names)
    old = _old(lambda: knb.show_images(_images(), _labels(), names), "class_names")
    assert old.titles == new.titles == [names[i] for i in _labels()]
    cm_new = knb.confusion_matrix(_cnn(), _images(), _labels(), class_names=names,
                                  normalize="true", interactive=False)
    cm_old = _old(lambda: knb.confusion_matrix(_cnn(), _images(), _labels(), names, "true",
                                               interactive=False), "class_names", "normalize")
    assert cm_old.class_names == cm_new.class_names == names
    np.testing.assert_array_equal(cm_old.matrix, cm_new.matrix)


def test_an_argument_given_twice_is_refused_naming_both():
    with pytest.raises(TypeError, match="both `max_maps` .*and `n`"):
        knb.show_activations(_cnn(), _images(), n=2, max_maps=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(TypeError, match="multiple values for argument `layer`.*`layers=`"):
            knb.show_filters(_cnn(), "conv1", layers="conv2")
    with pytest.raises(TypeError, match="takes 3 positional arguments at most but 5"):
        knb.show_images(_images(), None, None, 3, 4)


# ----- layers=: a name, an index, a layer object or a list --------------------------------


def test_layers_takes_a_name_an_index_an_object_or_a_list():
    model = _cnn()
    conv2 = model.get_layer("conv2")
    for spelling in ("conv2", 1, np.int64(1), conv2, ["conv2"], ("conv2",)):
        view = knb.show_activations(model, _images(), layers=spelling, interactive=False)
        assert view.layers == ["conv2"], spelling
        assert knb.show_filters(model, layers=spelling).layers == ["conv2"], spelling
        assert knb.saliency(model, _images(2), layers=spelling).layer == "conv2", spelling
    both = knb.show_activations(model, _images(), layers=[conv2, "conv1"], interactive=False)
    assert both.layers == ["conv2", "conv1"]


def test_show_filters_draws_one_section_per_layer():
    model = _cnn()
    grid = knb.show_filters(model, layers=["conv1", model.get_layer("conv2")], n=3)
    assert grid.layers == ["conv1", "conv2"] and grid.modes == {"conv1": "gray",
                                                                "conv2": "channels"}
    assert grid.panels == 3 + 3 * 4  # conv1: 3 gray patches; conv2: 3 filters x 4 channels
    titles = [ax.get_title(loc="left") for ax in grid.figure.axes]
    assert titles[0].startswith("conv1 (Conv2D)") and titles[1].startswith("conv2 (Conv2D)")
    np.testing.assert_array_equal(grid.kernels["conv2"], model.get_layer("conv2").kernel.numpy())
    assert "2 layers" in repr(grid)


def test_saliency_refuses_several_layers_saying_why():
    with pytest.raises(ValueError, match=r"`layers` must be one layer \(Grad-CAM weighs one "
                                         r"layer's maps.*Received: layers='2 layers: conv1, conv2'"):
        knb.saliency(_cnn(), _images(2), layers=["conv1", "conv2"])


# ----- modules, signatures, display --------------------------------------------------------


def test_module_names_do_not_shadow_the_functions():
    assert inspect.isfunction(kerasnb.viz.summary) and inspect.isfunction(kerasnb.viz.saliency)
    assert knb.summary is kerasnb.viz.summary and knb.saliency is kerasnb.viz.saliency
    assert importlib.import_module("kerasnb.viz.summary_table").summary is kerasnb.viz.summary
    assert importlib.import_module("kerasnb.viz.saliency_maps").saliency is kerasnb.viz.saliency


@pytest.mark.parametrize("name", kerasnb.viz.__all__)
def test_signatures_follow_the_conventions(name):
    signature = inspect.signature(getattr(kerasnb.viz, name))
    positional = [p.name for p in signature.parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    assert positional in (["model"], ["model", "x"], ["model", "x", "y"], ["x", "y"]), positional
    assert signature.return_annotation is not inspect.Signature.empty
    names = set(signature.parameters)
    assert not names & {"max_maps", "max_filters", "max_channels", "top_k", "layer"}
    if "interactive" in names:
        assert signature.parameters["interactive"].default is None


def test_every_public_function_and_method_has_a_return_annotation():
    import pkgutil

    missing = []
    for info in pkgutil.iter_modules(kerasnb.viz.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"kerasnb.viz.{info.name}")
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            members = [(name, obj)] if inspect.isfunction(obj) else []
            if inspect.isclass(obj):
                members = [(f"{name}.{m}", getattr(f, "fget", f)) for m, f in vars(obj).items()
                           if not m.startswith("_") or m == "__init__"]
            for label, func in members:
                if inspect.isfunction(func) and \
                        inspect.signature(func).return_annotation is inspect.Signature.empty:
                    missing.append(f"{module.__name__}.{label}")
    assert not missing, missing


def test_results_show_themselves_with_text_and_save_to_a_path(tmp_path):
    x, y = np.random.default_rng(2).random((6, 4)), np.arange(6) % 3
    cm = knb.confusion_matrix(_mlp(), x, y, interactive=False)
    results = {
        "model.svg": knb.show_model(_cnn()),
        "summary.html": knb.summary(_cnn()),
        "summary.txt": knb.summary(_cnn()),
        "table.html": knb.show_predictions(_mlp(), x, y),
        "table.txt": knb.show_predictions(_mlp(), x, y),
        "filters.png": knb.show_filters(_cnn()),
        "images.svg": knb.show_images(_images()),
        "cm.png": cm,
        "cell.html": cm.select(0, 0),
    }
    for filename, result in results.items():
        assert isinstance(result, ShowsItself), filename
        bundle = result._repr_mimebundle_()
        assert bundle["text/plain"] == repr(result) and len(bundle) >= 2, filename
        written = result.save(tmp_path / filename)
        assert isinstance(written, Path) and written == tmp_path / filename, filename
        assert written.stat().st_size > 0, filename
    assert (tmp_path / "summary.txt").read_text(encoding="utf-8").startswith("Model: small")
    assert "<table>" in (tmp_path / "table.html").read_text(encoding="utf-8")
    with pytest.raises(ValueError, match=r"`path` must end in .html or .txt"):
        results["summary.html"].save(tmp_path / "summary.png")


def test_one_css_scoping_helper():
    from kerasnb.viz import _display

    scope_a, css_a = _display.scoped_css()
    scope_b, _ = _display.scoped_css()
    assert scope_a != scope_b and scope_a.startswith("kerasnb-viz-")
    assert f"#{scope_a}" in css_a and "SCOPE" not in css_a
    html = knb.summary(_cnn())._repr_html_()
    scope = html.split('id="', 1)[1].split('"', 1)[0]
    assert f"#{scope}" in html
