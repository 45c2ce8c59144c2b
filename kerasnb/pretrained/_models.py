"""The registry of shipped models: one ``NAME.keras`` and one ``NAME.json`` per model."""

from __future__ import annotations

import json
from dataclasses import KW_ONLY, asdict, dataclass
from html import escape
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._repr import ShowsItself
from .._utils import bad_value, check_choice, positional_deprecated

if TYPE_CHECKING:  # pragma: no cover
    import keras


@dataclass(frozen=True)
class PretrainedInfo(ShowsItself):
    """Facts about one shipped model: what it does, what it expects, how it was made.

    Every field after ``preprocessing`` (``class_names`` on) is keyword-only.
    """

    name: str
    description: str
    input_shape: tuple[int, ...]
    preprocessing: str
    _: KW_ONLY
    class_names: tuple[str, ...]
    base_output: str  # the last layer kept by ``load(name, include_top=False)``
    params: int
    trained_on: str
    test_accuracy: float
    script: str
    seed: int
    epochs: int
    source: str
    licence: str

    def as_dict(self) -> dict:
        """The facts as a plain dict (what ``NAME.json`` holds)."""
        return asdict(self)

    def _rows(self) -> list[tuple[str, str]]:
        return [
            ("input", f"{self.input_shape}: {self.preprocessing}"),
            ("classes", ", ".join(self.class_names)),
            ("parameters", f"{self.params:,}"),
            ("base (include_top=False)", f"up to layer {self.base_output!r}"),
            ("trained on", self.trained_on),
            ("test accuracy", f"{self.test_accuracy:.1%}"),
            ("made by", f"{self.script} (seed {self.seed}, {self.epochs} epochs)"),
            ("source", self.source),
            ("licence", self.licence),
        ]

    def __str__(self) -> str:
        lines = [f"{self.name}: {self.description}"]
        lines += [f"  {key}: {value}" for key, value in self._rows()]
        return "\n".join(lines)

    def _repr_text(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        body = "".join(f"<tr><th style='text-align:left'>{escape(k)}</th>"
                       f"<td style='text-align:left'>{escape(v)}</td></tr>"
                       for k, v in self._rows())
        return (f"<div><b>{escape(self.name)}</b>: {escape(self.description)}"
                f"<table>{body}</table></div>")


# class_names and the fields after it were positional before they were keyword-only.
PretrainedInfo.__init__ = positional_deprecated(PretrainedInfo.__init__)  # type: ignore[method-assign]


def _folder() -> Path:
    return Path(str(resources.files("kerasnb.pretrained")))


def names() -> list[str]:
    """The names `load` and `info` accept."""
    return sorted(p.stem for p in _folder().glob("*.json"))


def _check_name(name: Any) -> str:
    return check_choice("name", name, names())


def info(name: str) -> PretrainedInfo:
    """What a shipped model does, the input it expects, and how it was trained.

    Args:
        name: one of `names()`.

    Returns:
        A `PretrainedInfo`; it shows itself as a table in a notebook.

    Raises:
        ValueError: ``name`` is not a shipped model.
    """
    name = _check_name(name)
    raw = json.loads((_folder() / f"{name}.json").read_text(encoding="utf-8"))
    raw["input_shape"] = tuple(raw["input_shape"])
    raw["class_names"] = tuple(raw["class_names"])
    return PretrainedInfo(**raw)


def load(name: str, *, include_top: bool = True) -> keras.Model:
    """Load a shipped pretrained model, like ``keras.applications`` but offline.

    Every call returns a new, independent model (freezing one does not freeze
    another). The model is not compiled: compile it for your task.

    Args:
        name: one of `names()`.
        include_top: True for the whole classifier; False for its
            convolutional base only (the input up to ``info(name).base_output``),
            to put your own classification top on it.

    Returns:
        A `keras.Model`.

    Raises:
        ValueError: ``name`` is not a shipped model, or ``include_top`` is not a bool.
        FileNotFoundError: the model file is missing (rebuild it with the
            script named in ``info(name).script``).

    Example:
        >>> base = knb.pretrained.load("mnist_0to4", include_top=False)  # doctest: +SKIP
        >>> base.trainable = False                                       # doctest: +SKIP
        >>> model = keras.Sequential([base, keras.layers.Flatten(),       # doctest: +SKIP
        ...                           keras.layers.Dense(5, activation="softmax")])
    """
    meta = info(name)
    if not isinstance(include_top, bool):
        raise bad_value("include_top", "True or False", include_top)
    path = _folder() / f"{meta.name}.keras"
    if not path.exists():
        raise FileNotFoundError(f"The model file {path} is missing. Run `python {meta.script}` "
                                "in a kerasnb checkout to rebuild it.")
    import keras

    model = keras.saving.load_model(path, compile=False)
    if include_top:
        return model
    return keras.Model(inputs=model.inputs, outputs=model.get_layer(meta.base_output).output,
                       name=f"{meta.name}_base")
