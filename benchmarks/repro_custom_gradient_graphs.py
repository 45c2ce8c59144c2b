"""Graphs TensorFlow keeps per model fitted, with and without `kerasnb._custom_gradients`.

Run: ``python benchmarks/repro_custom_gradient_graphs.py [models] [--release]``. Each model is
a small Dense classifier fitted for 2 epochs, then dropped (``keras.backend.clear_session()``
is not called, as in a notebook). Prints, after each, the live ``FuncGraph`` objects, the
``CustomGradient-*`` entries of TensorFlow's gradient registry, the functions registered with
the runtime and the resident memory.
"""

from __future__ import annotations

import gc
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def main(models: int, release: bool) -> None:
    import keras
    import numpy as np
    from tensorflow.python.eager import context
    from tensorflow.python.framework import ops
    from tensorflow.python.framework.func_graph import FuncGraph

    from kerasnb import _custom_gradients

    rng = np.random.default_rng(0)
    x, y = rng.random((512, 64), dtype="float32"), rng.integers(0, 10, 512)
    registry = ops._gradient_registry._registry
    for i in range(models):
        model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(64, activation="relu"),
                                  keras.layers.Dense(10, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(x, y, epochs=2, validation_split=0.2, verbose=0)
        del model
        if release:
            _custom_gradients.release()
        gc.collect()
        with open("/proc/self/status") as status:
            rss = next(int(line.split()[1]) for line in status
                       if line.startswith("VmRSS")) / 1024
        graphs = sum(isinstance(o, FuncGraph) for o in gc.get_objects())
        custom = sum(name.startswith("CustomGradient-") for name in registry)
        functions = len(context.context().list_function_names())
        sys.stdout.write(f"model {i + 1}: {graphs} graphs, {custom} custom gradients, "
                         f"{functions} runtime functions, {rss:.1f} MB\n")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(int(next((a for a in args if a.isdigit()), 10)), "--release" in args)
