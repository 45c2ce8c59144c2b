"""Facts about particular layers: what the first layers do with the raw inputs,
which embeddings read the inputs' ids, and a built stand-in for a model that is
not built yet."""

from __future__ import annotations

import keras

from . import model_facts as mf

NORMALIZING = {"BatchNormalization", "LayerNormalization", "GroupNormalization",
               "UnitNormalization", "Normalization", "Rescaling"}


def first_operations(model, n: int = 2) -> list:
    """The first ``n`` operations after the inputs (nested models opened up)."""
    found = []
    for layer in getattr(model, "operations", None) or model.layers:
        if mf.class_name(layer) == "InputLayer":
            continue
        if isinstance(layer, keras.Model) and mf.model_kind(layer) != "subclassed":
            found += first_operations(layer, n - len(found))
        else:
            found.append(layer)
        if len(found) >= n:
            break
    return found[:n]


def inner_embeddings(layer) -> list:
    """The Embedding layers a (custom) layer holds as attributes, itself included."""
    if isinstance(layer, keras.layers.Embedding):
        return [layer]
    if isinstance(layer, keras.Model) or not isinstance(layer, keras.layers.Layer):
        return []
    return [v for v in vars(layer).values() if isinstance(v, keras.layers.Embedding)]


def embeds_ids(layer) -> bool:
    """True for a layer that looks up integer ids: Embedding, or a custom layer built on one."""
    return bool(inner_embeddings(layer)) or "embed" in mf.class_name(layer).lower()


def normalizes_inputs(model) -> bool:
    """True when the model scales, normalizes or embeds its raw inputs itself.

    Counted: a preprocessing layer (Rescaling, Normalization, Embedding, ...) or
    arithmetic first; a custom layer that embeds ids; BatchNormalization right
    after the first layer.
    """
    if mf.starts_with_preprocessing(model):
        return True
    first = first_operations(model)
    if first and embeds_ids(first[0]):
        return True
    return len(first) == 2 and mf.class_name(first[1]) in NORMALIZING


def custom_first(model) -> bool:
    """True when the first layer is the user's own class (it may well look up integer ids)."""
    first = first_operations(model, 1)
    return bool(first) and not type(first[0]).__module__.startswith("keras")


def id_readers(model, graph) -> list[tuple[int, keras.layers.Embedding]]:
    """``(input index, embedding)`` for each embedding that reads a model input directly.

    For a custom layer holding several embeddings (token and position), the
    largest vocabulary is the one the ids are looked up in.
    """
    if graph.kind == "sequential":
        first = first_operations(model, 1)
        candidates = [(0, first[0])] if first else []
    elif graph.kind == "functional":
        index = {id(t): i for i, t in enumerate(model.inputs)}
        candidates = []
        for layer in graph.layers:
            try:
                tensors = keras.tree.flatten(layer.input)
            except (AttributeError, ValueError, RuntimeError):
                continue
            if len(tensors) == 1 and id(tensors[0]) in index:
                candidates.append((index[id(tensors[0])], layer))
    else:
        return []
    readers = []
    for i, layer in candidates:
        embeddings = inner_embeddings(layer)
        if embeddings:
            readers.append((i, max(embeddings, key=lambda e: int(e.input_dim))))
    return readers


def built_twin(model: keras.Model, x_shape: tuple | None) -> keras.Model | None:
    """A built copy of an unbuilt Sequential model, for its shapes; None if it cannot be had.

    The copy has fresh weights and is never trained; the user's model is not touched.
    """
    if not isinstance(model, keras.Sequential) or model.built or not x_shape:
        return None
    try:
        twin = keras.models.clone_model(model, clone_function=_cheap_copy)
        twin.build((None, *x_shape))
    except Exception:  # a layer that cannot be cloned or built on this shape
        return None
    return twin if twin.built else None


def _cheap_copy(layer):
    """A copy of ``layer`` whose weights start as zeros: no random numbers to draw."""
    config = layer.get_config()
    for key in config:
        if key.endswith("_initializer"):
            config[key] = "zeros"
    return layer.__class__.from_config(config)


def parts_built(model) -> bool:
    """For a subclassed model: it holds sub-models or layers, and all of them are built.

    A GAN or VAE with a custom ``train_step`` is never built itself, but its
    generator and discriminator (or encoder and decoder) are.
    """
    parts = [v for v in vars(model).values() if isinstance(v, keras.layers.Layer)]
    return bool(parts) and all(p.built for p in parts)
