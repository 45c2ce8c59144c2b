"""The ``____`` blank of a starter cell: a placeholder that says so when it is used."""

from __future__ import annotations

from typing import Any, NoReturn


class BlankError(Exception):
    """Raised when a starter cell runs with a ``____`` blank still in it."""

    def __init__(self) -> None:
        super().__init__("This cell still has a blank (____): replace every ____ with your "
                         "answer, then run the cell again.")


class Blank:
    """The ``____`` placeholder of the exercises.

    Assigning it works (``units = ____``) so the check can say which answer is
    missing; using it as a number, a shape or a function raises `BlankError`
    with a message that says to fill in the blank.
    """

    _instance: Blank | None = None

    def __new__(cls) -> Blank:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "____"

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise BlankError()

    __int__ = __index__ = __float__ = __len__ = __iter__ = __call__ = _refuse
    __add__ = __radd__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _refuse
    __sub__ = __rsub__ = __pow__ = __gt__ = __lt__ = __ge__ = __le__ = _refuse
    __fspath__ = __array__ = _refuse

    def __reduce__(self):
        return (Blank, ())


____ = Blank()


def has_blank(value: Any, *, _depth: int = 0) -> bool:
    """Whether ``value`` is ``____`` or holds it in a list, tuple, set or dict."""
    if value is ____:
        return True
    if _depth > 4:
        return False
    if isinstance(value, dict):
        return any(has_blank(v, _depth=_depth + 1) for v in (*value.keys(), *value.values()))
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(has_blank(v, _depth=_depth + 1) for v in value)
    return False
