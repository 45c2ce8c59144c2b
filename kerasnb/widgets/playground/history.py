"""``Playground.history``: the losses per epoch as a `kerasnb.History`.

The playground evaluates the training points and the test points after every
epoch, as Keras does with ``validation_data``: the test loss is the
validation-like curve, so the keys are Keras' own, ``loss`` and ``val_loss``.
Epoch 0 is the untrained network (the losses before the first step), so a
playground that trained ``n`` epochs has ``n + 1`` entries per key.

The old keys ``train_loss`` and ``test_loss`` still read, with a
DeprecationWarning, and so does the old ``"epoch"`` key (now ``.epoch``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..._deprecated import warn_renamed
from ..._history import History

ALIASES = {"train_loss": "loss", "test_loss": "val_loss"}


class PlaygroundHistory(History):
    """A `History` that still answers the old keys, each with a warning naming the new one.

    It shows itself as `History` does (one place to change, ``kerasnb._history``).
    """

    __slots__ = ()

    def __getitem__(self, key: str) -> list:
        if key in ALIASES and key not in self._columns:  # warn here: the caller's line
            warn_renamed(f"the Playground history key {key!r}", repr(ALIASES[key]))
            key = ALIASES[key]
        elif key == "epoch" and "epoch" not in self._columns:
            warn_renamed("`history['epoch']` of a Playground", "`history.epoch`")
            return self.epoch
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        return key == "epoch" or super().__contains__(key)


def history_of(recorded: Mapping[str, Sequence[float]]) -> PlaygroundHistory:
    """The engine's record (``epoch``, ``train_loss``, ``test_loss``) under Keras' names."""
    return PlaygroundHistory({"loss": recorded["train_loss"], "val_loss": recorded["test_loss"]},
                             epoch=recorded["epoch"], aliases=ALIASES)
