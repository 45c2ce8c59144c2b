"""Rows for kerasnb.viz: every looking-inside function, one bad value at a time.

The models are tiny and untrained (built once, on first use): these rows test
what the functions accept and refuse, not what a trained model shows. A row
with ``exc=UserWarning`` expects a visible warning (run with warnings as errors).
"""

import functools
import warnings

import numpy as np

import kerasnb as knb
from bad_inputs import Row

NAN = float("nan")


def _strict(call):
    """Run ``call`` with kerasnb's warnings raised, so a row can expect one."""
    def run():
        with warnings.catch_warnings():
            warnings.simplefilter("error", UserWarning)
            return call()
    return run


@functools.cache
def _cnn():
    import keras
    from keras import layers

    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((8, 8, 1)), layers.Conv2D(3, 3, name="conv"),
                             layers.Flatten(), layers.Dense(3, activation="softmax",
                                                            name="probs")], name="tiny_cnn")


@functools.cache
def _mlp():
    import keras
    from keras import layers

    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((2,)), layers.Dense(4, activation="relu"),
                             layers.Dense(3, activation="softmax")], name="tiny_mlp")


@functools.cache
def _regressor():
    import keras
    from keras import layers

    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((3,)), layers.Dense(1)], name="tiny_regressor")


@functools.cache
def _gan():
    import keras
    from keras import layers

    class GAN(keras.Model):
        def __init__(self):
            super().__init__(name="gan")
            self.generator = keras.Sequential([keras.Input((4,)), layers.Dense(8)],
                                              name="generator")
            self.discriminator = keras.Sequential([keras.Input((8,)), layers.Dense(1)],
                                                  name="discriminator")

    return GAN()


def _images(n=4, nan=False):
    x = np.random.default_rng(0).random((n, 8, 8, 1)).astype("float32")
    if nan:
        x[0, 2, 2, 0] = NAN
    return x


def _points(n=12, nan=False):
    x = np.random.default_rng(1).normal(size=(n, 2)).astype("float32")
    if nan:
        x[3, 1] = NAN
    return x


_Y3 = np.arange(12) % 3
_EMPTY_IMAGES = np.zeros((0, 8, 8, 1), "float32")

ROWS = [
    # show_model / summary
    Row("show_model-model-string", lambda: knb.show_model("model"), arg="model"),
    Row("show_model-expand-string", lambda: knb.show_model(_cnn(), expand_nested="yes"),
        arg="expand_nested"),
    Row("show_model-collapse-int", lambda: knb.show_model(_cnn(), collapse=1), arg="collapse"),
    Row("show_model-subclassed-accepted", lambda: knb.show_model(_gan(), expand_nested=True),
        accept=True),
    Row("summary-model-none", lambda: knb.summary(None), arg="model"),
    Row("summary-expand-string", lambda: knb.summary(_cnn(), expand_nested="no"),
        arg="expand_nested"),
    # show_images
    Row("show_images-x-empty", lambda: knb.show_images(np.zeros((0, 8, 8))), arg="x"),
    Row("show_images-x-strings", lambda: knb.show_images(np.array([["a"] * 8] * 8)), arg="x"),
    Row("show_images-x-ragged", lambda: knb.show_images([[[0.0] * 8] * 8, [[0.0] * 3]]),
        arg="x"),
    Row("show_images-x-flat", lambda: knb.show_images(np.zeros((3, 64))), arg="x"),
    Row("show_images-n-zero", lambda: knb.show_images(_images(), n=0), arg="n"),
    Row("show_images-n-numpy", lambda: knb.show_images(_images(), n=np.int64(2)), accept=True),
    Row("show_images-cols-float", lambda: knb.show_images(_images(), cols=2.5), arg="cols"),
    Row("show_images-cols-numpy", lambda: knb.show_images(_images(), cols=np.int32(2)),
        accept=True),
    Row("show_images-class-names-int",
        lambda: knb.show_images(_images(), np.arange(4) % 2, class_names=5), arg="class_names"),
    Row("show_images-y-length", lambda: knb.show_images(_images(), [0, 1]), arg="y"),
    Row("show_images-nan-warns", _strict(lambda: knb.show_images(_images(nan=True))),
        exc=UserWarning, arg="x"),
    Row("show_images-dollar-names",
        lambda: knb.show_images(_images(), np.arange(4) % 2, class_names=["$x", "a$b$"]).png,
        accept=True),
    # show_activations
    Row("show_activations-x-empty", lambda: knb.show_activations(_cnn(), _EMPTY_IMAGES,
                                                                 interactive=False), arg="x"),
    Row("show_activations-layers-numpy",
        lambda: knb.show_activations(_cnn(), _images(), layers=np.int64(0), interactive=False),
        accept=True),
    Row("show_activations-layers-unknown",
        lambda: knb.show_activations(_cnn(), _images(), layers="nope", interactive=False),
        arg="layers"),
    Row("show_activations-layers-float",
        lambda: knb.show_activations(_cnn(), _images(), layers=1.5, interactive=False),
        arg="layers"),
    Row("show_activations-sample-range",
        lambda: knb.show_activations(_cnn(), _images(), sample=9, interactive=False),
        arg="sample"),
    Row("show_activations-sample-numpy",
        lambda: knb.show_activations(_cnn(), _images(), sample=np.int64(1), interactive=False),
        accept=True),
    Row("show_activations-n-zero",
        lambda: knb.show_activations(_cnn(), _images(), n=0, interactive=False), arg="n"),
    Row("show_activations-n-numpy",
        lambda: knb.show_activations(_cnn(), _images(), n=np.int64(2), interactive=False),
        accept=True),
    Row("show_activations-layers-object",
        lambda: knb.show_activations(_cnn(), _images(), layers=_cnn().get_layer("conv"),
                                     interactive=False), accept=True),
    Row("show_activations-layers-empty",
        lambda: knb.show_activations(_cnn(), _images(), layers=[], interactive=False),
        arg="layers"),
    Row("show_activations-nan-warns",
        _strict(lambda: knb.show_activations(_cnn(), _images(nan=True), interactive=False)),
        exc=UserWarning, arg="x"),
    Row("show_activations-subclassed", lambda: knb.show_activations(_gan(), np.zeros((2, 4))),
        arg="model"),
    Row("show_activations-interactive-string",
        lambda: knb.show_activations(_cnn(), _images(), interactive="yes"), arg="interactive"),
    # show_filters
    Row("show_filters-n-numpy", lambda: knb.show_filters(_cnn(), n=np.int64(2)), accept=True),
    Row("show_filters-n-zero", lambda: knb.show_filters(_cnn(), n=0), arg="n"),
    Row("show_filters-n-channels-negative", lambda: knb.show_filters(_cnn(), n_channels=-1),
        arg="n_channels"),
    Row("show_filters-layers-dense", lambda: knb.show_filters(_cnn(), layers="probs"),
        arg="layers"),
    Row("show_filters-layers-numpy-index", lambda: knb.show_filters(_cnn(), layers=np.int64(0)),
        accept=True),
    Row("show_filters-layers-float", lambda: knb.show_filters(_cnn(), layers=0.5), arg="layers"),
    Row("show_filters-layers-list-with-dense",
        lambda: knb.show_filters(_cnn(), layers=["conv", "probs"]), arg="layers"),
    # saliency
    Row("saliency-x-empty", lambda: knb.saliency(_cnn(), _EMPTY_IMAGES), arg="x"),
    Row("saliency-n-numpy", lambda: knb.saliency(_cnn(), _images(), n=np.int64(2)),
        accept=True),
    Row("saliency-n-zero", lambda: knb.saliency(_cnn(), _images(), n=0), arg="n"),
    Row("saliency-method-unknown", lambda: knb.saliency(_cnn(), _images(), method="occlusion"),
        arg="method"),
    Row("saliency-target-range", lambda: knb.saliency(_cnn(), _images(), target=7),
        arg="target"),
    Row("saliency-target-numpy", lambda: knb.saliency(_cnn(), _images(), target=np.int64(2)),
        accept=True),
    Row("saliency-target-and-class-index",
        lambda: knb.saliency(_cnn(), _images(), target=1, class_index=1), arg="class_index"),
    Row("saliency-class-index-string", lambda: knb.saliency(_cnn(), _images(), class_index="1"),
        arg="class_index"),
    Row("saliency-class-index-range", lambda: knb.saliency(_cnn(), _images(), class_index=3),
        arg="class_index"),
    Row("saliency-alpha-string", lambda: knb.saliency(_cnn(), _images(), alpha="half"),
        arg="alpha"),
    Row("saliency-nan-warns", _strict(lambda: knb.saliency(_cnn(), _images(nan=True))),
        exc=UserWarning, arg="x"),
    Row("saliency-subclassed", lambda: knb.saliency(_gan(), np.zeros((2, 4))), arg="model"),
    Row("saliency-class-names-int", lambda: knb.saliency(_cnn(), _images(), class_names=5),
        arg="class_names"),
    Row("saliency-layers-unknown", lambda: knb.saliency(_cnn(), _images(), layers="nope"),
        arg="layers"),
    Row("saliency-layers-two", lambda: knb.saliency(_cnn(), _images(), layers=["conv", 0]),
        arg="layers"),
    Row("saliency-layers-numpy-index",
        lambda: knb.saliency(_cnn(), _images(), layers=np.int64(0)), accept=True),
    # show_predictions
    Row("show_predictions-x-empty", lambda: knb.show_predictions(_cnn(), _EMPTY_IMAGES),
        arg="x"),
    Row("show_predictions-n-n-top-numpy",
        lambda: knb.show_predictions(_cnn(), _images(), n=np.int64(3), n_top=np.int32(2)),
        accept=True),
    Row("show_predictions-n-top-zero", lambda: knb.show_predictions(_cnn(), _images(), n_top=0),
        arg="n_top"),
    Row("show_predictions-only-errors-string",
        lambda: knb.show_predictions(_cnn(), _images(), [0, 1, 2, 0], only_errors="yes"),
        arg="only_errors"),
    Row("show_predictions-task-unknown",
        lambda: knb.show_predictions(_cnn(), _images(), task="ranking"), arg="task"),
    Row("show_predictions-class-names-int",
        lambda: knb.show_predictions(_cnn(), _images(), class_names=5), arg="class_names"),
    Row("show_predictions-nan-x-warns",
        _strict(lambda: knb.show_predictions(_cnn(), _images(nan=True))), exc=UserWarning,
        arg="x"),
    Row("show_predictions-regression-nan-y-warns",
        _strict(lambda: knb.show_predictions(_regressor(), np.ones((5, 3)),
                                             [1.0, NAN, 2.0, 3.0, 4.0], interactive=False)),
        exc=UserWarning, arg="y"),
    Row("show_predictions-regression-all-nan-y",
        lambda: knb.show_predictions(_regressor(), np.ones((3, 3)), [NAN] * 3,
                                     interactive=False), arg="y"),
    Row("show_predictions-regression-y-strings",
        lambda: knb.show_predictions(_regressor(), np.ones((2, 3)), ["a", "b"],
                                     interactive=False), arg="y"),
    # confusion_matrix
    Row("confusion_matrix-x-empty",
        lambda: knb.confusion_matrix(_mlp(), np.zeros((0, 2)), [], interactive=False), arg="x"),
    Row("confusion_matrix-x-nan",
        lambda: knb.confusion_matrix(_mlp(), _points(nan=True), _Y3, interactive=False),
        arg="x"),
    Row("confusion_matrix-y-nan",
        lambda: knb.confusion_matrix(_mlp(), _points(), np.where(_Y3 == 1, NAN, _Y3),
                                     interactive=False), arg="y"),
    Row("confusion_matrix-normalize-unknown",
        lambda: knb.confusion_matrix(_mlp(), _points(), _Y3, normalize="rows",
                                     interactive=False), arg="normalize"),
    Row("confusion_matrix-y-length",
        lambda: knb.confusion_matrix(_mlp(), _points(), [0, 1], interactive=False), arg="y"),
    Row("confusion_matrix-class-names-int",
        lambda: knb.confusion_matrix(_mlp(), _points(), _Y3, class_names=5, interactive=False),
        arg="class_names"),
    Row("confusion_matrix-class-names-short",
        lambda: knb.confusion_matrix(_mlp(), _points(), _Y3, class_names=["a"],
                                     interactive=False), arg="class_names"),
    Row("confusion_matrix-dollar-names",
        lambda: knb.confusion_matrix(_mlp(), _points(), _Y3, class_names=["$a", "b$", "$c$"],
                                     interactive=False).png, accept=True),
    Row("confusion_matrix-regressor",
        lambda: knb.confusion_matrix(_regressor(), np.ones((3, 3)), [0, 2, 1],
                                     interactive=False), arg="model"),
    # decision_boundary
    Row("decision_boundary-resolution-numpy",
        lambda: knb.decision_boundary(_mlp(), _points(), _Y3, resolution=np.int64(20),
                                      interactive=False), accept=True),
    Row("decision_boundary-resolution-zero",
        lambda: knb.decision_boundary(_mlp(), _points(), _Y3, resolution=0, interactive=False),
        arg="resolution"),
    Row("decision_boundary-resolution-huge",
        lambda: knb.decision_boundary(_mlp(), _points(), _Y3, resolution=10**6,
                                      interactive=False), arg="resolution"),
    Row("decision_boundary-padding-string",
        lambda: knb.decision_boundary(_mlp(), _points(), _Y3, padding="big", interactive=False),
        arg="padding"),
    Row("decision_boundary-padding-numpy",
        lambda: knb.decision_boundary(_mlp(), _points(), _Y3, padding=np.float32(0.2),
                                      resolution=20, interactive=False), accept=True),
    Row("decision_boundary-x-nan",
        lambda: knb.decision_boundary(_mlp(), _points(nan=True), _Y3, interactive=False),
        arg="x"),
    Row("decision_boundary-x-three-features",
        lambda: knb.decision_boundary(_mlp(), np.zeros((4, 3)), [0, 1, 2, 0],
                                      interactive=False), arg="x"),
    Row("decision_boundary-x-empty",
        lambda: knb.decision_boundary(_mlp(), np.zeros((0, 2)), [], interactive=False),
        arg="x"),
    Row("decision_boundary-class-names-int",
        lambda: knb.decision_boundary(_mlp(), _points(), _Y3, class_names=5, resolution=20,
                                      interactive=False), arg="class_names"),
]
