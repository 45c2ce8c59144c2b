"""KNB5xx: Keras 2 habits that Keras 3 (TensorFlow >= 2.16) no longer takes.

`knb.check` cannot see how a model was written or saved, so these checks look
at what it is given: ``save_path=`` (a file the model is saved to or loaded
from), ``weights_path=`` (a file for ``save_weights``/``load_weights``) and
``callbacks=`` (the list passed to ``fit``). Which names are refused is asked of
the installed Keras itself (`keras_rules`), so the rules follow its version.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from . import keras_rules as kr
from .registry import Hit, register
from .snippets import literal

if TYPE_CHECKING:  # pragma: no cover
    from .context import Context

_LEGACY = (".h5", ".hdf5")


def _stem(path: str) -> str:
    base = os.path.basename(path.rstrip("/\\")) or path
    return base.split(".")[0] or "model"


def _suggested(path: str, suffix: str) -> str:
    folder = os.path.dirname(path.rstrip("/\\"))
    name = _stem(path) + suffix
    return os.path.join(folder, name) if folder else name


def _for_weights(p) -> bool:
    """A weights file: said so (weights_path=, save_weights_only) or named so."""
    if p.weights_only:
        return True
    base = os.path.basename(p.path).lower()
    return "weight" in base and kr.suffix(p.path) in _LEGACY + (".weights.h5",)


@register("KNB501", "warning", needs=("paths",))
def legacy_h5_model(ctx: Context) -> Iterator[Hit]:
    """A whole model saved to or loaded from a legacy `.h5` file."""
    for p in ctx.paths:
        ending = kr.suffix(p.path)
        if _for_weights(p) or ending not in _LEGACY:
            continue
        refused = (kr.model_file_error(ending) if p.where == "save_path"
                   else kr.checkpoint_error(ending, False))
        if refused:
            continue  # KNB502: this Keras does not take it at all
        new = _suggested(p.path, ".keras")
        yield Hit(
            f"`{p.path}` is an HDF5 (.h5) file, Keras' legacy format. This Keras still reads "
            "and writes it for old models, but saves everything (custom objects, optimizer "
            "state, compile settings) only in the .keras format.",
            fix=(f"model.save({literal(new)})\nmodel = keras.models.load_model({literal(new)})"
                 if p.where == "save_path" else
                 f"keras.callbacks.ModelCheckpoint({literal(new)}, save_best_only=True)"),
            where=p.where)


@register("KNB502", "error", needs=("paths",))
def savedmodel_path(ctx: Context) -> Iterator[Hit]:
    """A model file name the installed Keras refuses (e.g. Keras 2's SavedModel folder)."""
    for p in ctx.paths:
        if p.where != "save_path" or _for_weights(p):
            continue
        refused = kr.model_file_error(kr.suffix(p.path))
        if not refused:
            continue
        new = _suggested(p.path, ".keras")
        folder = "" if kr.suffix(p.path) else (
            " Keras 2 saved such paths as a TensorFlow SavedModel folder.")
        yield Hit(
            f"`{p.path}` is not a file name model.save() takes: this Keras stops with "
            f"\"{refused}\".{folder} Save to a .keras file, or export a SavedModel for "
            "serving.",
            fix=(f"model.save({literal(new)})\n"
                 f"# for TF Serving / TFLite: model.export({literal(p.path)})"),
            where=p.where)


@register("KNB503", "error", needs=("paths",))
def weights_without_weights_h5(ctx: Context) -> Iterator[Hit]:
    """A weights file name the installed Keras refuses (Keras 3: `.weights.h5`)."""
    for p in ctx.paths:
        if not _for_weights(p):
            continue
        ending = kr.suffix(p.path)
        refused = (kr.checkpoint_error(ending, True) if p.where == "ModelCheckpoint"
                   else kr.weights_file_error(ending))
        if not refused:
            continue
        new = _suggested(p.path, ".weights.h5")
        yield Hit(
            f"`{p.path}` is a weights file, but this Keras' save_weights() and "
            f"load_weights() refuse the name: \"{refused}\". Keras 3 only takes names "
            "ending in .weights.h5 for weights (whole models: .keras).",
            fix=f"model.save_weights({literal(new)})\nmodel.load_weights({literal(new)})",
            where=p.where)


def _logged_names(ctx) -> set[str] | None:
    """Names ``fit`` will log, or None when they cannot be known in advance."""
    if ctx.history:
        return set(ctx.history)
    if ctx.model is None or not ctx.compiled or len(ctx.outputs) > 1:
        return None
    try:
        config = ctx.model.get_compile_config() or {}
    except (AttributeError, NotImplementedError, TypeError, ValueError):
        return None
    names = {"loss"}
    for key in ("metrics", "weighted_metrics"):
        metrics = config.get(key) or []
        if isinstance(metrics, str):
            metrics = [metrics]
        if not isinstance(metrics, (list, tuple)) or not all(isinstance(m, str) for m in metrics):
            return None
        names.update(metrics)
    return names | {f"val_{n}" for n in names}


def _short(name: str) -> str:
    """Keras 2 logged "acc", Keras 3 logs what compile() was given ("accuracy")."""
    return name.replace("accuracy", "acc")


@register("KNB504", "warning", needs=("callbacks",))
def monitor_not_logged(ctx: Context) -> Iterator[Hit]:
    """A callback monitors a metric that fit() does not log."""
    logged = None
    for cb in ctx.callbacks:
        monitor = getattr(cb, "monitor", None)
        if not isinstance(monitor, str):
            continue
        if logged is None:
            logged = _logged_names(ctx)
            if logged is None:
                return
        if monitor in logged:
            continue
        close = sorted(n for n in logged if _short(n) == _short(monitor))
        cls = type(cb).__name__
        hint = f" Did you mean {close[0]!r}?" if close else ""
        fix = f"{cls}(monitor={literal(close[0] if close else 'val_loss')}, ...)"
        if monitor.startswith("val_") and not any(n.startswith("val_") for n in logged):
            hint = (" There are no validation values: pass validation_data= or "
                    "validation_split= to fit().")
            fix = "model.fit(x, y, validation_split=0.2, callbacks=[...])"
        listed = ", ".join(repr(n) for n in sorted(logged))
        yield Hit(
            f"{cls} watches {monitor!r}, but fit() logs only {listed}. Keras only warns "
            f"about this during training, and the callback then does nothing.{hint}",
            fix=fix, where=cls)
