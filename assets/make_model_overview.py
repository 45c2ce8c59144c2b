"""Regenerate the README's big-model overview: ResNet50 drawn whole by knb.show_model.

Run:  .venv/bin/python assets/make_model_overview.py

keras.applications.ResNet50 with weights=None (nothing is downloaded) at
32x32x3: its 177 layers fold into counted blocks (conv2_block ×3, ...), and the
diagram is scaled to fit about 1,000 px tall. Writes
assets/viz/overview_resnet50.svg and, beside it for comparison, the size of the
every-layer diagram in the script's output.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERASNB_QUIET", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "assets" / "viz" / "overview_resnet50.svg"

import keras  # noqa: E402

import kerasnb as knb  # noqa: E402


def main() -> None:
    keras.utils.set_random_seed(0)
    model = keras.applications.ResNet50(weights=None, input_shape=(32, 32, 3), classes=10)
    overview = knb.show_model(model)
    every = knb.show_model(model, collapse=False)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    overview.save(OUT)
    print(f"{OUT.relative_to(ROOT)}: {len(overview.graph.boxes)} boxes, "
          f"{overview.size[0]} x {overview.size[1]} px "
          f"(every layer: {len(every.graph.boxes)} boxes, {every.size[0]} x {every.size[1]} px)")


if __name__ == "__main__":
    main()
