"""The Playground's state twins: JSON text, its thin form for links, and saving.

``to_json()`` is the whole configuration; ``share()`` the settings that differ
from the defaults in a URL-safe string (see `share`). Both read back through
one checked path, ``from_json`` / ``from_share`` for a new playground and
``load_share`` for this one (the Load button).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..._validate import bad_value
from . import config
from . import share as sharing

if TYPE_CHECKING:  # pragma: no cover
    from .widget import Playground


class StateTwins:
    """Mixed into `Playground`: writing and reading its configuration."""

    _settings: dict[str, Any]

    def set(self, **settings: Any) -> None:  # pragma: no cover - the Playground's
        raise NotImplementedError

    def _snapshot_html(self) -> str:  # pragma: no cover - the Playground's
        raise NotImplementedError

    def to_json(self) -> str:
        """The whole configuration as JSON text (weights and training not included)."""
        return sharing.to_json(self._settings)

    @classmethod
    def from_json(cls, text: str, **kwargs: Any) -> Playground:
        """A playground from ``p.to_json()``.

        Args:
            text: the JSON text. Text over the ``json_bytes`` limit or nested
                deeper than ``json_depth`` (``kerasnb.get_limits()``) is
                refused before it is parsed.
            **kwargs: other constructor arguments (``interactive``, ``hide``,
                ...); they win over the same settings in ``text``.

        Raises:
            ValueError: not such JSON, or a bad value in it, named in the message.
        """
        return cls(**(sharing.from_json(text) | kwargs))

    def share(self) -> str:
        """A short URL-safe string for ``Playground.from_share``: the thin form of `to_json`.

        Only the settings that differ from the defaults, with short keys, e.g.
        ``"v1~d-spiral~h-8.8.4"``.
        """
        return sharing.encode_share(self._settings)

    @classmethod
    def from_share(cls, text: str, **kwargs: Any) -> Playground:
        """A playground from ``p.share()``; ``kwargs`` as in `from_json`.

        Raises:
            ValueError: not a share string, longer than the ``share_chars``
                limit (refused unread), or a bad value in it.
        """
        return cls(**(sharing.from_share(text) | kwargs))

    def load_share(self, text: str) -> None:
        """Apply a share string (or the JSON text of `to_json`) here, like the Load button.

        Settings it leaves out go back to their defaults.

        Raises:
            ValueError: as `from_share` / `from_json`; nothing changes then.
        """
        if not isinstance(text, str):
            raise bad_value("text", "a string from `Playground.share()` or JSON text from "
                            "`Playground.to_json()`", text)
        self._apply(sharing.from_any(text, "text"))

    def _apply(self, settings: dict[str, Any]) -> None:
        self.set(**(config.DEFAULTS | {"layer_activations": None} | settings))

    def save(self, path: str | Path) -> Path:
        """Write the configuration (``.json``) or a picture of the views (``.html``).

        Returns:
            The path of the file written.

        Raises:
            ValueError: ``path`` ends in neither ``.json`` nor ``.html``.
        """
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix == ".json":
            target.write_text(self.to_json(), encoding="utf-8")
        elif suffix == ".html":
            target.write_text(self._snapshot_html(), encoding="utf-8")
        else:
            raise bad_value("path", "a path ending in .json (the configuration) or .html "
                            "(a picture of the views)", str(path))
        return target

