"""The wiring of a builder spec: which layer feeds which.

Each entry may name its ``inputs``: a list of refs, where a ref is the index of
an earlier entry or ``"input"`` (the builder's own input). An entry without
``inputs`` takes the previous entry (the first one takes the input), so a plain
list of layers is a chain, exactly a ``keras.Sequential``. Entries of kind
"Input" are further model inputs. The model's outputs are the layers nothing
else takes as input.

Editing keeps the meaning of explicit refs (they follow the layer they point
at when rows move) while implicit ones follow the order of the rows, so
inserting into a chain splices the new layer in, as a list insert does.
"""

from __future__ import annotations

from ..._validate import bad_value, is_int

INPUT = "input"


def inputs_of(spec: list, i: int) -> list:
    """The refs entry ``i`` takes (its ``inputs``, or the previous entry)."""
    entry = spec[i]
    if entry["kind"] == "Input":
        return []
    if "inputs" in entry:
        return list(entry["inputs"])
    return [i - 1] if i > 0 else [INPUT]


def default_refs(i: int) -> list:
    return [i - 1] if i > 0 else [INPUT]


def tidy(spec: list) -> None:
    """Drop ``inputs`` that say what the default says anyway."""
    for i, entry in enumerate(spec):
        if entry.get("inputs") == default_refs(i) or entry["kind"] == "Input":
            entry.pop("inputs", None)


def is_chain(spec: list) -> bool:
    """True when every layer takes the one before it: a Sequential model."""
    return all("inputs" not in e and e["kind"] != "Input" for e in spec)


def outputs_of(spec: list) -> list[int]:
    """Indices of the layers no other layer takes as input (the model's outputs)."""
    used = set()
    for i in range(len(spec)):
        used.update(r for r in inputs_of(spec, i) if r != INPUT)
    return [i for i, e in enumerate(spec) if i not in used and e["kind"] != "Input"]


def consumers(spec: list) -> dict[object, list[int]]:
    """Per ref (index or "input"), the layers that take it."""
    out: dict[object, list[int]] = {}
    for i in range(len(spec)):
        for r in inputs_of(spec, i):
            out.setdefault(r, []).append(i)
    return out


def resolve_refs(spec: list, value, at: int, name: str = "inputs") -> list:
    """User refs (indices, negative from the end, "input", or layer names) as stored refs.

    Every ref must point at an entry before position ``at``.
    """
    if isinstance(value, str) or is_int(value):
        value = [value]
    if not isinstance(value, (list, tuple)) or not value or len(value) > 64:
        raise bad_value(name, "a non-empty list of earlier layers: indices, names or 'input'",
                        value)
    names = {e["name"]: i for i, e in enumerate(spec) if "name" in e}
    refs = []
    for r in value:
        if isinstance(r, str) and r == INPUT:
            refs.append(INPUT)
            continue
        if isinstance(r, str) and r in names:
            r = names[r]
        elif is_int(r) and r < 0:
            r = len(spec) + int(r)
        if not is_int(r) or not 0 <= r < at:
            hint = f"an index from 0 to {at - 1}, " if at else ""
            raise bad_value(name, f"earlier layers only ({hint}a layer's name, or 'input')",
                            value)
        refs.append(int(r))
    return refs


def on_insert(spec: list, at: int) -> None:
    """After inserting an entry at ``at``: explicit refs keep pointing at their layers."""
    for j, e in enumerate(spec):
        if j != at and "inputs" in e:
            e["inputs"] = [r + 1 if r != INPUT and r >= at else r for r in e["inputs"]]
    tidy(spec)


def remove(spec: list, k: int) -> None:
    """Remove entry ``k``; whatever took it as input takes its inputs instead."""
    theirs = inputs_of(spec, k)
    if k + 1 < len(spec) and "inputs" not in spec[k + 1] and spec[k + 1]["kind"] != "Input":
        spec[k + 1]["inputs"] = [k]
    for j, e in enumerate(spec):
        if j != k and "inputs" in e and k in e["inputs"]:
            refs = []
            for r in e["inputs"]:
                refs.extend(theirs if r == k else [r])
            e["inputs"] = list(dict.fromkeys(refs)) if len(refs) > 1 else refs
    del spec[k]
    for e in spec:
        if "inputs" in e:
            e["inputs"] = [r - 1 if r != INPUT and r > k else r for r in e["inputs"]]
            if not e["inputs"]:  # it only took a removed Input: back to the default
                del e["inputs"]
    tidy(spec)


def move(spec: list, i: int, j: int) -> None:
    """Move entry ``i`` to ``j``; explicit refs follow their layers, implicit ones the rows."""
    order = list(range(len(spec)))
    order.insert(j, order.pop(i))
    new_index = {old: new for new, old in enumerate(order)}
    spec.insert(j, spec.pop(i))
    for e in spec:
        if "inputs" in e:
            e["inputs"] = [r if r == INPUT else new_index.get(r, r) for r in e["inputs"]]
    tidy(spec)


def set_inputs(spec: list, i: int, refs: list | None) -> None:
    if refs is None:
        spec[i].pop("inputs", None)
    else:
        spec[i]["inputs"] = list(refs)
    tidy(spec)


def wiring_problem(spec: list, i: int) -> str | None:
    """What is wrong with entry ``i``'s refs, in words (None: nothing)."""
    refs = inputs_of(spec, i)
    if spec[i]["kind"] != "Input" and not refs:
        return "it takes no input: pick one in its inputs."
    for r in refs:
        if r == INPUT:
            continue
        if r >= len(spec):
            return f"it takes layer {r + 1} as input, but there is no layer {r + 1}."
        if r >= i:
            return (f"it takes layer {r + 1} ({spec[r]['kind']}) as input, which does not come "
                    f"before it. Move it below layer {r + 1}, or pick another input.")
    return None
