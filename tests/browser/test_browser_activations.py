"""Scenario 4: show_activations in JupyterLab: moving the sample slider changes the picture."""

import pytest
from labdriver import error_outputs, output_locator, run_all, shoot

pytestmark = pytest.mark.browser

# The CNN shipped with kerasnb, on real MNIST digits 0-4.
DATA = """\
import kerasnb as knb

model = knb.pretrained.load("mnist_0to4")
_, (x, y) = knb.datasets.load("mnist")
x = (x[y < 5][:20] / 255.0).reshape(-1, 28, 28, 1).astype("float32")
"""
SHOW = 'knb.show_activations(model, x, layers=["conv1", "conv2", "predictions"], n=16)'


def test_sample_slider_changes_the_picture(notebook):
    page = notebook("activations.ipynb", [DATA, SHOW])
    assert run_all(page), error_outputs(page)
    view = output_locator(page, 1).locator(".kerasnb-activations")
    view.wait_for()
    slider = view.locator(".widget-slider", has=page.get_by_text("sample", exact=True))
    readout = slider.locator(".widget-readout")
    picture = view.locator("img").first
    picture.wait_for()
    assert readout.inner_text().strip() == "0"
    src, before = picture.get_attribute("src"), picture.screenshot()
    shoot(page, "activations", view)

    # drag the handle to the middle of the track, as a person does with the mouse
    handle = slider.locator(".noUi-handle")
    handle.scroll_into_view_if_needed()
    track = slider.locator(".noUi-target").bounding_box()
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(track["x"] + track["width"] * 0.5, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()

    page.wait_for_function("([img, src]) => img.getAttribute('src') !== src",
                           arg=[picture.element_handle(), src], timeout=60_000)
    moved = int(readout.inner_text().strip())
    assert 5 <= moved <= 15, f"the slider went to sample {moved}, not near the middle"
    page.wait_for_timeout(300)  # let the new image paint
    assert picture.screenshot() != before, "the picture looks the same after moving the slider"
    assert not error_outputs(page), error_outputs(page)
    assert view.locator("span", has_text="Error").count() == 0, view.inner_text()
