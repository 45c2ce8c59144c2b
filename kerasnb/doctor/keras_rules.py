"""What the installed Keras accepts as file names, found by trying it.

Keras changed its saving rules between versions (3.0 refused ``.h5`` in
``ModelCheckpoint``; later 3.x accept it again as the legacy format). Instead
of a table of versions, each rule asks the installed Keras itself, once per
file-name ending, on a one-layer model saved into a temporary folder, and
remembers the answer for the session.
"""

from __future__ import annotations

import functools
import os
import tempfile
import warnings

import keras


def suffix(path: str) -> str:
    """The ending Keras looks at: ``".weights.h5"``, ``".h5"``, ``".keras"``, ``""``."""
    base = os.path.basename(str(path).rstrip("/\\")).lower()
    for known in (".weights.h5", ".weights.json"):
        if base.endswith(known):
            return known
    return os.path.splitext(base)[1]


@functools.cache
def _probe_model():
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    return model


def _error(action) -> str | None:
    with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            action(folder)
        except (ValueError, OSError, NotImplementedError) as err:
            return str(err).replace(folder + os.sep, "").replace(folder, "")
    return None


@functools.cache
def weights_file_error(ending: str) -> str | None:
    """Keras' error for ``model.save_weights("file" + ending)``, None if it saves."""
    return _error(lambda d: _probe_model().save_weights(os.path.join(d, "probe" + ending)))


@functools.cache
def model_file_error(ending: str) -> str | None:
    """Keras' error for ``model.save("file" + ending)``, None if it saves."""
    return _error(lambda d: _probe_model().save(os.path.join(d, "probe" + ending)))


@functools.cache
def checkpoint_error(ending: str, weights_only: bool) -> str | None:
    """Keras' error for ``ModelCheckpoint("file" + ending, save_weights_only=...)``."""
    return _error(lambda d: keras.callbacks.ModelCheckpoint(
        os.path.join(d, "probe" + ending), save_weights_only=weights_only))
