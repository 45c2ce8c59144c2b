"""show_predictions, confusion_matrix and decision_boundary on small trained models."""

from __future__ import annotations

import html

import numpy as np
import pytest
from test_viz_models import (
    HOSTILE,
    mnist_small,
    trained_cnn,
    trained_mlp,
    trained_regressor,
)

keras = pytest.importorskip("keras")
from keras import layers  # noqa: E402

import kerasnb as knb  # noqa: E402

DIGITS = [str(i) for i in range(10)]


def _cnn_predictions():
    _, _, xt, yt = mnist_small()
    return xt, yt, trained_cnn()(xt).numpy().argmax(axis=1)


# ----- show_predictions -------------------------------------------------------------------


def test_image_gallery_marks_mistakes():
    xt, yt, predicted = _cnn_predictions()
    names = DIGITS[:9] + [HOSTILE]
    gallery = knb.show_predictions(trained_cnn(), xt, yt, class_names=names, n=12, n_top=2)
    assert gallery.panels == 12 and gallery.indices.tolist() == list(range(12))
    assert gallery.wrong.tolist() == (predicted[:12] != yt[:12]).tolist()
    pictures = [ax for ax in gallery.figure.axes if ax.get_images()]
    assert len(pictures) == 12
    bars = [ax for ax in gallery.figure.axes if ax.patches]
    assert len(bars) == 12 and all(len(ax.patches) == 2 for ax in bars)
    first = pictures[0].get_title()
    assert first == f"true {names[yt[0]]}\npred {names[predicted[0]]}"


def test_only_errors_shows_just_the_mistakes():
    xt, yt, predicted = _cnn_predictions()
    gallery = knb.show_predictions(trained_cnn(), xt, yt, n=50, only_errors=True)
    mistakes = np.flatnonzero(predicted != yt)
    assert gallery.indices.tolist() == mistakes[:50].tolist() and gallery.wrong.all()
    assert gallery.panels == min(50, len(mistakes)) > 0


def test_gallery_without_labels_and_one_hot_labels():
    xt, yt, predicted = _cnn_predictions()
    plain = knb.show_predictions(trained_cnn(), xt[:4])
    assert not plain.wrong.any()
    titles = [ax.get_title() for ax in plain.figure.axes if ax.get_images()]
    assert titles == [f"pred {p}" for p in predicted[:4]]
    one_hot = np.eye(10)[yt]
    assert knb.show_predictions(trained_cnn(), xt, one_hot, n=8).wrong.tolist() == \
        (predicted[:8] != yt[:8]).tolist()


def test_tabular_predictions_are_a_table_of_top_classes():
    model, (_, _, xt, yt) = trained_mlp("iris")
    names = ["setosa", HOSTILE, "virginica"]
    table = knb.show_predictions(model, xt, yt, class_names=names, n=6, n_top=2)
    probs = model(xt[:6]).numpy()
    assert [len(top) for _, _, top in table.rows] == [2] * 6
    assert [top[0][0] for _, _, top in table.rows] == [names[i] for i in probs.argmax(axis=1)]
    assert table.wrong.tolist() == (probs.argmax(axis=1) != yt[:6]).tolist()
    html = table._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html and html.count("<tr") == 7
    assert "PredictionTable: 6 samples" in repr(table)


def test_regression_plot_static_and_live(monkeypatch):
    model, (_, _, xt, yt) = trained_regressor()
    plot = knb.show_predictions(model, xt, yt, interactive=False)
    predicted = model(xt).numpy()[:, 0]
    np.testing.assert_allclose(plot.predicted, predicted, rtol=1e-5)
    assert plot.mae == pytest.approx(np.mean(np.abs(predicted - yt)), rel=1e-5)
    scatter, residuals = plot.figure.axes
    assert scatter.get_xlabel() == "actual" and len(scatter.collections) == 1
    assert len(scatter.lines) == 1  # the identity line
    np.testing.assert_allclose(residuals.collections[0].get_offsets()[:, 1], predicted - yt,
                               rtol=1e-4, atol=1e-3)
    monkeypatch.setenv("KERASNB_FRONTEND", "jupyter")
    live = knb.show_predictions(model, xt, yt)
    assert live.plotly_figure is live.widget and len(live.widget.data) == 4
    worst = knb.show_predictions(model, xt, yt, n=5, only_errors=True, interactive=False)
    assert len(worst.actual) == 5
    assert np.abs(worst.predicted - worst.actual).min() >= np.sort(np.abs(predicted - yt))[-5] - 1e-3


def test_show_predictions_errors():
    xt, yt, _ = _cnn_predictions()
    model, (_, _, xr, _) = trained_regressor()
    with pytest.raises(ValueError, match=r"`y` is needed to find mistakes"):
        knb.show_predictions(trained_cnn(), xt, only_errors=True)
    with pytest.raises(ValueError, match=r"`y` is needed to plot predicted against actual"):
        knb.show_predictions(model, xr)
    with pytest.raises(ValueError, match=r"`x` must have shape \(None, 28, 28, 1\)"):
        knb.show_predictions(trained_cnn(), xt.reshape(len(xt), -1))
    with pytest.raises(ValueError, match=r"`y` must hold one label per sample \(120\)"):
        knb.show_predictions(trained_cnn(), xt, yt[:5])
    with pytest.raises(ValueError, match="`task` must be one of 'classification', 'regression'"):
        knb.show_predictions(trained_cnn(), xt, yt, task="ranking")


# ----- confusion_matrix -------------------------------------------------------------------


def test_counts_and_rates():
    xt, yt, predicted = _cnn_predictions()
    cm = knb.confusion_matrix(trained_cnn(), xt, yt, interactive=False)
    expected = np.zeros((10, 10), int)
    for t, p in zip(yt, predicted, strict=True):
        expected[t, p] += 1
    np.testing.assert_array_equal(cm.matrix, expected)
    assert cm.accuracy == pytest.approx(np.mean(predicted == yt))
    rates = knb.confusion_matrix(trained_cnn(), xt, yt, normalize="true", interactive=False)
    present = expected.sum(axis=1) > 0
    np.testing.assert_allclose(rates.matrix.sum(axis=1)[present], 1.0)
    np.testing.assert_array_equal(rates.counts, expected)
    pred_rates = knb.confusion_matrix(trained_cnn(), xt, yt, normalize="pred", interactive=False)
    used = expected.sum(axis=0) > 0
    np.testing.assert_allclose(pred_rates.matrix.sum(axis=0)[used], 1.0)
    everything = knb.confusion_matrix(trained_cnn(), xt, yt, normalize="all", interactive=False)
    assert everything.matrix.sum() == pytest.approx(1.0)
    ax = cm.figure.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == DIGITS
    assert ax.get_xlabel() == "predicted" and ax.get_ylabel() == "true"


def test_select_returns_the_examples_of_a_cell():
    xt, yt, predicted = _cnn_predictions()
    names = DIGITS[:9] + [HOSTILE]
    cm = knb.confusion_matrix(trained_cnn(), xt, yt, class_names=names, interactive=False)
    t, p = np.unravel_index(np.argmax(cm.counts - np.diag(np.diag(cm.counts))), cm.counts.shape)
    examples = cm.select(int(t), names[p])
    expected = np.flatnonzero((yt == t) & (predicted == p))
    assert examples.indices.tolist() == expected.tolist() and len(expected) > 0
    assert len([ax for ax in examples.figure.axes if ax.get_images()]) == len(expected)
    assert cm.select(0, 0).indices.tolist() == np.flatnonzero((yt == 0) & (predicted == 0)).tolist()
    with pytest.raises(ValueError, match=r"`pred_class` must be a class index below 10 or one "
                                         r"of '0'.*Received: pred_class='ten'"):
        cm.select(0, "ten")


def test_live_matrix_shows_a_clicked_cells_examples(monkeypatch):
    monkeypatch.setenv("KERASNB_FRONTEND", "jupyter")
    xt, yt, predicted = _cnn_predictions()
    names = DIGITS[:9] + [HOSTILE]
    cm = knb.confusion_matrix(trained_cnn(), xt, yt, class_names=names)
    assert len(cm.plotly_figure.data) == 1
    frame, _, _, examples = cm.widget.children
    assert "kerasnb-cm" in frame._dom_classes and "kerasnb-cm-examples" in examples._dom_classes
    assert frame.children[0] is cm.plotly_figure and examples.children == ()
    assert "<script>" not in str(cm.plotly_figure.layout.xaxis.ticktext)
    assert "&lt;script&gt;" in cm.plotly_figure.layout.xaxis.ticktext[9]
    t = int(yt[np.flatnonzero(predicted != yt)[0]])
    p = int(predicted[np.flatnonzero(predicted != yt)[0]])
    # what the browser sends when a cell is clicked: plotly's own message, handled by plotly
    cm.plotly_figure._js2py_pointsCallback = {
        "event_type": "plotly_click", "device_state": None, "selector": None,
        "points": {"xs": [p], "ys": [t], "point_indexes": [[t, p]], "trace_indexes": [0]}}
    caption, picture = examples.children
    count = int(np.sum((yt == t) & (predicted == p)))
    assert caption.value.startswith(f"<b>{count} samples of class {html.escape(names[t])} "
                                    f"predicted as {html.escape(names[p])}")
    assert bytes(picture.value).startswith(b"\x89PNG") and cm.error.value == ""
    cm.select(0, 0)
    assert bytes(examples.children[1].value) != bytes(picture.value)
    # a click the matrix cannot answer is shown in the widget, and the next good one clears it
    cm.plotly_figure._js2py_pointsCallback = {
        "event_type": "plotly_click", "device_state": None, "selector": None,
        "points": {"xs": [99], "ys": [t], "point_indexes": [[t, 99]], "trace_indexes": [0]}}
    assert "must be a class index below 10" in cm.error.value
    cm.plotly_figure._js2py_pointsCallback = {
        "event_type": "plotly_click", "device_state": None, "selector": None,
        "points": {"xs": [p], "ys": [t], "point_indexes": [[t, p]], "trace_indexes": [0]}}
    assert cm.error.value == ""


def test_confusion_matrix_on_tabular_data_and_errors():
    model, (_, _, xt, yt) = trained_mlp("iris")
    cm = knb.confusion_matrix(model, xt, yt, interactive=False)
    assert cm.matrix.shape == (3, 3) and cm.matrix.sum() == len(xt)
    examples = cm.select(0, 0)
    assert examples.figure is None and "<table>" in examples._repr_mimebundle_()["text/html"]
    with pytest.raises(ValueError, match="`normalize` must be one of None, 'true', 'pred', 'all'"):
        knb.confusion_matrix(model, xt, yt, normalize="rows")
    with pytest.raises(ValueError, match=r"`y` must be class indices.*Received: y="):
        knb.confusion_matrix(model, xt, yt + 0.5)
    regressor, (_, _, xr, yr) = trained_regressor()
    with pytest.raises(ValueError, match="`model` must be a classifier"):
        knb.confusion_matrix(regressor, xr, np.zeros(len(xr), int) + 2)


# ----- decision_boundary ------------------------------------------------------------------


def test_binary_boundary_static_and_live(monkeypatch):
    model, (x, y, _, _) = trained_mlp("moons")
    view = knb.decision_boundary(model, x, y, resolution=40, interactive=False)
    assert view.probs.shape == (40, 40, 2)
    np.testing.assert_allclose(view.probs.sum(axis=-1), 1.0, atol=1e-5)
    p = model(x).numpy()[:, 0]
    assert view.accuracy == pytest.approx(np.mean((p > 0.5) == y)) and view.accuracy > 0.8
    ax = view.figure.axes[0]
    assert len(ax.get_images()) == 1 and len(ax.collections) >= 2  # shading, line, 2 classes
    monkeypatch.setenv("KERASNB_FRONTEND", "jupyter")
    live = knb.decision_boundary(model, x, y, resolution=30, class_names=["a", HOSTILE])
    kinds = [trace.type for trace in live.widget.data]
    assert kinds == ["contour", "scatter", "scatter"]
    assert live.widget.data[2].name == "&lt;script&gt;alert(&quot;x&quot;)&amp;amp;&#x27;"


def test_views_save_to_files(tmp_path):
    model, (x, y, _, _) = trained_mlp("moons")
    static = knb.decision_boundary(model, x, y, resolution=20, interactive=False)
    assert static.save(tmp_path / "b.png") == tmp_path / "b.png"  # a pathlib.Path
    static.save(tmp_path / "b.svg")
    assert (tmp_path / "b.png").read_bytes()[:4] == b"\x89PNG"
    assert "<svg" in (tmp_path / "b.svg").read_text()
    live = knb.decision_boundary(model, x, y, resolution=20, interactive=True)
    live.save(tmp_path / "b.html")
    page = (tmp_path / "b.html").read_text()
    assert 'src="https://' not in page and "Plotly.newPlot" in page  # works offline
    # a live figure writes its static drawing as .png, nothing else
    assert live.save(tmp_path / "live.png").read_bytes()[:4] == b"\x89PNG"
    with pytest.raises(ValueError, match=r"`path` must end in \.html or \.png for this "
                                         r"decision boundary"):
        live.save(tmp_path / "b.svg")
    with pytest.raises(ValueError, match="interactive and has no static figure"):
        live.png  # noqa: B018


def test_multiclass_boundary():
    model, (x, y, _, _) = trained_mlp("gaussian")
    view = knb.decision_boundary(model, x, y, resolution=25, interactive=True)
    assert [t.type for t in view.widget.data] == ["heatmap", "scatter", "scatter", "scatter"]
    assert view.probs.shape == (25, 25, 3)
    grid_point = np.array([[view.xs[3], view.ys[7]]], "float32")
    np.testing.assert_allclose(view.probs[7, 3], model(grid_point).numpy()[0], rtol=1e-4,
                               atol=1e-5)
    static = knb.decision_boundary(model, x, y, resolution=25, interactive=False)
    assert static.png.startswith(b"\x89PNG")


def test_decision_boundary_errors():
    model, (x, y, _, _) = trained_mlp("moons")
    iris, (xi, yi, _, _) = trained_mlp("iris")
    with pytest.raises(ValueError, match=r"`x` must have two features per sample, shape \(n, 2\)"
                                         r".*Received: x with shape \(120, 4\)"):
        knb.decision_boundary(iris, xi, yi)
    with pytest.raises(ValueError, match=r"`y` must hold one label per sample \(300\)"):
        knb.decision_boundary(model, x, y[:10])
    three_d = keras.Sequential([keras.Input((3,)), layers.Dense(2, activation="softmax")])
    with pytest.raises(ValueError, match=r"`x` must have shape \(None, 3\)"):
        knb.decision_boundary(three_d, x, y)


# ----- bad data ------------------------------------------------------------------------------


def test_nan_inputs_never_give_a_fake_accuracy():
    model, (x, y, _, _) = trained_mlp("gaussian")
    bad = x[:30].copy()
    bad[::3, 0] = np.nan
    with pytest.raises(ValueError, match=r"`x` holds 10 NaN or infinite values"):
        knb.confusion_matrix(model, bad, y[:30], interactive=False)
    with pytest.raises(ValueError, match=r"`x` holds 10 NaN"):
        knb.decision_boundary(model, bad, y[:30], interactive=False)
    broken = keras.models.clone_model(model)
    broken.set_weights([np.full_like(w, np.nan) for w in model.get_weights()])
    with pytest.raises(ValueError, match=r"`model` predicts NaN or inf for 30 of 30 samples"):
        knb.confusion_matrix(broken, x[:30], y[:30], interactive=False)


def test_regression_plot_leaves_out_nan_targets_and_says_so():
    model, (x, y, _, _) = trained_regressor()
    targets = y[:20].copy()
    targets[[2, 7]] = np.nan
    with pytest.warns(UserWarning, match=r"2 of 20 samples have a NaN or infinite target"):
        plot = knb.show_predictions(model, x[:20], targets, interactive=False)
    assert len(plot.actual) == 18 and np.isfinite(plot.mae) and 2 not in plot.indices
    with pytest.warns(UserWarning):
        worst = knb.show_predictions(model, x[:20], targets, only_errors=True, n=5,
                                     interactive=False)
    assert len(worst.indices) == 5 and not {2, 7} & set(worst.indices.tolist())
