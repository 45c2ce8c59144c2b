"""Saliency maps of one fixed tiny CNN on the Keras backend this process runs on.

Usage: ``KERAS_BACKEND=jax python saliency_run.py WEIGHTS.npz OUT.npz``. The
weights and inputs come from the file, so every backend sees the same numbers;
the maps of both methods go to ``OUT.npz``.
"""

import sys

import numpy as np


def main(weights_path: str, out_path: str) -> None:
    import keras

    import kerasnb as knb

    data = np.load(weights_path)
    model = keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Conv2D(4, 3, activation="relu", name="conv"),
        keras.layers.Conv2D(3, 3, activation="relu", name="conv2"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(3, activation="softmax"),
    ])
    model.set_weights([data[f"w{i}"] for i in range(len(model.weights))])
    maps = {method: np.asarray(knb.saliency(model, data["x"], method=method).maps)
            for method in ("gradient", "gradcam")}
    np.savez(out_path, backend=keras.backend.backend(), **maps)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
