"""How fast does knb.ModelBuilder's table follow an edit? (goals: < 150 ms for a 20-layer
Sequential model, < 20 ms for a 200-layer functional one)

Run:  .venv/bin/python benchmarks/bench_builder.py [--edits 40] [--baseline-edits 8]

For a 20-layer image model it times, per edit (the edit goes through
``builder.set``, the same twin the widget fields call, and includes re-checking
the spec, updating the rows and re-rendering the table):

1. a typical edit (units of a Dense layer, a dropout rate, filters of a conv),
   with the per-layer cache as the widget has it;
2. the worst edit: the first conv's kernel size, which changes every
   downstream shape, with the cache cleared so all 20 layers are re-checked;

against the naive way of refreshing the table, measured in the same run:
rebuilding and compiling a full ``keras.Sequential`` per edit and reading its
shapes and parameter count.

Then a 200-layer functional model (residual blocks with skip connections, 50
Add layers): a typical edit (a conv's kernel size or activation, a
normalization's momentum, the head's units) against rebuilding and compiling
the functional model, and, for reference, redrawing the graph next to the
table (``show_model``, which the widget only does while the graph is shown).
Writes a Markdown table to benchmarks/results/builder.md.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keras  # noqa: E402

from kerasnb.viz import show_model  # noqa: E402
from kerasnb.widgets import ModelBuilder  # noqa: E402
from kerasnb.widgets.builder.code import build_model  # noqa: E402
from kerasnb.widgets.builder.layers import make_layer  # noqa: E402

GOAL_MS = 150.0
GRAPH_GOAL_MS = 20.0
GRAPH_SHAPE = (16, 16, 8)


def residual_layers(blocks: int = 49) -> list[dict]:
    """A stem, ``blocks`` residual blocks (conv, norm, conv, add) and a head: 200 layers."""
    layers = [{"kind": "Conv2D", "filters": 8, "padding": "same"}]
    for _ in range(blocks):
        start = len(layers) - 1
        layers += [{"kind": "Conv2D", "filters": 8, "padding": "same"},
                   {"kind": "BatchNormalization"},
                   {"kind": "Conv2D", "filters": 8, "padding": "same", "activation": "linear"},
                   {"kind": "Add", "inputs": [start, start + 3]}]
    layers += [{"kind": "GlobalAveragePooling2D"}, {"kind": "Dropout", "rate": 0.2},
               {"kind": "Dense", "units": 10, "activation": "softmax"}]
    return layers


def graph_edit(k: int) -> tuple[int, dict]:
    block = 1 + 4 * (k % 49)
    return [(block, {"kernel_size": 3 + 2 * (k % 2)}),
            (block + 1, {"momentum": 0.9 + (k % 9) / 100}),
            (block + 2, {"activation": ("gelu", "linear")[k % 2]}),
            (199, {"units": 10})][k % 4]


def time_graph_naive(builder: ModelBuilder, n: int) -> list[float]:
    times = []
    for k in range(n):
        i, cfg = graph_edit(k)
        spec = builder.spec
        spec[i].update(cfg)
        start = time.perf_counter()
        model = build_model(GRAPH_SHAPE, spec)
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        _ = [tuple(layer.output.shape) for layer in model.layers], model.count_params()
        times.append((time.perf_counter() - start) * 1000)
    return times


def time_graph_drawing(builder: ModelBuilder, n: int) -> list[float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        _ = show_model(builder.model).svg
        times.append((time.perf_counter() - start) * 1000)
    return times
INPUT_SHAPE = (32, 32, 3)
LAYERS = [
    {"kind": "Rescaling"}, {"kind": "RandomFlip"},
    {"kind": "Conv2D", "filters": 16, "kernel_size": 3, "padding": "same"},
    {"kind": "BatchNormalization"},
    {"kind": "Conv2D", "filters": 16, "kernel_size": 3, "padding": "same"},
    {"kind": "MaxPooling2D"}, {"kind": "Dropout", "rate": 0.2},
    {"kind": "Conv2D", "filters": 32, "kernel_size": 3, "padding": "same"},
    {"kind": "BatchNormalization"},
    {"kind": "Conv2D", "filters": 32, "kernel_size": 3, "padding": "same"},
    {"kind": "MaxPooling2D"}, {"kind": "Dropout", "rate": 0.3},
    {"kind": "Conv2D", "filters": 64, "kernel_size": 3}, {"kind": "BatchNormalization"},
    {"kind": "Flatten"}, {"kind": "Dense", "units": 128}, {"kind": "Dropout", "rate": 0.4},
    {"kind": "Dense", "units": 64}, {"kind": "LayerNormalization"},
    {"kind": "Dense", "units": 10, "activation": "softmax"},
]


def typical_edit(k: int) -> tuple[int, dict]:
    return [(15, {"units": 100 + k}), (6, {"rate": 0.1 + (k % 7) / 10}),
            (4, {"filters": 8 + k}), (17, {"units": 20 + k})][k % 4]


def worst_edit(k: int) -> tuple[int, dict]:
    return 2, {"kernel_size": 3 + 2 * (k % 3), "padding": "valid"}


def time_edits(builder: ModelBuilder, edit, n: int, cold: bool = False) -> list[float]:
    times = []
    for k in range(n):
        i, cfg = edit(k)
        if cold:
            builder._cache.clear()
        start = time.perf_counter()
        builder.set(i, **cfg)
        times.append((time.perf_counter() - start) * 1000)
        assert builder.valid, builder.errors
    return times


def naive_refresh(spec: list[dict]) -> tuple[list, int]:
    """What a widget without the cache and the shape-only check would do per edit."""
    model = keras.Sequential([keras.Input(INPUT_SHAPE), *[make_layer(e) for e in spec]])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return [tuple(layer.output.shape) for layer in model.layers], model.count_params()


def time_naive(builder: ModelBuilder, edit, n: int) -> list[float]:
    times = []
    for k in range(n):
        i, cfg = edit(k)
        spec = builder.spec
        spec[i].update(cfg)
        start = time.perf_counter()
        naive_refresh(spec)
        times.append((time.perf_counter() - start) * 1000)
    return times


def stats(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {"median": statistics.median(ordered),
            "p90": ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))],
            "max": ordered[-1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--baseline-edits", type=int, default=8)
    args = parser.parse_args()

    builder = ModelBuilder(INPUT_SHAPE, num_classes=10, layers=LAYERS)
    assert len(builder.spec) == 20 and builder.valid, builder.errors
    _, params = naive_refresh(builder.spec)  # warm up Keras, check the table's total
    assert params == sum(builder.analysis.params)
    time_edits(builder, typical_edit, 4)  # warm up

    scenarios = [
        ("typical edit: a Dense's units, a rate, a conv's filters (per-layer cache warm)",
         time_edits(builder, typical_edit, args.edits),
         time_naive(builder, typical_edit, args.baseline_edits)),
        ("worst edit: first conv's kernel size, cache cleared (all 20 layers re-checked)",
         time_edits(builder, worst_edit, args.edits, cold=True),
         time_naive(builder, worst_edit, args.baseline_edits)),
    ]

    big = ModelBuilder(GRAPH_SHAPE, num_classes=10, layers=residual_layers())
    assert len(big.spec) == 200 and big.valid, big.errors[:2]
    big_params = sum(big.analysis.params)
    assert big.model.count_params() == big_params
    time_edits(big, graph_edit, 8)  # warm up
    graph_rows = [
        ("typical edit: a conv's kernel size or activation, a norm's momentum, the head's "
         "units (per-layer cache warm)", time_edits(big, graph_edit, args.edits),
         time_graph_naive(big, args.baseline_edits)),
    ]
    drawing = stats(time_graph_drawing(big, 1))

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        "# ModelBuilder: table update after an edit",
        "",
        f"20-layer image model (input {INPUT_SHAPE}, {params:,} params). Each edit goes through "
        "`builder.set` (re-check, rows, table HTML). Baseline: rebuild and compile a full "
        "`keras.Sequential` per edit and read its shapes and parameter count, measured in the "
        f"same run. Goal: < {GOAL_MS:.0f} ms (checked on p90).",
        "",
        "| edit | builder median ms | builder p90 ms | builder max ms "
        "| rebuild+compile median ms | speed-up (median) | goal met |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, ours, naive in scenarios:
        ours, naive = stats(ours), stats(naive)
        lines.append(f"| {name} | {ours['median']:.1f} | {ours['p90']:.1f} | {ours['max']:.1f} "
                     f"| {naive['median']:.1f} | {naive['median'] / ours['median']:.0f}x | "
                     f"{'yes' if ours['p90'] < GOAL_MS else 'no'} |")
    lines += [
        "",
        "## 200-layer functional model",
        "",
        f"Residual network (input {GRAPH_SHAPE}, 200 layers, 49 skip connections through "
        f"Add, {big_params:,} params). Baseline: rebuild and compile the functional "
        f"`keras.Model` per edit and read its shapes and parameter count. Goal: < "
        f"{GRAPH_GOAL_MS:.0f} ms (p90).",
        "",
        "| edit | builder median ms | builder p90 ms | builder max ms "
        "| rebuild+compile median ms | speed-up (median) | goal met |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, ours, naive in graph_rows:
        ours, naive = stats(ours), stats(naive)
        lines.append(f"| {name} | {ours['median']:.1f} | {ours['p90']:.1f} | {ours['max']:.1f} "
                     f"| {naive['median']:.1f} | {naive['median'] / ours['median']:.0f}x | "
                     f"{'yes' if ours['p90'] < GRAPH_GOAL_MS else 'no'} |")
    lines += [
        "",
        f"Drawing the graph beside the table (building the model, then `show_model`): "
        f"{drawing['median']:.0f} ms. The widget does it when \"Show graph\" is clicked, and "
        f"after every edit only for models of up to 60 layers.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, load average {load:.1f} "
        f"during the run; Python {platform.python_version()}, Keras {keras.__version__}, "
        f"backend {keras.backend.backend()}. Edits: {args.edits} per builder row, "
        f"{args.baseline_edits} per baseline row. The machine is shared: a high load average "
        "inflates every column, the baseline as much as the builder.",
        "",
        "Run: `.venv/bin/python benchmarks/bench_builder.py`",
    ]
    out = ROOT / "benchmarks" / "results" / "builder.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
