"""``knb.about()``: what a teacher asks first when a student's notebook misbehaves."""

from __future__ import annotations

import os
import platform
import sys
from html import escape
from importlib import metadata

from . import _env
from ._repr import ShowsItself
from ._version import __version__

_PACKAGES = ("tensorflow", "keras", "numpy", "ipywidgets", "plotly", "anywidget", "matplotlib",
             "jupyterlab", "tensorboard")
_FRONTEND_NAMES = {
    "jupyter": "JupyterLab / Notebook 7",
    "vscode": "VS Code notebook",
    "colab": "Google Colab",
    "headless": "headless kernel (nbclient, nbval, papermill)",
    "ipython": "terminal IPython",
    "terminal": "plain Python",
}


def _version(dist: str) -> str:
    for name in (dist, f"{dist}-cpu") if dist == "tensorflow" else (dist,):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "not installed"


_BACKEND_DISTS = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}


def _devices(backend: str) -> list[str]:
    """The devices the Keras backend sees, asked of that backend only."""
    try:
        if backend == "jax":
            import jax

            return [f"{d.platform.upper()} ({d})" for d in jax.devices()] or ["none found"]
        if backend == "torch":
            import torch

            found = ["CPU"]
            found += [f"GPU ({torch.cuda.get_device_name(i)})"
                      for i in range(torch.cuda.device_count())]
            return found
        if backend != "tensorflow":
            return [f"not asked ({backend} backend)"]
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        import tensorflow as tf
    except Exception as e:  # pragma: no cover - broken backend install
        return [f"{backend} failed to import: {e}"]
    found = []
    for d in tf.config.list_physical_devices():
        found.append(f"{d.device_type} ({d.name.split('physical_device:')[-1]})")
    return found or ["none found"]


def _backend() -> str:
    try:
        import keras

        return keras.backend.backend()
    except Exception as e:  # pragma: no cover
        return f"unavailable ({e})"


class About(ShowsItself, dict):
    """Versions, backend, devices and front end; a table in a notebook, text elsewhere."""

    def __str__(self) -> str:
        width = max(map(len, self))
        return "\n".join(f"{k:<{width}}  {', '.join(v) if isinstance(v, list) else v}"
                         for k, v in self.items())

    def __repr__(self) -> str:
        return str(self)

    def _repr_text(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{escape(k)}</th><td style='text-align:left'>"
            f"{escape(', '.join(v) if isinstance(v, list) else str(v))}</td></tr>"
            for k, v in self.items())
        return f"<table class='kerasnb-about'><caption>kerasnb environment</caption>{rows}</table>"


def about() -> About:
    """Report versions, the Keras backend and its version, devices and the front end.

    Devices come from the backend Keras runs on (``tf.config``, ``jax.devices()``
    or ``torch.cuda``); under JAX or PyTorch TensorFlow is not imported.

    Returns:
        An ``About`` (a dict) that shows itself as a table in a notebook and as
        aligned text in a terminal (``print(knb.about())``).

    Example:
        >>> import kerasnb as knb
        >>> info = knb.about()
        >>> info["front end"] in ("plain Python", "terminal IPython") or True
        True
    """
    info = About()
    info["kerasnb"] = __version__
    info["python"] = f"{platform.python_version()} ({sys.executable})"
    info["platform"] = platform.platform(terse=True)
    for dist in _PACKAGES:
        info[dist] = _version(dist)
    backend = _backend()
    info["keras backend"] = backend
    if backend in _BACKEND_DISTS:
        info["backend version"] = f"{backend} {_version(_BACKEND_DISTS[backend])}"
    devices = _devices(backend)
    gpus = [d for d in devices if d.startswith("GPU")]
    info["devices"] = devices
    info["accelerator"] = "GPU" if gpus else "CPU only"
    front = _env.frontend()
    info["front end"] = _FRONTEND_NAMES.get(front, front)
    return info
