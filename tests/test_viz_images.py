"""show_images, show_filters and saliency on real images and a small trained CNN."""

from __future__ import annotations

import numpy as np
import pytest
from test_viz_models import HOSTILE, images_rgb, mnist_small, trained_cnn, trained_mlp

keras = pytest.importorskip("keras")
from keras import layers  # noqa: E402

import kerasnb as knb  # noqa: E402


def _image_axes(figure) -> list:
    return [ax for ax in figure.axes if ax.get_images()]


# ----- show_images ------------------------------------------------------------------------


def test_grayscale_grid_with_class_names():
    x, y, _, _ = mnist_small()
    names = [f"digit {i}" for i in range(9)] + [HOSTILE + "$x$"]
    grid = knb.show_images(x[:13], y[:13], class_names=names)
    assert grid.panels == 13 and len(_image_axes(grid.figure)) == 13
    assert grid.titles == [names[c] for c in y[:13]]
    shown = _image_axes(grid.figure)[0].get_images()[0].get_array()
    assert shown.shape == (28, 28) and float(shown.max()) <= 1.0
    assert grid.png.startswith(b"\x89PNG") and "13 of 13" in repr(grid)


def test_rgb_bytes_any_count_and_numeric_targets():
    pictures = images_rgb(n=7)
    grid = knb.show_images(pictures, y=np.linspace(0, 1, 7))
    assert grid.panels == 7
    shown = _image_axes(grid.figure)[0].get_images()[0].get_array()
    assert shown.shape == (12, 12, 3) and float(shown.min()) >= 0.0 and float(shown.max()) <= 1.0
    assert grid.titles[-1] == "1"
    single = knb.show_images(pictures[:1])
    assert single.panels == 1 and single.titles == [""]
    many = knb.show_images(np.zeros((200, 8, 8)))
    assert many.panels == 64 and "64 of 200" in repr(many)
    assert knb.show_images(np.zeros((200, 8, 8)), n=100, cols=20).panels == 100


def test_show_images_rejects_non_images_with_a_hint():
    with pytest.raises(ValueError, match=r"`x` must hold images.*reshape\(-1, 28, 28\).*"
                                         r"Received: x with shape \(5, 784\)"):
        knb.show_images(np.zeros((5, 784)))
    with pytest.raises(ValueError, match=r"Received: x with shape \(5, 8, 8, 2\)"):
        knb.show_images(np.zeros((5, 8, 8, 2)))
    with pytest.raises(ValueError, match=r"`y` must hold one label or value per image \(4\)"):
        knb.show_images(np.zeros((4, 8, 8)), y=[0, 1, 2])
    with pytest.raises(ValueError, match="`class_names` must name all 3 classes"):
        knb.show_images(np.zeros((3, 8, 8)), y=[0, 1, 2], class_names=["a", "b"])
    with pytest.raises(ValueError, match="`n` must be a positive integer"):
        knb.show_images(np.zeros((3, 8, 8)), n=0)


# ----- show_filters -----------------------------------------------------------------------


def test_first_layer_filters_are_gray_patches():
    model = trained_cnn()
    grid = knb.show_filters(model)
    assert grid.layer == "conv1" and grid.mode == "gray" and grid.panels == 6
    np.testing.assert_array_equal(grid.kernel, model.get_layer("conv1").kernel.numpy())
    assert "6 filters of 3×3 over 1 channel" in grid.figure.axes[0].get_title(loc="left")


def test_deeper_layer_shows_a_patch_per_filter_and_channel():
    grid = knb.show_filters(trained_cnn(), layers="conv2", n=5, n_channels=4)
    assert grid.mode == "channels" and grid.panels == 5 * 4
    ax = grid.figure.axes[0]
    assert ax.get_xlabel() == "input channel" and len(ax.get_yticks()) == 5


def test_rgb_first_layer_and_conv1d_kernels():
    rgb = keras.Sequential([keras.Input((10, 10, 3)), layers.Conv2D(4, 3, name=HOSTILE)])
    grid = knb.show_filters(rgb)
    assert grid.mode == "rgb" and grid.panels == 4
    assert _image_axes(grid.figure)[0].get_images()[0].get_array().shape[-1] == 3
    seq = keras.Sequential([keras.Input((20, 2)), layers.Conv1D(3, 5)])
    assert knb.show_filters(seq, layers=0).mode == "channels"


def test_show_filters_errors():
    model = trained_cnn()
    with pytest.raises(ValueError, match=r"`layers` must name built convolutional layers.*"
                                         r"Received: layers='probs' \(Dense\)"):
        knb.show_filters(model, layers="probs")
    with pytest.raises(ValueError, match=r"`layers` must name a layer of model 'cnn': one of "
                                         r"'conv1'"):
        knb.show_filters(model, layers="conv3")
    mlp, _ = trained_mlp("iris")
    with pytest.raises(ValueError, match="`model` must have a convolutional layer"):
        knb.show_filters(mlp)


# ----- saliency ---------------------------------------------------------------------------


def test_gradcam_uses_the_last_conv_layer_and_overlays_each_image():
    model = trained_cnn()
    _, _, xt, _ = mnist_small()
    maps = knb.saliency(model, xt[:5])
    assert maps.method == "gradcam" and maps.layer == "conv2"
    assert maps.maps.shape == (5, 28, 28)
    assert maps.maps.min() >= 0.0 and maps.maps.max() <= 1.0 and maps.maps.max() > 0.0
    np.testing.assert_array_equal(maps.classes, model(xt[:5]).numpy().argmax(axis=1))
    assert maps.panels == 10 and len(_image_axes(maps.figure)) == 10
    assert len(maps.figure.axes[5].get_images()) == 2  # image with the map on top


def test_gradcam_on_a_chosen_layer_and_class():
    model = trained_cnn()
    _, _, xt, _ = mnist_small()
    maps = knb.saliency(model, xt[0], layers="conv1", class_index=3)
    assert maps.layer == "conv1" and maps.classes.tolist() == [3]


def test_gradcam_through_a_nested_conv_base():
    base_in = keras.Input((12, 12, 3))
    base = keras.Model(base_in, layers.Conv2D(4, 3, activation="relu")(base_in), name="base")
    x = keras.Input((12, 12, 3))
    head = layers.Dense(2, activation="softmax")(layers.GlobalAveragePooling2D()(base(x)))
    model = keras.Model(x, head, name="transfer")
    maps = knb.saliency(model, images_rgb(n=2) / 255.0)
    assert maps.layer == "base" and maps.maps.shape == (2, 12, 12)


def test_gradient_saliency_marks_the_pixels_that_matter():
    model = trained_cnn()
    _, _, xt, _ = mnist_small()
    maps = knb.saliency(model, xt[:3], method="gradient")
    assert maps.maps.shape == (3, 28, 28) and maps.layer is None
    # the corners of an MNIST digit are blank border: the gradient there is tiny
    ink = xt[:3, ..., 0] > 0.5
    assert maps.maps[ink].mean() > 3 * maps.maps[:, :3, :3].mean()


def test_gradient_saliency_on_tabular_data_is_a_feature_heatmap():
    model, (x, _, _, _) = trained_mlp("iris")
    maps = knb.saliency(model, x[:4], method="gradient", class_names=["a", HOSTILE, "c"])
    assert maps.maps.shape == (4, 4) and maps.panels == 1


def test_saliency_errors():
    model = trained_cnn()
    _, _, xt, _ = mnist_small()
    mlp, (x, _, _, _) = trained_mlp("iris")
    with pytest.raises(ValueError, match="`method` must be one of 'gradcam', 'gradient'"):
        knb.saliency(model, xt[:2], method="occlusion")
    fallback = knb.saliency(mlp, x[:2])  # not images: the gradient method, said on the picture
    assert fallback.method == "gradient" and "Grad-CAM needs images" in fallback.note
    assert "Grad-CAM needs images" in fallback.figure.get_suptitle()
    with pytest.raises(ValueError, match=r"`layers` must be a layer with 2-D feature maps.*"
                                         r"Received: layers='probs with output \(None, 10\)'"):
        knb.saliency(model, xt[:2], layers="probs")
    with pytest.raises(ValueError, match=r"`class_index` must be a class index from 0 to 9"):
        knb.saliency(model, xt[:2], class_index=10)
    with pytest.raises(ValueError, match=r"`target` must be a class index from 0 to 9"):
        knb.saliency(model, xt[:2], target=10)
    with pytest.raises(ValueError, match=r"`x` must have shape \(None, 28, 28, 1\)"):
        knb.saliency(model, np.zeros((2, 32, 32, 3)))


# ----- bad data and picture size ------------------------------------------------------------


def test_nan_pixels_are_drawn_magenta_with_a_warning_never_black():
    x, _, _, _ = mnist_small()
    bad = x[:3].copy()
    bad[1, 5:8, 5:8, 0] = np.nan
    with pytest.warns(UserWarning, match=r"`x` holds 9 NaN or infinite pixel values"):
        grid = knb.show_images(bad)
    shown = _image_axes(grid.figure)[1].get_images()[0].get_array()
    assert shown.shape == (28, 28, 3)
    np.testing.assert_array_equal(shown[6, 6], [1.0, 0.0, 1.0])
    assert float(np.asarray(shown[0, 0]).max()) == 0.0  # the rest stays as it was (black border)
    with pytest.warns(UserWarning, match="`x` holds"):
        maps = knb.saliency(trained_cnn(), bad)
    pixel = _image_axes(maps.figure)[1].get_images()[0].get_array()  # the input, drawn
    np.testing.assert_array_equal(pixel[6, 6], [1.0, 0.0, 1.0])


def test_stored_pictures_stay_within_the_pixel_limit():
    import struct

    def size(view):
        return struct.unpack(">II", view.png[16:24])

    x, y, _, _ = mnist_small()
    grid = knb.show_images(x[:500], n=500, cols=40)
    assert max(size(grid)) <= 2000 and grid.panels < 500
    sal = knb.saliency(trained_cnn(), x[:40], n=40)
    assert max(size(sal)) <= 2000
    old = knb.set_limits(pixels=800)
    try:
        small = knb.show_images(x[:100], n=100)
        assert max(size(small)) <= 800
    finally:
        knb.set_limits(**old)
