"""Every viz function on real models: keras.applications, keras.io examples, subclassed models.

The models (``test_viz_real_builders``) are built with weights=None at small
sizes; the small keras.io ones and the subclassed GAN and VAE are trained for
a step or an epoch on generated data. A view that does not apply to a model
(filters of a model without convolutions, a confusion matrix of a segmentation
model) must refuse it with a clear error naming the argument, never crash.
"""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

import numpy as np
import pytest
import test_viz_real_builders as real

keras = pytest.importorskip("keras")

import kerasnb as knb  # noqa: E402
from kerasnb._validate import LIMITS  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"


def png_size(view) -> tuple[int, int]:
    width, height = struct.unpack(">II", view.png[16:24])
    return width, height


def assert_fits(view) -> None:
    width, height = png_size(view)
    assert max(width, height) <= LIMITS["pixels"], (width, height)


def box_names(diagram) -> list[str]:
    return [b.name for b in diagram.graph.boxes.values()]


def assert_svg(diagram) -> None:
    tree = ET.fromstring(diagram.svg)  # well-formed: every name escaped
    assert tree.tag == f"{SVG}svg"


APPLICATIONS = ["MobileNetV2", "ResNet50", "DenseNet121", "EfficientNetB0",
                pytest.param("NASNetMobile", marks=pytest.mark.slow)]


@pytest.mark.parametrize("name", APPLICATIONS)
def test_keras_applications_draw_explain_and_summarize(name):
    model = real.application(name)
    x = real.images(6, 32) * 255.0
    y = np.arange(6) % 5

    overview = knb.show_model(model)  # folded by default: one picture of the whole model
    assert_svg(overview)
    assert len(overview.graph.boxes) <= 20 < len(model.layers)
    assert overview.size[1] <= 1000
    assert any("×" in n for n in box_names(overview))
    every = knb.show_model(model, collapse=False)
    assert len(every.graph.boxes) == len(model.operations)
    for layer in model.layers[:: max(1, len(model.layers) // 25)]:  # names are never cut
        assert f">{layer.name}</text>" in every.svg

    table = knb.summary(model)
    assert table.total_params == model.count_params() > 0

    maps = knb.show_activations(model, x, interactive=False)
    assert 1 <= maps.panels <= 12 < len(model.layers)
    assert_fits(maps)

    filters = knb.show_filters(model)
    assert filters.kernel.ndim == 4

    cam = knb.saliency(model, x[:2])
    assert cam.method == "gradcam" and cam.maps.shape == (2, 32, 32) and not cam.note
    assert len(model.get_layer(cam.layer).output.shape) == 4

    gallery = knb.show_predictions(model, x, y, class_names=[f"c{i}" for i in range(5)])
    assert gallery.panels == 6
    assert_fits(gallery)
    matrix = knb.confusion_matrix(model, x, y, interactive=False)
    assert matrix.counts.sum() == 6


def test_resnet50_overview_names_its_stages_with_counts():
    model = real.application("ResNet50")
    names = box_names(knb.show_model(model))
    assert {"conv2_block ×3", "conv3_block ×4", "conv4_block ×6", "conv5_block ×3"} <= set(names)
    block = next(b for b in knb.show_model(model).graph.boxes.values()
                 if b.name == "conv3_block ×4")
    assert "conv3_block1_1_conv" in block.members and "conv3_block4_out" in block.members
    assert block.params == sum(model.get_layer(m).count_params() for m in block.members)


def test_op_nodes_are_boxes_activations_and_summary_rows():
    model = real.timeseries_transformer()
    x = np.random.default_rng(0).normal(size=(5, 24, 1)).astype("float32")
    y = np.arange(5) % 2

    diagram = knb.show_model(model, collapse=False)
    assert_svg(diagram)
    ops = [b for b in diagram.graph.boxes.values() if b.kind == "op"]
    assert len(ops) == 8 and {b.type for b in ops} == {"Add"}
    first = ops[0].key  # the first x + inputs: fed by the block's dropout and by the input
    feeding = {diagram.graph.boxes[a].type for a, b in diagram.graph.edges if b == first}
    assert feeding == {"Dropout", "InputLayer"}
    adds = [b.name for b in ops]
    folded = knb.show_model(model, collapse=True)  # blocks found by structure
    assert "repeated block ×4" in box_names(folded)

    rows = {r.name: r for r in knb.summary(model).rows}
    assert rows[adds[0]].type == "Add (keras.ops)"
    assert knb.summary(model).total_params == model.count_params()

    view = knb.show_activations(model, x, layers=adds[:2], interactive=False)
    assert view.layers == adds[:2]
    residual = [op for op in model.operations if op.name == adds[0]][0]
    expected = keras.Model(model.inputs[0], residual.output)(x[:1])
    np.testing.assert_allclose(view.activations[adds[0]], expected[0], rtol=1e-5, atol=1e-6)

    explained = knb.saliency(model, x[:3])  # a sequence: the gradient, said on the picture
    assert explained.method == "gradient" and "Grad-CAM needs images" in explained.note
    assert explained.maps.shape == (3, 24, 1)
    assert knb.show_predictions(model, x, y).rows
    assert knb.confusion_matrix(model, x, y, interactive=False).counts.sum() == 5
    with pytest.raises(ValueError, match="`model` must have a convolutional layer"):
        knb.show_filters(keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)]))


def test_vision_transformer_falls_back_to_the_gradient_past_its_augmentation_block():
    model = real.vision_transformer()
    x = real.images(4, 16)
    y = np.arange(4)
    names = box_names(knb.show_model(model))
    assert "data_augmentation" in names and "patches" in names
    opened = knb.show_model(model, expand_nested=True)
    assert "data_augmentation/random_flip" in opened.graph.boxes

    explained = knb.saliency(model, x[:2])
    assert explained.method == "gradient" and explained.layer is None
    assert "no 2-D feature maps" in explained.note
    assert "no 2-D feature maps" in explained.figure.get_suptitle()
    assert explained.maps.shape == (2, 16, 16) and explained.maps.max() > 0

    assert knb.show_activations(model, x, interactive=False).panels >= 1
    assert knb.show_predictions(model, x, y).panels == 4
    assert knb.confusion_matrix(model, x, y, interactive=False).counts.sum() == 4
    with pytest.raises(ValueError, match="`model` must have a convolutional layer"):
        knb.show_filters(model)


def test_mlp_mixer_token_mixing_ops_are_drawn_and_shown():
    model = real.mlp_mixer()
    x = real.images(4, 16)
    diagram = knb.show_model(model)
    ops = [b for b in diagram.graph.boxes.values() if b.kind == "op"]
    assert {b.type for b in ops} == {"Transpose", "Add"} and len(ops) == 8
    transpose = next(b.name for b in ops if b.type == "Transpose")
    view = knb.show_activations(model, x, layers=transpose, interactive=False)
    assert view.activations[transpose].shape == (16, 16)
    explained = knb.saliency(model, x[:2])
    assert explained.method == "gradient" and explained.note
    assert knb.show_predictions(model, x, np.arange(4)).panels == 4


def test_unet_segmentation_saliency_for_any_target():
    model = real.unet()
    x = real.images(3, 32)
    default = knb.saliency(model, x)
    assert default.method == "gradcam" and default.layer != model.layers[-1].name
    assert "each pixel's predicted class" in default.figure.get_suptitle()
    channel = knb.saliency(model, x, target=2)
    assert channel.classes.tolist() == [2, 2, 2]
    pixel = knb.saliency(model, x, method="gradient",
                         target=lambda out: out[:, 10, 12, 1])  # one pixel's class
    assert pixel.maps.shape == (3, 32, 32) and pixel.maps.max() > 0
    with pytest.raises(ValueError, match="`target` must be an output channel from 0 to 2"):
        knb.saliency(model, x, target=3)

    assert_svg(knb.show_model(model))
    assert knb.summary(model).total_params == model.count_params()
    assert_fits(knb.show_activations(model, x, interactive=False))
    assert knb.show_filters(model).kernel.shape[-1] == 8
    with pytest.raises(ValueError, match="`model` must be a model that outputs one vector"):
        knb.show_predictions(model, x)
    with pytest.raises(ValueError, match="`model`"):
        knb.confusion_matrix(model, x, [0, 1, 2], interactive=False)


def test_autoencoder_explains_its_reconstruction_error():
    model = real.autoencoder()
    x = real.images(3, 16, 1)
    error = knb.saliency(model, x, target=lambda out, inputs: keras.ops.mean(
        (out - inputs) ** 2, axis=(1, 2, 3)))
    assert error.method == "gradcam" and error.maps.shape == (3, 16, 16)
    assert "target" in error.figure.get_suptitle()
    mean = knb.saliency(model, x, method="gradient")
    assert "the mean output" in mean.figure.get_suptitle() and mean.maps.max() > 0
    assert not np.allclose(error.maps, knb.saliency(model, x).maps)
    assert knb.show_activations(model, x, interactive=False).panels == 7
    with pytest.raises(ValueError, match="`model`"):
        knb.show_predictions(model, x)


def test_gan_summary_drawing_and_views_through_its_sub_models():
    gan = real.dcgan()
    generator, discriminator = gan.generator, gan.discriminator
    table = knb.summary(gan)
    assert table.total_params == generator.count_params() + discriminator.count_params() > 0
    assert "Not built" not in repr(table)

    closed = knb.show_model(gan)
    kinds = {b.name: b.kind for b in closed.graph.boxes.values()}
    assert kinds == {"discriminator": "model", "generator": "model"}
    opened = knb.show_model(gan, expand_nested=True)
    assert "generator/conv2d_transpose" in opened.graph.boxes or any(
        k.startswith("generator/") for k in opened.graph.boxes)
    assert set(opened.graph.groups) == {"discriminator", "generator"}
    assert_svg(opened)

    with pytest.raises(ValueError, match=r"model\.generator .*model\.discriminator|"
                                         r"model\.discriminator .*model\.generator"):
        knb.show_activations(gan, real.images(2, 16))
    with pytest.raises(ValueError, match="`model`.*model.generator"):
        knb.saliency(gan, real.images(2, 16))
    z = np.random.default_rng(0).normal(size=(3, 8)).astype("float32")
    assert knb.show_activations(generator, z, interactive=False).panels >= 4
    fakes = keras.ops.convert_to_numpy(generator(z))
    assert knb.show_images(fakes).panels == 3
    cam = knb.saliency(discriminator, fakes)
    assert cam.method == "gradcam" and cam.maps.shape == (3, 16, 16)
    assert knb.show_filters(discriminator).kernel.shape == (4, 4, 3, 16)
    assert knb.confusion_matrix(discriminator, fakes, [1, 1, 1],
                                interactive=False).counts.sum() == 3


def test_vae_summary_and_its_encoder_and_decoder():
    vae = real.vae()
    table = knb.summary(vae)
    assert table.total_params == vae.encoder.count_params() + vae.decoder.count_params()
    opened = knb.show_model(vae, expand_nested=True)
    assert "encoder/z_mean" in opened.graph.boxes
    with pytest.raises(ValueError, match="model.encoder"):
        knb.saliency(vae, real.images(2, 16, 1))
    x = real.images(3, 16, 1)
    encoded = knb.show_activations(vae.encoder, x, interactive=False)
    assert "z_mean" in encoded.layers
    with pytest.raises(ValueError, match="`model` must be a model with one output"):
        knb.saliency(vae.encoder, x)
    z = np.random.default_rng(1).normal(size=(3, 2)).astype("float32")
    decoded = knb.saliency(vae.decoder, z)  # latent in, image out: feature heatmap
    assert decoded.method == "gradient" and decoded.maps.shape == (3, 2)


def test_plane_classifier_with_op_nodes_gets_its_decision_boundary():
    model, x, y = real.plane_classifier()
    boundary = knb.decision_boundary(model, x, y, resolution=40, interactive=False)
    assert boundary.accuracy > 0.8
    assert_fits(boundary)
    # an op node is named by its op (with a number when the process made others before)
    assert any(n.split("_")[0] == "multiply" for n in box_names(knb.show_model(model)))
    assert knb.saliency(model, x[:4]).maps.shape == (4, 2)
    assert knb.confusion_matrix(model, x, y, interactive=False).accuracy == boundary.accuracy
