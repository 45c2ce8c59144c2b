"""How fast is knb.show_activations? One sample on the MNIST tutorial's CNN.

Run:  .venv/bin/python benchmarks/bench_viz.py [--repeats 10]

The CNN: Conv2D 32 -> MaxPooling -> Conv2D 64 -> MaxPooling -> Flatten ->
Dropout -> Dense 10, on 28x28x1 images (the bundled MNIST subset). Measures,
after a first call that builds and warms everything up:

1. the layer outputs of one sample: kerasnb's cached multi-output sub-model
   (one forward pass) against the naive way, one ``keras.Model`` per layer,
   each running ``predict``;
2. the whole ``show_activations`` call for one sample, rendered to PNG,
   against the naive outputs drawn by the same drawing code (target < 0.5 s);
3. one move of the live view's sample slider (compute, draw, PNG);
4. big models (keras.applications, weights=None, 32x32 inputs): show_model
   (the folded overview and every layer), summary, show_activations and
   saliency, each timed after a first call, with the size of the picture made
   (goal: show_activations on ResNet50 under 2 s; no stored picture over
   2,000 px on a side).

Writes Markdown tables to benchmarks/results/viz.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERASNB_QUIET", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keras  # noqa: E402
import numpy as np  # noqa: E402

import kerasnb as knb  # noqa: E402
from kerasnb.viz._display import figure_png  # noqa: E402
from kerasnb.viz._maps import draw_activations  # noqa: E402

GOAL_SECONDS = 0.5
BIG_GOAL_SECONDS = 2.0
BIG_MODELS = ("MobileNetV2", "ResNet50", "DenseNet121", "EfficientNetB0", "NASNetMobile")


def tutorial_cnn() -> keras.Model:
    from keras import layers

    keras.utils.set_random_seed(0)
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(32, (3, 3), activation="relu"),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(64, (3, 3), activation="relu"),
        layers.MaxPooling2D((2, 2)),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax"),
    ], name="mnist_cnn")


def naive_outputs(model, x, sample: int, names: list[str]) -> dict[str, np.ndarray]:
    """The way tutorials often do it: a new model per layer, each predicting."""
    out = {}
    for name in names:
        probe = keras.Model(model.inputs, model.get_layer(name).output)
        out[name] = probe.predict(x[sample: sample + 1], verbose=0)[0]
    return out


def timed(fn, repeats: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``fn(i)`` over ``repeats`` calls.

    On shared cores the wall clock includes waiting for a core; this process'
    CPU time does not, so it estimates the time on an idle machine (the work
    here is mostly single-threaded Python and matplotlib).
    """
    wall, cpu = [], []
    for i in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn(i)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def png_size(png: bytes) -> str:
    import struct

    width, height = struct.unpack(">II", png[16:24])
    return f"{width} x {height}"


def big_models(names, repeats: int) -> list[str]:
    """One row per keras.applications model: time per call (after a first) and picture size."""
    rows = []
    x = np.random.default_rng(0).random((8, 32, 32, 3)).astype("float32") * 255.0
    for name in names:
        keras.utils.set_random_seed(0)
        start = time.perf_counter()
        model = getattr(keras.applications, name)(weights=None, input_shape=(32, 32, 3),
                                                  classes=10)
        built = time.perf_counter() - start
        overview = knb.show_model(model)
        every = knb.show_model(model, collapse=False)
        t_overview = timed(lambda i, model=model: knb.show_model(model), repeats)
        t_every = timed(lambda i, model=model: knb.show_model(model, collapse=False), repeats)
        t_summary = timed(lambda i, model=model: repr(knb.summary(model)), repeats)
        start = time.perf_counter()
        maps = knb.show_activations(model, x, interactive=False)
        maps_png = maps.png
        first_maps = time.perf_counter() - start
        t_maps = timed(lambda i, model=model: knb.show_activations(model, x, sample=1 + i % 7,
                                                      interactive=False).png, repeats)
        start = time.perf_counter()
        cam_png = knb.saliency(model, x[:4]).png
        first_cam = time.perf_counter() - start
        t_cam = timed(lambda i, model=model: knb.saliency(model, x[:4]).png, repeats)
        ok = (f"goal wall: {'met' if t_maps[0] < BIG_GOAL_SECONDS else 'NOT met'}, "
              f"CPU: {'met' if t_maps[1] < BIG_GOAL_SECONDS else 'NOT met'}")
        rows.append(
            f"| {name} | {len(model.layers)} | {built:.1f} s | "
            f"{len(overview.graph.boxes)} boxes, {overview.size[0]} x {overview.size[1]} px, "
            f"{1000 * t_overview[0]:.0f} ms | {len(every.graph.boxes)} boxes, "
            f"{every.size[0]} x {every.size[1]} px, {1000 * t_every[0]:.0f} ms | "
            f"{1000 * t_summary[0]:.0f} ms | {maps.panels} layers, {png_size(maps_png)} px, "
            f"first {first_maps:.1f} s, then {t_maps[0]:.2f} s wall / {t_maps[1]:.2f} s CPU "
            f"({ok}) | {png_size(cam_png)} px, first {first_cam:.1f} s, then "
            f"{t_cam[0]:.2f} s / {t_cam[1]:.2f} s |")
        print(rows[-1], flush=True)
    return [
        "## Big models",
        "",
        "keras.applications models with weights=None at 32x32x3, 10 classes, a batch of 8 "
        f"random images. Times are medians of {repeats} calls after a first call (wall / CPU "
        "where both are given); sizes are the picture as stored or shown (the SVG overview "
        "is scaled to fit 1,000 px tall; every-layer diagrams are drawn at 100%). Goal: "
        f"show_activations under {BIG_GOAL_SECONDS:.0f} s after the first call, no stored "
        "picture over 2,000 px on a side. On shared cores the wall clock includes waiting "
        "for a core; CPU time is this process' own work.",
        "",
        "| model | layers | build | show_model overview (default) | show_model(collapse=False) "
        "| summary | show_activations (default layers) | saliency (4 images, Grad-CAM) |",
        "|---|---:|---:|---|---|---:|---|---|",
        *rows,
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--big-repeats", type=int, default=3)
    parser.add_argument("--big", nargs="*", default=list(BIG_MODELS),
                        help="keras.applications models to time (none: skip)")
    args = parser.parse_args()

    model = tutorial_cnn()
    _, (x_test, _) = knb.datasets.load("mnist")
    x = (x_test[:64, ..., None] / 255.0).astype("float32")
    n = args.repeats

    start = time.perf_counter()
    view = knb.show_activations(model, x, sample=0, interactive=False)
    assert view.png
    first_call = time.perf_counter() - start
    names = view.layers
    kinds = {layer.name: type(layer).__name__ for layer in model.layers}
    naive_outputs(model, x, 0, names)  # warm up predict() too

    def ours_full(i):
        return knb.show_activations(model, x, sample=1 + i % 60, interactive=False).png

    def theirs_outputs(i):
        naive_outputs(model, x, 1 + i % 60, names)

    def theirs_full(i):
        outputs = naive_outputs(model, x, 1 + i % 60, names)
        figure_png(draw_activations([(k, kinds[k], outputs[k]) for k in names], max_maps=32,
                                    title=f"{model.name} · sample {1 + i % 60}"))

    def ours_pass_only(i):  # what show_activations runs before drawing
        from kerasnb.viz.activations import activation_model

        _, sub = activation_model(model)
        [t.numpy() for t in sub(x[1 + i % 60: 2 + i % 60], training=False)]

    pass_ours, pass_naive = timed(ours_pass_only, n), timed(theirs_outputs, n)
    full_ours, full_naive = timed(ours_full, n), timed(theirs_full, n)

    os.environ["KERASNB_FRONTEND"] = "jupyter"
    live = knb.show_activations(model, x)

    def slide(i):
        live.slider.value = 1 + i % 60

    slider = timed(slide, n)

    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())

    def ms(seconds: float) -> str:
        return f"{1000 * seconds:.1f} ms"

    def verdict(seconds: float) -> str:
        return "met" if seconds < GOAL_SECONDS else "NOT met"

    lines = [
        "# kerasnb.viz speed: show_activations, and big models",
        "",
        "The MNIST tutorial's CNN (Conv2D 32 -> MaxPooling -> Conv2D 64 -> MaxPooling -> Flatten "
        "-> Dropout -> Dense 10, 28x28x1), one sample of the bundled MNIST subset, the five "
        f"layers kerasnb shows by default ({', '.join(names)}). Median of {n} runs after a "
        f"first call. {os.cpu_count()} CPU cores, load average {load} at the end (the cores "
        f"were shared with other work, so wall-clock times include waiting for a core; CPU "
        f"time is this process' own work), Python {platform.python_version()}, "
        f"Keras {keras.__version__} on {keras.backend.backend()}. "
        f"`bench_viz.py --repeats {n} --big-repeats {args.big_repeats}`.",
        "",
        "| what | kerasnb: cached sub-model, one pass (wall / CPU) | naive: a keras.Model per "
        "layer, each predict (wall / CPU) | naive / kerasnb (wall) |",
        "|---|---:|---:|---:|",
        f"| layer outputs of one sample | {ms(pass_ours[0])} / {ms(pass_ours[1])} | "
        f"{ms(pass_naive[0])} / {ms(pass_naive[1])} | {pass_naive[0] / pass_ours[0]:.0f}x |",
        f"| show_activations, drawn to PNG (naive: same drawing) | {ms(full_ours[0])} / "
        f"{ms(full_ours[1])} | {ms(full_naive[0])} / {ms(full_naive[1])} | "
        f"{full_naive[0] / full_ours[0]:.1f}x |",
        "",
        "| measure | wall | CPU | goal |",
        "|---|---:|---:|---:|",
        f"| show_activations for one sample after the first call, drawn to PNG | "
        f"{ms(full_ours[0])} | {ms(full_ours[1])} | < {1000 * GOAL_SECONDS:.0f} ms "
        f"(wall: {verdict(full_ours[0])}; CPU: {verdict(full_ours[1])}) |",
        f"| live view: one slider move (pass, draw, PNG) | {ms(slider[0])} | {ms(slider[1])} | |",
        f"| first call (builds the sub-model, imports matplotlib) | {ms(first_call)} | | |",
        "",
    ]
    if args.big:
        lines += big_models(args.big, args.big_repeats)
    out = ROOT / "benchmarks" / "results" / "viz.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
