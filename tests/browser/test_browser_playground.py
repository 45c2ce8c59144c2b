"""Scenario 7: Playground in JupyterLab: press play, the epoch counter advances, the map changes."""

import re
import time

import pytest
from labdriver import error_outputs, output_locator, run_all, shoot

pytestmark = pytest.mark.browser

SOURCE = """\
import kerasnb as knb

playground = knb.Playground(dataset="circles", hidden=(4, 2), learning_rate=0.03)
playground
"""


def epoch_of(counter) -> int:
    found = re.search(r"\d+", counter.inner_text())
    assert found, f"no number in the epoch counter: {counter.inner_text()!r}"
    return int(found.group())


def test_play_advances_epochs_and_changes_the_map(notebook):
    page = notebook("playground.ipynb", [SOURCE])
    assert run_all(page), error_outputs(page)
    root = output_locator(page, 0).locator(".kerasnb-playground")
    root.wait_for()
    counter = root.locator(".kerasnb-pg-epoch")
    picture = root.locator(".kerasnb-pg-map img, img.kerasnb-pg-map").first
    picture.wait_for()
    assert epoch_of(counter) == 0
    src, before = picture.get_attribute("src"), picture.screenshot()

    root.locator("button.kerasnb-pg-play").click()
    try:
        seen = [0]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (len(set(seen)) < 4 or seen[-1] < 10):
            page.wait_for_timeout(400)
            seen.append(epoch_of(counter))
        assert seen == sorted(seen), f"the epoch counter went backwards: {seen}"
        assert len(set(seen)) >= 4 and seen[-1] >= 10, f"the epoch counter did not advance: {seen}"
        assert picture.get_attribute("src") != src, "the map image was never replaced"
        assert picture.screenshot() != before, "the map looks the same after training"
        shoot(page, "playground", root)
    finally:
        root.locator("button.kerasnb-pg-pause").click()

    # paused: the counter stands still
    page.wait_for_timeout(800)
    stopped = epoch_of(counter)
    page.wait_for_timeout(1200)
    assert epoch_of(counter) == stopped, "the playground kept training after Pause"
    assert not error_outputs(page), error_outputs(page)
    assert not root.locator(".kerasnb-pg-error").is_visible(), root.inner_text()
