"""Let TensorFlow free the graphs of models that are gone.

Every ``tf.custom_gradient`` traced in a graph registers its gradient function in TensorFlow's
global gradient registry under a fresh name (``CustomGradient-378``) and never removes it
(tensorflow/tensorflow#27492, #97697). That function's closure holds tensors of the graph it
was traced in, so the registry keeps the whole graph alive: the ops, the nested ``cond``
branches, the functions registered with the runtime. Keras' training step traces one (the
default distribution strategy's ``all_reduce`` of the gradients), so every model ever fitted
in a kernel keeps about 22 ``FuncGraph`` objects and 4 MB, long after the model is deleted;
running a lesson again adds as much each time.

`release()` hands each new registry entry to the graph it belongs to: the graph holds the
gradient function, the registry only a weak reference to it. While the graph lives (a model
or a ``tf.function`` still uses it) the gradient is found as before; once nothing else holds
the graph, Python collects it with its gradient function and the registry entry is removed.

The eager runtime also caches a kernel for every function it ran (tensorflow's
``EagerContext`` kernel cache, keyed by the function's name) and never drops those of
functions that are gone: about 0.5 MB per small model fitted. After a cell that traced a
training step, `release()` clears that cache; the functions still in use get their kernels
again on their next call.

It runs when a cell ends (an IPython ``post_run_cell`` hook installed on first use of a kerasnb name, not at import),
costs one ``len()`` when no graph was traced, imports nothing and does nothing when
TensorFlow is not loaded or its internals are not the expected ones.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # `typing` stays out of `import kerasnb` (see kerasnb/__init__.py)
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any

__all__ = ["install", "release"]

_PREFIX = "CustomGradient-"
_COLLECTION = "kerasnb_custom_gradients"  # the graph collection holding the functions it owns
# The registry's length after the last `release()` (less the entries freed since); "off" once
# TensorFlow's internals turned out not to be the expected ones.
_state: dict[str, Any] = {"seen": 0, "off": False}
_hooked: set[int] = set()  # id() of the IPython shells the hook is registered with


def _registry() -> dict | None:
    """TensorFlow's gradient registry (name -> {"type": function, ...}), if TF is loaded."""
    ops = sys.modules.get("tensorflow.python.framework.ops")
    table = getattr(getattr(ops, "_gradient_registry", None), "_registry", None)
    return table if isinstance(table, dict) else None


def _graph_of(grad_fn: Any) -> Any:
    """The graph whose tensors the closure of a registered custom gradient holds, or None."""
    cells = dict(zip(getattr(getattr(grad_fn, "__code__", None), "co_freevars", ()),
                     getattr(grad_fn, "__closure__", None) or (), strict=False))
    tape_fn = cells.get("tape_grad_fn")
    tape_fn = tape_fn.cell_contents if tape_fn is not None else None
    inner = dict(zip(getattr(getattr(tape_fn, "__code__", None), "co_freevars", ()),
                     getattr(tape_fn, "__closure__", None) or (), strict=False))
    result = inner.get("result")
    tensors = result.cell_contents if result is not None else None
    graphs = {id(getattr(t, "graph", None)): getattr(t, "graph", None)
              for t in tensors or ()} if isinstance(tensors, list) else {}
    if len(graphs) != 1:
        return None
    graph = next(iter(graphs.values()))
    return graph if type(graph).__name__ == "FuncGraph" else None


def _weaken(table: dict, name: str) -> bool:
    """Make ``graph`` own the gradient ``name``; the registry keeps a weak reference."""
    entry = table.get(name)
    grad_fn = entry.get("type") if isinstance(entry, dict) else None
    graph = _graph_of(grad_fn)
    if graph is None:
        return False
    try:
        graph.add_to_collection(_COLLECTION, grad_fn)
    except Exception:  # a finalized graph: leave the entry as it is
        return False

    import weakref  # here, not at import: only once TensorFlow has traced a graph

    def forget(_ref: Any, name: str = name) -> None:
        if table.pop(name, None) is not None:
            _state["seen"] -= 1

    ref = weakref.ref(grad_fn, forget)

    def gradient(op: Any, *grads: Any) -> Any:
        target = ref()
        if target is None:  # pragma: no cover - only an op of a collected graph asks
            raise LookupError(f"gradient registry has no entry for: {name}")
        return target(op, *grads)

    entry["type"] = gradient
    return True


def release() -> int:
    """Hand the custom gradients registered since the last call to their graphs.

    Returns:
        How many registry entries now live only as long as their graph.
    """
    table = None if _state["off"] else _registry()
    if table is None or len(table) == _state["seen"]:
        return 0
    new = len(table) - _state["seen"]
    names = list(table)[-new:] if new > 0 else []
    weakened = sum(_weaken(table, name) for name in names
                   if isinstance(name, str) and name.startswith(_PREFIX))
    _state["seen"] = len(table)
    if weakened:
        _clear_kernel_cache()
    return weakened


def _clear_kernel_cache() -> None:
    """Drop the eager runtime's cached kernels (those of deleted functions included)."""
    eager = sys.modules.get("tensorflow.python.eager.context")
    ctx = getattr(eager, "context", lambda: None)()
    clear = getattr(ctx, "clear_kernel_cache", None)
    if callable(clear):
        clear()


def _post_run_cell(result: Any = None) -> None:
    """IPython ``post_run_cell`` hook: release what the cell traced; never raises."""
    try:
        release()
    except Exception:  # pragma: no cover - TensorFlow internals changed: leave them alone
        _state["off"] = True


def install() -> bool:
    """Register the hook with the running IPython shell, if any (IPython is not imported)."""
    shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    if shell is None or not hasattr(shell, "events"):
        return False
    if id(shell) not in _hooked:
        shell.events.register("post_run_cell", _post_run_cell)
        _hooked.add(id(shell))
    return True
