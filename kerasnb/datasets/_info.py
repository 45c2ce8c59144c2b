"""What kerasnb knows about each data set, without loading it."""

from __future__ import annotations

from dataclasses import KW_ONLY, asdict, dataclass, field
from html import escape

from .._repr import ShowsItself
from .._utils import positional_deprecated


@dataclass(frozen=True)
class DatasetInfo(ShowsItself):
    """Facts about one data set: what it holds, where it comes from, its licence.

    ``class_names``, ``feature_names`` and ``sizes`` are keyword-only.
    """

    name: str
    kind: str  # "images", "tabular", "toy", "series" or "text"
    task: str  # "multiclass", "binary", "regression" or "forecasting"
    description: str
    source: str
    licence: str
    x_shape: tuple = ()  # one sample's shape
    _: KW_ONLY
    class_names: tuple[str, ...] = ()
    feature_names: tuple[str, ...] = ()
    sizes: dict = field(default_factory=dict)  # {"train": n, "test": n} of the default load

    def as_dict(self) -> dict:
        """The facts as a plain dict (``dataclasses.asdict``)."""
        return asdict(self)

    def _repr_text(self) -> str:
        return str(self)

    def __str__(self) -> str:
        lines = [f"{self.name}: {self.description}",
                 f"  kind: {self.kind} ({self.task}); one sample: {self.x_shape}"]
        if self.sizes:
            lines.append("  sizes: " + ", ".join(f"{k} {v:,}" for k, v in self.sizes.items()))
        if self.class_names:
            lines.append("  classes: " + ", ".join(self.class_names))
        if self.feature_names:
            lines.append("  features: " + ", ".join(self.feature_names))
        lines += [f"  source: {self.source}", f"  licence: {self.licence}"]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = [("kind", f"{self.kind} ({self.task})"), ("one sample", str(self.x_shape))]
        if self.sizes:
            rows.append(("sizes", ", ".join(f"{k} {v:,}" for k, v in self.sizes.items())))
        if self.class_names:
            rows.append(("classes", ", ".join(self.class_names)))
        if self.feature_names:
            rows.append(("features", ", ".join(self.feature_names)))
        rows += [("source", self.source), ("licence", self.licence)]
        body = "".join(f"<tr><th style='text-align:left'>{escape(k)}</th><td style='text-align:left'>"
                       f"{escape(v)}</td></tr>" for k, v in rows)
        return (f"<div><b>{escape(self.name)}</b>: {escape(self.description)}"
                f"<table>{body}</table></div>")


# class_names, feature_names and sizes were positional before they were keyword-only.
DatasetInfo.__init__ = positional_deprecated(DatasetInfo.__init__)  # type: ignore[method-assign]
