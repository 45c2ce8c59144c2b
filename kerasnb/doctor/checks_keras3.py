"""KNB5xx: Keras 2 habits that Keras 3 (TensorFlow >= 2.16) no longer takes.

`knb.check` cannot see how a model was written or saved, so these checks look
at what it is given: ``save_path=`` (a file the model is saved to or loaded
from) and ``callbacks=`` (the list passed to ``fit``).
"""

from __future__ import annotations

import os

from .registry import Hit, register

_FULL_MODEL = (".keras",)
_LEGACY = (".h5", ".hdf5")
_WEIGHTS = (".weights.h5", ".weights.json")


def _stem(path: str) -> str:
    base = os.path.basename(path.rstrip("/\\")) or path
    return base.split(".")[0] or "model"


def _suggested(path: str, suffix: str) -> str:
    folder = os.path.dirname(path.rstrip("/\\"))
    name = _stem(path) + suffix
    return os.path.join(folder, name) if folder else name


@register("KNB501", "warning", needs=("paths",))
def legacy_h5_model(ctx):
    """A whole model saved to or loaded from a legacy `.h5` file."""
    for p in ctx.paths:
        low = p.path.lower()
        if p.weights_only or low.endswith(_WEIGHTS) or not low.endswith(_LEGACY):
            continue
        if "weight" in os.path.basename(low):
            continue  # KNB503
        new = _suggested(p.path, ".keras")
        yield Hit(
            f"`{p.path}` is an HDF5 (.h5) file, Keras' legacy format. Keras 3 still reads "
            "and writes it for old models, but saves everything (custom objects, optimizer "
            "state, compile settings) only in the .keras format.",
            fix=(f'model.save("{new}")\nmodel = keras.models.load_model("{new}")'
                 if p.where == "save_path" else
                 f'keras.callbacks.ModelCheckpoint("{new}", save_best_only=True)'),
            where=p.where)


@register("KNB502", "error", needs=("paths",))
def savedmodel_path(ctx):
    """A save path without the `.keras` extension (Keras 2's SavedModel folder)."""
    for p in ctx.paths:
        low = p.path.lower()
        if p.where != "save_path" or low.endswith(_FULL_MODEL + _LEGACY + _WEIGHTS):
            continue
        new = _suggested(p.path, ".keras")
        yield Hit(
            f"`{p.path}` has no .keras extension. Keras 2 saved such paths as a "
            "TensorFlow SavedModel folder; Keras 3's model.save() stops with a ValueError. "
            "Save to a .keras file, or export a SavedModel for serving.",
            fix=f'model.save("{new}")\n# for TF Serving / TFLite: model.export("{p.path}")',
            where=p.where)


@register("KNB503", "error", needs=("paths",))
def weights_without_weights_h5(ctx):
    """A weights file not ending in `.weights.h5`."""
    for p in ctx.paths:
        low = p.path.lower()
        if p.weights_only or low.endswith(_WEIGHTS) or not low.endswith(_LEGACY):
            continue
        if "weight" not in os.path.basename(low):
            continue
        new = _suggested(p.path, ".weights.h5")
        yield Hit(
            f"`{p.path}` looks like a weights file, but Keras 3's save_weights() and "
            "load_weights() only take names ending in .weights.h5 and stop with a "
            "ValueError otherwise.",
            fix=f'model.save_weights("{new}")\nmodel.load_weights("{new}")',
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
def monitor_not_logged(ctx):
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
        fix = f'{cls}(monitor="{close[0] if close else "val_loss"}", ...)'
        if monitor.startswith("val_") and not any(n.startswith("val_") for n in logged):
            hint = (" There are no validation values: pass validation_data= or "
                    "validation_split= to fit().")
            fix = "model.fit(x, y, validation_split=0.2, callbacks=[...])"
        listed = ", ".join(repr(n) for n in sorted(logged))
        yield Hit(
            f"{cls} watches {monitor!r}, but fit() logs only {listed}. Keras only warns "
            f"about this during training, and the callback then does nothing.{hint}",
            fix=fix, where=cls)
