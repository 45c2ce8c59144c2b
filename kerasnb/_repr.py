"""How kerasnb objects show themselves: one `_repr_mimebundle_`, one CSS scoping helper.

A class that shows itself mixes in `ShowsItself` and writes ``_repr_text()``
(required: text/plain for terminals, logs and saved notebooks) and, when it has
one, ``_repr_html_()``; nothing else builds a bundle. Widgets keep ipywidgets' own
bundle and use `kerasnb._snapshot` for the picture left behind in a saved notebook.
"""

from __future__ import annotations

import itertools
import os
import uuid
from importlib import resources

__all__ = ["ShowsItself", "scoped_css"]

_SCOPES = itertools.count(1)


class ShowsItself:
    """Mixin: ``_repr_mimebundle_`` from ``_repr_text()`` and an optional ``_repr_html_()``."""

    def _repr_text(self) -> str:  # pragma: no cover - every subclass writes its own
        return object.__repr__(self)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        def wanted(mime: str) -> bool:
            return mime == "text/plain" or (
                (not include or mime in include) and (not exclude or mime not in exclude))

        bundle = {"text/plain": self._repr_text()}
        html_repr = getattr(self, "_repr_html_", None)
        if callable(html_repr) and wanted("text/html"):  # no HTML built when none is wanted
            html = html_repr()
            if html is not None:
                bundle["text/html"] = html
        for mime, data in self._repr_extra().items():
            if wanted(mime):
                bundle[mime] = data
        return bundle

    def _repr_extra(self) -> dict:
        """More MIME types (an image/png, an image/svg+xml); none by default."""
        return {}


def scoped_css(package: str, filename: str, prefix: str = "kerasnb") -> tuple[str, str]:
    """A fresh element id and the packaged stylesheet with ``SCOPE`` replaced by it.

    Args:
        package: the package holding the stylesheet (``__package__`` of the caller).
        filename: the ``.css`` file in it; its selectors start with ``SCOPE``.
        prefix: the start of the element id.

    Returns:
        ``(element_id, "<style>...</style>")``.
    """
    scope = f"{prefix}-{os.getpid()}-{next(_SCOPES)}-{uuid.uuid4().hex[:6]}"
    css = resources.files(package).joinpath(filename).read_text(encoding="utf-8")
    return scope, f"<style>{css.replace('SCOPE', '#' + scope)}</style>"
