"""Regenerate the five small data sets kerasnb ships from scikit-learn's bundled copies.

Writes kerasnb/datasets/data/{digits,iris,wine,breast_cancer,diabetes}.npz (compressed,
arrays ``x`` and ``y`` exactly as scikit-learn's loaders give them, cast to the dtypes kerasnb
returns) and flower.npz, the sample photo lesson 13 augments (scikit-learn's flower.jpg, CC BY
2.0, halved to 213x320). kerasnb then loads them with NumPy alone, so scikit-learn (and the
SciPy it pulls in) need not be installed where the course runs.

    pip install scikit-learn && python assets/make_sklearn_data.py
"""

from pathlib import Path

import numpy as np
import sklearn
import sklearn.datasets as skd
from PIL import Image

OUT = Path(__file__).resolve().parents[1] / "kerasnb" / "datasets" / "data"

# name: (scikit-learn loader, x from .images, dtype of x, dtype of y)
TABLES = {
    "digits": ("load_digits", True, "uint8", "uint8"),   # values 0-16; kerasnb casts to float32
    "iris": ("load_iris", False, "float32", "uint8"),
    "wine": ("load_wine", False, "float32", "uint8"),
    "breast_cancer": ("load_breast_cancer", False, "float32", "uint8"),
    "diabetes": ("load_diabetes", False, "float32", "float32"),
}


def main() -> None:
    for name, (loader, images, x_dtype, y_dtype) in TABLES.items():
        bunch = getattr(skd, loader)()
        x = bunch.images if images else bunch.data
        stored = x.astype(x_dtype)
        if not np.array_equal(stored.astype("float32"), x.astype("float32")):
            raise SystemExit(f"{name}: casting to {x_dtype} would change the values")
        path = OUT / f"{name}.npz"
        np.savez_compressed(path, x=stored, y=bunch.target.astype(y_dtype))
        print(f"wrote {path.name}: x {stored.shape} {x_dtype}, {path.stat().st_size:,} bytes")
    photo = Image.fromarray(skd.load_sample_image("flower.jpg"))
    half = np.asarray(photo.resize((photo.width // 2, photo.height // 2), Image.LANCZOS))
    np.savez_compressed(OUT / "flower.npz", image=half)
    print(f"wrote flower.npz: {half.shape}, {(OUT / 'flower.npz').stat().st_size:,} bytes "
          f"(scikit-learn {sklearn.__version__})")


if __name__ == "__main__":
    main()
