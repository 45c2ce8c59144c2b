"""A playground's settings as JSON text and as a short share string, both read safely.

The JSON (``Playground.to_json()``) is the whole configuration: a version number
and every setting. The share string (``Playground.share()``) is a thin form of the
same JSON for links: only the settings that differ from the defaults, with short
keys, in URL-safe characters. Reading a share string gives back that JSON's dict,
so both go through one check (`read_state`).

JSON text or a share string comes from someone else (a link, a file), so its size
is checked before it is read: nothing it holds may exhaust the kernel or the
browser. The values themselves are checked by ``config.check_settings``.
"""

from __future__ import annotations

import json
from typing import Any

from ..._validate import LIMITS, bad_value, check_limit, is_int
from .config import DEFAULTS, STATE_VERSION


def to_state(settings: dict[str, Any]) -> dict[str, Any]:
    """A JSON-able copy of the settings (tuples become lists) with a version number."""
    state = {"version": STATE_VERSION}
    for name in DEFAULTS:
        value = settings[name]
        state[name] = list(value) if isinstance(value, tuple) else value
    return state


def to_json(settings: dict[str, Any]) -> str:
    """The JSON text of `to_state`."""
    return json.dumps(to_state(settings))


def from_json(text: Any, name: str = "text") -> dict[str, Any]:
    """Keyword arguments for ``Playground`` from the JSON text of ``Playground.to_json()``.

    Raises:
        ValueError: not a string, over the ``json_bytes`` or ``json_depth`` limits
            (checked before parsing), not a state, or a state of another version.
    """
    if not isinstance(text, str):
        raise bad_value(name, "JSON text from `Playground.to_json()`", text)
    return read_state(read_json(text, name), name)


def from_share(text: Any, name: str = "text") -> dict[str, Any]:
    """Keyword arguments for ``Playground`` from a string of ``Playground.share()``."""
    if not isinstance(text, str):
        raise bad_value(name, _SHARE_FORMAT, text)
    return read_state(decode_share(text, name), name)


def from_any(state: Any, name: str = "state") -> dict[str, Any]:
    """A state dict, JSON text or a share string (what the old ``from_state`` read)."""
    if isinstance(state, str):  # JSON text starts with "{"; look without copying a huge text
        if state[:100].lstrip().startswith("{"):
            return from_json(state, name)
        return from_share(state, name)
    if not isinstance(state, dict):
        raise bad_value(name, "a dict from `Playground.state`, JSON text from "
                        "`Playground.to_json()` or a string from `Playground.share()`", state)
    return read_state(state, name)


def read_state(state: Any, name: str) -> dict[str, Any]:
    """The settings of a parsed state: a dict, of this version, with known keys only."""
    if not isinstance(state, dict):
        raise bad_value(name, "a JSON object from `Playground.to_json()`", state)
    state = dict(state)
    version = state.pop("version", STATE_VERSION)
    if not is_int(version) or version != STATE_VERSION:
        raise bad_value(name, f"a state of version {STATE_VERSION}", version)
    unknown = next((k for k in state if k not in DEFAULTS), None)
    if unknown is not None:
        raise bad_value(name, f"a dict with keys from {', '.join(DEFAULTS)}", unknown)
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


def read_json(text: str, name: str = "text") -> Any:
    """``json.loads(text)``, with its size checked first and its nesting after."""
    if len(text) > LIMITS["json_bytes"]:  # cheap first: never fewer bytes than characters
        check_limit("json_bytes", name, len(text), hint=_UNREAD)
    check_limit("json_bytes", name, len(text.encode("utf-8", "surrogatepass")), hint=_UNREAD)
    try:
        value = json.loads(text)
    except RecursionError:  # the parser gives up on very deep nesting by itself
        raise bad_value(name, f"JSON nested at most {LIMITS['json_depth']} levels deep",
                        text) from None
    except ValueError as err:
        raise bad_value(name, f"valid JSON ({err})", text) from None
    check_limit("json_depth", name, json_depth(value, LIMITS["json_depth"]),
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
    """The thin form of ``to_state(settings)``: the settings that differ from the defaults."""
    parts = [f"v{STATE_VERSION}"]
    for name, short in SHARE_KEYS.items():
        value = settings[name]
        if name == "layer_activations" and not any(value):
            continue  # all None: follows `hidden` by itself
        if value != DEFAULTS[name]:
            parts.append(f"{short}-{_share_value(value)}")
    return "~".join(parts)


def decode_share(text: str, name: str = "text") -> dict[str, Any]:
    """The state dict behind a share string; the values are checked by the constructor.

    Raises:
        ValueError: not a share string, or longer than ``LIMITS["share_chars"]``
            (checked before anything is read).
    """
    check_limit("share_chars", name, len(text), hint=_UNREAD)
    tokens = text.strip().split("~")
    if tokens[0] != f"v{STATE_VERSION}":
        raise bad_value(name, _SHARE_FORMAT, text)
    state: dict[str, Any] = {"version": STATE_VERSION}
    for token in tokens[1:]:
        short, sep, value = token.partition("-")
        setting = _SHARE_NAMES.get(short)
        if setting is None or not sep:
            raise bad_value(name, _SHARE_FORMAT, text)
        try:
            state[setting] = _read_share_value(setting, value)
        except (ValueError, KeyError):
            raise bad_value(name, _SHARE_FORMAT, text) from None
    return state
