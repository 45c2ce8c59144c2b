"""One test per knb.check detection, each with a minimal real model and data.

Each test also shows the fixed setup passing the same check, so no test passes
by a check that fires on everything.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
from keras import layers

import kerasnb as knb

RNG = np.random.default_rng(0)


def seq(*stack, shape=(4,), loss=None, metrics=None):
    """A small Sequential model, compiled when ``loss`` is given."""
    model = keras.Sequential([keras.Input(shape), *stack])
    if loss is not None:
        model.compile(optimizer="adam", loss=loss, metrics=metrics)
    return model


def x_tab(n=100, features=4):
    return RNG.normal(size=(n, features)).astype("float32")


def ints(n=100, k=3):
    return np.arange(n) % k


def onehot(n=100, k=3):
    return np.eye(k, dtype="float32")[ints(n, k)]


def found(report, code):
    return [f for f in report if f.code == code]


def only(report, code):
    hits = found(report, code)
    assert len(hits) == 1, report
    return hits[0]


# -- KNB1xx output, loss, labels ----------------------------------------------------------


def test_knb101_sigmoid_on_a_multiclass_output():
    bad = seq(layers.Dense(8, activation="relu"), layers.Dense(3, activation="sigmoid"),
              loss="sparse_categorical_crossentropy")
    hit = only(knb.check(bad, x_tab(), ints()), "KNB101")
    assert hit.severity == "error" and "softmax" in hit.fix
    assert hit.where == bad.layers[-1].name
    # known from the loss alone, before any data is given
    assert "KNB101" in knb.check(bad)
    good = seq(layers.Dense(8, activation="relu"), layers.Dense(3, activation="softmax"),
               loss="sparse_categorical_crossentropy")
    assert "KNB101" not in knb.check(good, x_tab(), ints())


def test_knb101_leaves_multilabel_sigmoid_alone():
    multilabel = (RNG.random((100, 3)) > 0.5).astype("float32")
    model = seq(layers.Dense(3, activation="sigmoid"), loss="binary_crossentropy")
    report = knb.check(model, x_tab(), multilabel)
    assert report.ok and not report.warnings, report


def test_knb102_softmax_on_one_unit():
    bad = seq(layers.Dense(1, activation="softmax"), loss="binary_crossentropy")
    hit = only(knb.check(bad), "KNB102")
    assert "always outputs exactly 1.0" in hit.message and "sigmoid" in hit.fix
    # also on a model not built yet: the units come from the layer
    unbuilt = keras.Sequential([layers.Dense(4), layers.Dense(1, activation="softmax")])
    assert "KNB102" in knb.check(unbuilt)
    assert "KNB102" not in knb.check(seq(layers.Dense(1, activation="sigmoid"),
                                         loss="binary_crossentropy"))


def test_knb103_binary_crossentropy_on_many_classes():
    bad = seq(layers.Dense(1, activation="sigmoid"), loss="binary_crossentropy")
    hit = only(knb.check(bad, x_tab(), ints(k=5)), "KNB103")
    assert "5 classes" in hit.message and "sparse_categorical_crossentropy" in hit.fix
    onehot_bad = seq(layers.Dense(5, activation="softmax"), loss="binary_crossentropy")
    hit = only(knb.check(onehot_bad, x_tab(), onehot(k=5)), "KNB103")
    assert '"categorical_crossentropy"' in hit.fix
    assert "KNB103" not in knb.check(bad, x_tab(), ints(k=2))


def test_knb104_categorical_crossentropy_with_integer_labels():
    bad = seq(layers.Dense(3, activation="softmax"), loss="categorical_crossentropy")
    hit = only(knb.check(bad, x_tab(), ints()), "KNB104")
    assert "sparse_categorical_crossentropy" in hit.fix and "to_categorical(y, 3)" in hit.fix
    assert "KNB104" not in knb.check(bad, x_tab(), onehot())


def test_knb105_sparse_crossentropy_with_onehot_labels():
    bad = seq(layers.Dense(3, activation="softmax"), loss="sparse_categorical_crossentropy")
    hit = only(knb.check(bad, x_tab(), onehot()), "KNB105")
    assert "argmax" in hit.fix
    assert "KNB105" not in knb.check(bad, x_tab(), ints())


def test_knb106_from_logits_on_a_softmax_output():
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    bad = seq(layers.Dense(3, activation="softmax"), loss=loss)
    hit = only(knb.check(bad), "KNB106")
    assert "second time" in hit.message
    good = seq(layers.Dense(3), loss=loss)
    assert not knb.check(good, x_tab(), ints()).codes


def test_knb107_probability_loss_on_raw_scores():
    bad = seq(layers.Dense(8, activation="relu"), layers.Dense(3),
              loss="sparse_categorical_crossentropy")
    hit = only(knb.check(bad, x_tab(), ints()), "KNB107")
    assert "from_logits=True" in hit.fix and 'activation="softmax"' in hit.fix
    binary = seq(layers.Dense(1, activation="relu"), loss="binary_crossentropy")
    assert 'activation="sigmoid"' in only(knb.check(binary), "KNB107").fix


def test_knb108_squashing_output_on_a_regression_target():
    y = RNG.uniform(100, 300, size=100).astype("float32")
    sigmoid = seq(layers.Dense(1, activation="sigmoid"), loss="mse")
    hit = only(knb.check(sigmoid, x_tab(), y), "KNB108")
    assert "between 0 and 1" in hit.message and hit.fix.startswith("layers.Dense(1)")
    softmax = seq(layers.Dense(1, activation="softmax"), loss="mse")
    assert "KNB108" in knb.check(softmax, x_tab(), y)
    # a target scaled into 0..1 is what a sigmoid output can reach
    assert "KNB108" not in knb.check(sigmoid, x_tab(), y / 300)
    linear = seq(layers.Dense(1), loss="mse")
    assert not knb.check(linear, x_tab(), y).codes


def test_knb109_output_units_differ_from_the_classes():
    bad = seq(layers.Dense(5, activation="softmax"), loss="categorical_crossentropy")
    hit = only(knb.check(bad, x_tab(), onehot(k=3)), "KNB109")
    assert hit.severity == "error" and "3 columns" in hit.message
    wide = seq(layers.Dense(10, activation="softmax"), loss="sparse_categorical_crossentropy")
    hit = only(knb.check(wide, x_tab(), ints(k=3)), "KNB109")
    assert hit.severity == "warning" and "classes 0 to 2" in hit.message


def test_knb110_labels_out_of_range():
    model = seq(layers.Dense(3, activation="softmax"), loss="sparse_categorical_crossentropy")
    hit = only(knb.check(model, x_tab(), ints() + 1), "KNB110")
    assert "1-based" in hit.message and hit.fix.startswith("y = y - 1")
    assert "KNB110" in knb.check(model, x_tab(), ints() - 1)
    binary = seq(layers.Dense(1, activation="sigmoid"), loss="binary_crossentropy")
    hit = only(knb.check(binary, x_tab(), np.where(ints(k=2) == 1, 1, -1)), "KNB110")
    assert "y == 1" in hit.fix


def test_knb111_categorical_crossentropy_on_one_unit():
    bad = seq(layers.Dense(1, activation="sigmoid"), loss="categorical_crossentropy")
    hit = only(knb.check(bad), "KNB111")
    assert "binary_crossentropy" in hit.fix


# -- KNB2xx data ---------------------------------------------------------------------------


def cnn(first=()):
    return seq(*first, layers.Conv2D(4, 3, activation="relu"), layers.Flatten(),
               layers.Dense(3, activation="softmax"), shape=(8, 8, 1),
               loss="sparse_categorical_crossentropy")


def test_knb201_raw_pixels_and_unscaled_features():
    pixels = RNG.integers(0, 256, size=(60, 8, 8, 1)).astype("uint8")
    hit = only(knb.check(cnn(), pixels, ints(60)), "KNB201")
    assert "raw pixel values" in hit.message and "/ 255.0" in hit.fix
    # the model rescales itself: fine
    assert "KNB201" not in knb.check(cnn([layers.Rescaling(1 / 255)]), pixels, ints(60))
    assert "KNB201" not in knb.check(cnn(), pixels / 255.0, ints(60))
    model = seq(layers.Dense(3, activation="softmax"), loss="sparse_categorical_crossentropy")
    hit = only(knb.check(model, x_tab() * 1000, ints()), "KNB201")
    assert "Normalization" in hit.fix


def test_knb202_nan_and_inf_in_x_and_y():
    model = seq(layers.Dense(1), loss="mse")
    x, y = x_tab(), RNG.normal(size=100).astype("float32")
    x[3, 1] = np.nan
    y[7] = np.inf
    hits = found(knb.check(model, x, y), "KNB202")
    assert {h.where for h in hits} == {"x", "y"}
    assert "1 NaN" in next(h.message for h in hits if h.where == "x")
    assert "1 infinite" in next(h.message for h in hits if h.where == "y")


def test_pandas_tables_are_checked_like_arrays():
    pd = pytest.importorskip("pandas")
    model = seq(layers.Dense(3, activation="softmax"), loss="sparse_categorical_crossentropy")
    x = pd.DataFrame(x_tab() * 1000, columns=["a", "b", "c", "d"])
    x.iloc[5, 2] = np.nan                                  # a hole, as read_csv gives one
    y = pd.Series(ints())
    assert knb.check(model, x, y).codes == knb.check(model, x.to_numpy(), y.to_numpy()).codes
    assert {"KNB201", "KNB202"} <= set(knb.check(model, x, y).codes)


def test_knb203_x_does_not_match_the_input_and_the_reshape_is_suggested():
    x = RNG.random((60, 8, 8)).astype("float32")
    hit = only(knb.check(cnn(), x, ints(60)), "KNB203")
    assert "(None, 8, 8, 1)" in hit.message and "(N, 8, 8)" in hit.message
    assert hit.fix.startswith("x = x.reshape(-1, 8, 8, 1)")
    dense = seq(layers.Dense(3, activation="softmax"), shape=(64,),
                loss="sparse_categorical_crossentropy")
    assert "Flatten" in only(knb.check(dense, x, ints(60)), "KNB203").fix
    other = only(knb.check(dense, x_tab(60, 5), ints(60)), "KNB203")
    assert other.fix.startswith("keras.Input(shape=(5,))")
    assert "KNB203" not in knb.check(cnn(), x[..., None], ints(60))


def test_knb204_x_and_y_of_different_lengths():
    model = seq(layers.Dense(1), loss="mse")
    hit = only(knb.check(model, x_tab(100), RNG.normal(size=80)), "KNB204")
    assert "x has 100, y has 80" in hit.message


def test_knb205_heavy_class_imbalance_without_weights():
    y = (np.arange(200) < 10).astype("int64")  # 10 positives, 190 negatives
    model = seq(layers.Dense(1, activation="sigmoid"), loss="binary_crossentropy")
    report = knb.check(model, x_tab(200), y)
    hit = only(report, "KNB205")
    assert hit.severity == "warning" and report.ok
    assert "19 to 1" in hit.message and "class_weight={0: 0.53, 1: 10.00}" in hit.fix
    # told to weight the classes or the samples: nothing to say
    assert "KNB205" not in knb.check(model, x_tab(200), y, class_weight={0: 0.53, 1: 10.0})
    weights = np.where(y == 1, 10.0, 0.5)
    assert "KNB205" not in knb.check(model, x_tab(200), y, sample_weight=weights)
    # milder imbalance (7 to 1) is worth a word, not a warning
    mild = (np.arange(200) < 25).astype("int64")
    assert only(knb.check(model, x_tab(200), mild), "KNB205").severity == "info"


def test_knb206_tiny_dataset_for_a_huge_model():
    big = seq(layers.Dense(256, activation="relu"), layers.Dense(10, activation="softmax"),
              shape=(784,), loss="sparse_categorical_crossentropy")
    x = RNG.random((20, 784)).astype("float32")
    hit = only(knb.check(big, x, ints(20, 10)), "KNB206")
    assert "203,530 trainable parameters for 20" in hit.message
    x_many = RNG.random((2000, 784)).astype("float32")
    assert "KNB206" not in knb.check(big, x_many, ints(2000, 10))


# -- KNB3xx model ----------------------------------------------------------------------------


def test_knb301_not_compiled():
    hit = only(knb.check(seq(layers.Dense(1))), "KNB301")
    assert hit.severity == "error" and "model.compile" in hit.fix


def test_knb302_not_built_suggests_an_input_with_the_data_shape():
    model = keras.Sequential([layers.Dense(4, activation="relu"), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    hit = only(knb.check(model), "KNB302")
    assert hit.severity == "info" and "input_shape=" in hit.message
    # with x the shapes are worked out on a built copy: no finding, shape checks run
    report = knb.check(model, x_tab(10, 6), RNG.normal(size=10))
    assert "KNB302" not in report and report.ok and not model.built
    assert any("built for x's shape" in n for n in report.notes)
    no_flatten = keras.Sequential([layers.Dense(8, activation="relu"),
                                   layers.Dense(3, activation="softmax")])
    no_flatten.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    x = RNG.random((30, 8, 8)).astype("float32")
    assert "KNB303" in knb.check(no_flatten, x, ints(30)) and not no_flatten.built


def test_knb302_is_silent_on_an_adapted_normalization_first():
    # tensorflow.org's regression tutorial: Sequential([normalizer, Dense, Dense, Dense(1)])
    x = (RNG.normal(size=(200, 9)) * [1, 100, 50, 1000, 10, 3, 5, 1, 1]).astype("float32")
    normalizer = layers.Normalization(axis=-1)
    normalizer.adapt(x)
    model = keras.Sequential([normalizer, layers.Dense(16, activation="relu"),
                              layers.Dense(16, activation="relu"), layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.001), loss="mean_absolute_error")
    report = knb.check(model, x, RNG.normal(20, 5, size=200))
    assert report.ok and not report.warnings, report


class TwoParts(keras.Model):
    """GAN-style: a custom train_step and two built sub-models, never built itself."""

    def __init__(self):
        super().__init__()
        self.generator = keras.Sequential([keras.Input((4,)), layers.Dense(8)])
        self.discriminator = keras.Sequential([keras.Input((8,)), layers.Dense(1)])

    def train_step(self, data):
        return {}


def test_knb302_is_silent_on_a_model_of_built_parts():
    model = TwoParts()
    model.compile(optimizer="adam")
    codes = knb.check(model, x_tab(32)).codes
    assert "KNB302" not in codes and not knb.check(model, x_tab(32)).warnings


def test_knb303_dense_on_images_without_flatten():
    # the seed's mistake: Dense(64, input_shape=(28, 28)) on (N, 28, 28) images
    bad = seq(layers.Dense(16, activation="relu"), layers.Dense(10, activation="softmax"),
              shape=(28, 28), loss="sparse_categorical_crossentropy")
    x = RNG.random((30, 28, 28)).astype("float32")
    hit = only(knb.check(bad, x, ints(30, 10)), "KNB303")
    assert hit.where == bad.layers[0].name and "(None, 28, 10)" in hit.message
    assert "Flatten" in hit.fix
    assert "KNB303" in knb.check(bad)
    good = seq(layers.Flatten(), layers.Dense(16, activation="relu"),
               layers.Dense(10, activation="softmax"), shape=(28, 28),
               loss="sparse_categorical_crossentropy")
    assert not knb.check(good, x, ints(30, 10)).codes


def test_knb304_stacked_dense_without_non_linearity():
    bad = seq(layers.Dense(8), layers.Dropout(0.2), layers.Dense(1), loss="mse")
    hit = only(knb.check(bad), "KNB304")
    assert hit.where == bad.layers[0].name and 'activation="relu"' in hit.fix
    inp = keras.Input((4,))
    functional = keras.Model(inp, layers.Dense(1)(layers.Dense(8)(inp)))
    functional.compile(optimizer="adam", loss="mse")
    assert "KNB304" in knb.check(functional)
    separated = seq(layers.Dense(8), layers.Activation("tanh"), layers.Dense(1), loss="mse")
    assert "KNB304" not in knb.check(separated)


def test_knb305_dropout_of_ninety_percent():
    bad = seq(layers.Dense(8, activation="relu"), layers.Dropout(0.9), layers.Dense(1),
              loss="mse")
    hit = only(knb.check(bad), "KNB305")
    assert "keep_prob" in hit.message and "Dropout(0.1)" in hit.fix
    ok = seq(layers.Dense(8, activation="relu"), layers.Dropout(0.5), layers.Dense(1),
             loss="mse")
    assert "KNB305" not in knb.check(ok)


def test_knb306_dropout_as_the_last_layer():
    bad = seq(layers.Dense(3, activation="softmax"), layers.Dropout(0.3),
              loss="sparse_categorical_crossentropy")
    report = knb.check(bad, x_tab(), ints())
    assert only(report, "KNB306").where == bad.layers[-1].name
    # the output activation is still seen through the Dropout
    assert "KNB107" not in report


class Tiny(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = layers.Dense(8, activation="relu")
        self.out = layers.Dense(3, activation="softmax")

    def call(self, x):
        return self.out(self.hidden(x))


def test_knb307_subclassed_models_are_checked_gracefully():
    model = Tiny()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    report = knb.check(model, x_tab(), ints())
    assert report.codes == ["KNB302", "KNB307"], report  # not built yet, and subclassed
    model(x_tab(2))
    report = knb.check(model, x_tab(), ints())
    assert report.codes == ["KNB307"] and report.ok
    x_bad = x_tab()
    x_bad[0, 0] = np.nan
    assert "KNB202" in knb.check(model, x_bad, ints())  # data checks still run


# -- KNB4xx history ------------------------------------------------------------------------


def overfit_history():
    loss = [1.0, 0.7, 0.5, 0.4, 0.3, 0.22, 0.15, 0.1]
    val = [1.1, 0.8, 0.6, 0.55, 0.6, 0.68, 0.75, 0.85]
    return {"loss": loss, "val_loss": val}


def test_knb401_overfitting_names_the_epochs():
    hit = only(knb.check(None, history=overfit_history()), "KNB401")
    assert "lowest at epoch 4 (0.55)" in hit.message
    assert "From epoch 5 on" in hit.message and "EarlyStopping" in hit.fix
    early = {k: v[:6] for k, v in overfit_history().items()}  # rising for 2 epochs only
    assert "KNB401" not in knb.check(None, history=early)


def test_knb402_nan_loss_suggests_a_lower_learning_rate():
    model = seq(layers.Dense(1), loss="mse")
    history = {"loss": [1.0, 5.0, float("nan")], "val_loss": [1.0, 6.0, float("nan")]}
    hit = only(knb.check(model, history=history), "KNB402")
    assert "epoch 3" in hit.message
    assert "Adam(learning_rate=0.0001)  # now 0.001" in hit.fix
    val_only = {"loss": [1.0, 0.8], "val_loss": [1.0, float("inf")]}
    assert only(knb.check(None, history=val_only), "KNB402").where == "val_loss"


def test_knb403_divergence():
    hit = only(knb.check(None, history={"loss": [0.7, 0.6, 0.9, 1.4, 2.5]}), "KNB403")
    assert "lowest at epoch 2" in hit.message and "learning_rate" in hit.fix
    exploding = {"loss": [0.7, 0.5, 40.0]}
    assert "KNB403" in knb.check(None, history=exploding)


def test_knb404_flat_loss_at_chance_level():
    hit = only(knb.check(None, history={"loss": [0.6932, 0.6931, 0.6931, 0.6932, 0.6931]}),
               "KNB404")
    assert "guessing uniformly among 2 classes" in hit.message


def test_knb405_no_validation_is_info():
    report = knb.check(None, history={"loss": [1.0, 0.5, 0.3]})
    assert report.codes == ["KNB405"] and report.ok


def test_history_comes_from_fit_a_dict_a_dataframe_or_per_epoch_rows():
    pd = pytest.importorskip("pandas")
    model = seq(layers.Dense(1), loss="mse")
    fitted = model.fit(x_tab(32), RNG.normal(size=32), epochs=2, verbose=0,
                       validation_split=0.25)
    assert "KNB405" not in knb.check(model, history=fitted)
    frame = pd.DataFrame(overfit_history())
    rows = [dict(zip(frame.columns, r, strict=True)) for r in frame.itertuples(index=False)]
    for history in (frame, rows):
        assert "KNB401" in knb.check(None, history=history)
    with pytest.raises(ValueError, match=r"`history` must be a Keras History"):
        knb.check(None, history=3)


def test_values_not_logged_every_epoch_are_not_nan():
    # validation every other epoch (validation_freq=2) as a LivePlot records it
    history = {"loss": [1.0, 0.8, 0.6, 0.5], "val_loss": [None, 0.9, None, 0.7]}
    assert knb.check(None, history=history).codes == []


# -- KNB5xx Keras 3 formats and callbacks -------------------------------------------------


def test_knb501_legacy_h5_model_file_and_checkpoint():
    model = seq(layers.Dense(1), loss="mse")
    hit = only(knb.check(model, save_path="models/model.h5"), "KNB501")
    assert "model.save('models/model.keras')" in hit.fix and hit.where == "save_path"
    checkpoint = keras.callbacks.ModelCheckpoint("best_model.h5", save_best_only=True)
    hit = only(knb.check(model, callbacks=[checkpoint]), "KNB501")
    assert hit.where == "ModelCheckpoint" and "best_model.keras" in hit.fix
    assert not knb.check(model, save_path="model.keras").codes


def test_knb502_savedmodel_folder():
    model = seq(layers.Dense(1), loss="mse")
    hit = only(knb.check(model, save_path="saved_model"), "KNB502")
    assert "model.export('saved_model')" in hit.fix
    with pytest.raises(ValueError):  # what Keras 3 does with such a path
        model.save("saved_model")


def test_knb503_weights_file_must_end_in_weights_h5(tmp_path):
    model = seq(layers.Dense(1), loss="mse")
    hit = only(knb.check(model, save_path="model_weights.h5"), "KNB503")
    assert "model_weights.weights.h5" in hit.fix
    assert "KNB501" not in knb.check(model, save_path="model_weights.h5")
    with pytest.raises(ValueError, match="weights.h5"):
        model.save_weights(tmp_path / "model_weights.h5")
    assert not knb.check(model, save_path="model.weights.h5").codes


def test_knb504_callback_monitors_a_metric_that_is_not_logged():
    model = seq(layers.Dense(1, activation="sigmoid"), loss="binary_crossentropy",
                metrics=["accuracy"])
    stop = keras.callbacks.EarlyStopping(monitor="val_acc", patience=3)
    hit = only(knb.check(model, callbacks=[stop]), "KNB504")
    assert "Did you mean 'val_accuracy'?" in hit.message
    assert "monitor='val_accuracy'" in hit.fix
    assert not knb.check(model, callbacks=[keras.callbacks.EarlyStopping("val_accuracy")]).codes
    short = seq(layers.Dense(1, activation="sigmoid"), loss="binary_crossentropy",
                metrics=["acc"])
    hit = only(knb.check(short, callbacks=[keras.callbacks.EarlyStopping("val_accuracy")]),
               "KNB504")
    assert "Did you mean 'val_acc'?" in hit.message
    # with a history the logged names are known exactly
    hit = only(knb.check(model, callbacks=[keras.callbacks.EarlyStopping("val_loss")],
                         history={"loss": [1.0, 0.9]}), "KNB504")
    assert "validation_split" in hit.fix


# -- functional models with several outputs -----------------------------------------------


def test_functional_multi_output_checks_each_output_by_name():
    inp = keras.Input((4,), name="features")
    hidden = layers.Dense(8, activation="relu")(inp)
    kind = layers.Dense(3, activation="sigmoid", name="kind")(hidden)
    price = layers.Dense(1, name="price")(hidden)
    model = keras.Model(inp, {"kind": kind, "price": price})
    model.compile(optimizer="adam",
                  loss={"kind": "sparse_categorical_crossentropy", "price": "mse"})
    y = {"kind": ints(), "price": RNG.normal(size=100)}
    report = knb.check(model, x_tab(), y)
    assert report.codes == ["KNB101"] and report[0].where == "kind"
    y_bad = {"kind": ints() + 1, "price": RNG.normal(size=100)}
    hit = only(knb.check(model, x_tab(), y_bad), "KNB110")
    assert hit.where == "y['kind']"


def test_a_dataset_is_looked_at_through_its_first_batches():
    tf = pytest.importorskip("tensorflow")
    model = seq(layers.Dense(3, activation="softmax"), loss="categorical_crossentropy")
    ds = tf.data.Dataset.from_tensor_slices((x_tab(), ints())).batch(16)
    report = knb.check(model, ds)
    assert "KNB104" in report and any("tf.data.Dataset" in n for n in report.notes)
