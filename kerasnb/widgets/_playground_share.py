"""A playground's settings as a JSON-able state and as a short share string, read safely.

A share string or a state comes from someone else (a link, a file), so its size is
checked before it is read: nothing it holds may exhaust the kernel or the browser.
The values themselves are checked by ``_playground_config.check_settings``.
"""

from __future__ import annotations

import json
from typing import Any

from .._validate import LIMITS, bad_value, check_limit, is_int
from ._playground_config import DEFAULTS, STATE_VERSION


def to_state(settings: dict[str, Any]) -> dict[str, Any]:
    """A JSON-able copy of the settings (tuples become lists) with a version number."""
    state = {"version": STATE_VERSION}
    for name in DEFAULTS:
        value = settings[name]
        state[name] = list(value) if isinstance(value, tuple) else value
    return state


def from_state(state: Any) -> dict[str, Any]:
    """Keyword arguments for ``Playground`` from a state dict, its JSON text or a share string.

    Sizes are checked before anything is parsed: a share string longer than
    ``LIMITS["share_chars"]``, JSON text over ``LIMITS["json_bytes"]`` or nested
    deeper than ``LIMITS["json_depth"]`` is refused at once.
    """
    expected = ("a dict from `Playground.state` (or its JSON text) or a string from "
                "`Playground.share()`")
    if isinstance(state, str):  # JSON text starts with "{"; look without copying a huge text
        state = read_json(state) if state[:100].lstrip().startswith("{") \
            else decode_share(state)
    if not isinstance(state, dict):
        raise bad_value("state", expected, state)
    state = dict(state)
    version = state.pop("version", STATE_VERSION)
    if not is_int(version) or version != STATE_VERSION:
        raise bad_value("state", f"a state of version {STATE_VERSION}", version)
    unknown = next((k for k in state if k not in DEFAULTS), None)
    if unknown is not None:
        raise bad_value("state", f"a dict with keys from {', '.join(DEFAULTS)}", unknown)
    return state


def json_depth(value: Any, most: int) -> int:
    """How deeply lists and dicts nest in ``value`` (a scalar is 0), counting to ``most + 1``."""
    deepest, todo = 0, [(value, 0)]
    while todo and deepest <= most:
        item, depth = todo.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, depth + 1)
            todo.extend((child, depth + 1) for child in (
                item.values() if isinstance(item, dict) else item))
    return deepest


_UNREAD = "Anything longer is refused unread."


def read_json(text: str) -> Any:
    """``json.loads(text)``, with its size checked first and its nesting after."""
    if len(text) > LIMITS["json_bytes"]:  # cheap first: never fewer bytes than characters
        check_limit("json_bytes", "state", len(text), hint=_UNREAD)
    check_limit("json_bytes", "state", len(text.encode("utf-8", "surrogatepass")), hint=_UNREAD)
    try:
        value = json.loads(text)
    except RecursionError:  # the parser gives up on very deep nesting by itself
        raise bad_value("state", f"JSON nested at most {LIMITS['json_depth']} levels deep",
                        text) from None
    except ValueError as err:
        raise bad_value("state", f"valid JSON ({err})", text) from None
    check_limit("json_depth", "state", json_depth(value, LIMITS["json_depth"]),
                hint="Deeper nesting is refused.")
    return value


# Share strings read like "v1~d-spiral~f-x1.x2.sin_x1~h-8.8.4~lr-0.1": short keys, "-"
# between key and value, "." between list items, "_" for None. Only URL-unreserved
# characters, and only the settings that differ from the defaults.
SHARE_KEYS = {"dataset": "d", "features": "f", "hidden": "h", "activation": "a",
              "layer_activations": "la", "learning_rate": "lr", "regularization": "r",
              "reg_rate": "rr", "dropout": "do", "noise": "n", "train_ratio": "tr",
              "batch_size": "b", "seed": "s", "show_test": "t", "hide": "hi"}
_SHARE_NAMES = {short: name for name, short in SHARE_KEYS.items()}
_SHARE_FORMAT = "a string from `Playground.share()`"


def _share_value(value: Any) -> str:
    if isinstance(value, (tuple, list)):
        return ".".join(_share_value(v) for v in value)
    if value is None:
        return "_"
    if isinstance(value, bool):
        return str(int(value))
    return str(value)


def _read_share_value(name: str, text: str) -> Any:
    default = DEFAULTS[name]
    if name in ("features", "hide", "hidden", "layer_activations"):
        items = text.split(".") if text else []
        if name == "hidden":
            return tuple(int(i) for i in items)
        return tuple(None if i == "_" else i for i in items)
    if name == "regularization":
        return None if text == "_" else text
    if isinstance(default, bool):
        return {"1": True, "0": False}[text]
    if isinstance(default, int):
        return int(text)
    return float(text) if isinstance(default, float) else text


def encode_share(settings: dict[str, Any]) -> str:
    """A short URL-safe string of the settings that differ from the defaults."""
    parts = [f"v{STATE_VERSION}"]
    for name, short in SHARE_KEYS.items():
        value = settings[name]
        if name == "layer_activations" and not any(value):
            continue  # all None: follows `hidden` by itself
        if value != DEFAULTS[name]:
            parts.append(f"{short}-{_share_value(value)}")
    return "~".join(parts)


def decode_share(text: str) -> dict[str, Any]:
    """The state behind a share string; the values are checked by the constructor.

    Raises:
        ValueError: not a share string, or longer than ``LIMITS["share_chars"]``
            (checked before anything is read).
    """
    check_limit("share_chars", "state", len(text), hint=_UNREAD)
    tokens = text.strip().split("~")
    if tokens[0] != f"v{STATE_VERSION}":
        raise bad_value("state", _SHARE_FORMAT, text)
    state: dict[str, Any] = {}
    for token in tokens[1:]:
        short, sep, value = token.partition("-")
        name = _SHARE_NAMES.get(short)
        if name is None or not sep:
            raise bad_value("state", _SHARE_FORMAT, text)
        try:
            state[name] = _read_share_value(name, value)
        except (ValueError, KeyError):
            raise bad_value("state", _SHARE_FORMAT, text) from None
    return state
