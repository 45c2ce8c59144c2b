"""The API conventions (README "API conventions"), read from every public signature.

Walks the public names of kerasnb and its subpackages, the public methods and
properties of their classes, and the classes their functions return, and fails
on a broken convention, naming the function, the parameter and the rule. A new
function follows the conventions or is listed in `ALLOWED` with its reason.
"""

from __future__ import annotations

import inspect
import pathlib

import api_rules  # tests/ is on sys.path (pytest rootdir-relative import)
import pytest
from api_rules import (
    Violation,
    check_all,
    check_history_attribute,
    check_parameters,
    check_returns,
    check_showing,
    errors_is_list_of_str,
    is_history,
    keys_of,
)

MIN_CHECKED = 150  # callables checked: the walk cannot pass on an empty API

# (where, parameter or "*", rule or "*") -> why this one is fine. Keep it short.
ALLOWED: dict[tuple[str, str, str], str] = {
    ("knb.compare", "*histories", "positional-after-data"):
        "several runs are the subject: knb.compare(run_a, run_b, run_c)",
    ("kerasnb.exercises.____", "*args", "positional-after-data"):
        "the blank of a starter cell stands for any call and raises BlankError",
    ("knb.LivePlot", "max_fps", "one-name-per-concept"):
        "a rate (redraws per second), not how many of something",
    ("knb.ModelBuilder", "num_classes", "one-name-per-concept"):
        "Keras' own name for the task's number of classes (to_categorical), not how many to show",
    ("knb.LivePlot.mark", "kind", "positional-after-data"):
        "a mark is its epoch, its kind and its text: plot.mark(12, 'info', 'lr drop')",
    ("knb.LivePlot.mark", "text", "positional-after-data"):
        "a mark is its epoch, its kind and its text: plot.mark(12, 'info', 'lr drop')",
    ("kerasnb.viz.confusion.ConfusionMatrix.select", "pred_class", "positional-after-data"):
        "a cell of the matrix is its pair (true class, predicted class)",
    ("kerasnb.exercises.Exercise", "prompt", "positional-after-data"):
        "an exercise is its title and its prompt, as every lesson module writes it",
    ("knb.ModelBuilder.move", "j", "positional-after-data"):
        "from and to are both the subject, like list.insert(i, x)",
    ("knb.ModelBuilder.connect", "target", "positional-after-data"):
        "an edge: both ends are the subject",
    ("knb.ModelBuilder.disconnect", "target", "positional-after-data"):
        "an edge: both ends are the subject",
    ("kerasnb.doctor.Finding", "*", "*"):
        "a record (dataclass): its fields are its data",
    ("kerasnb.datasets.DatasetInfo", "*", "*"):
        "a record (dataclass): its fields are its data",
    ("kerasnb.exercises.Feedback", "*", "*"):
        "a record (dataclass): its fields are its data",
    ("kerasnb.pretrained.PretrainedInfo", "*", "*"):
        "a record (dataclass): its fields are its data",
}


@pytest.fixture(scope="module")
def walk() -> tuple[list[Violation], list[str]]:
    return check_all()


# --- the tests ---------------------------------------------------------------------------

def test_walk_visits_the_whole_public_api(walk):
    _, checked = walk
    assert len(checked) >= MIN_CHECKED, f"only {len(checked)} callables checked"
    for name in ("knb.show_activations", "knb.LivePlot", "knb.LivePlot.save", "knb.check",
                 "knb.ModelBuilder.add", "knb.Playground", "knb.History.from_any",
                 "kerasnb.datasets.load", "kerasnb.exercises.Exercise.check",
                 "kerasnb.widgets.activation_explorer"):
        assert name in checked, name
    assert any(".save" in c and not c.startswith("knb.") for c in checked), \
        "the classes viz functions return (their .save) are walked too"


def test_public_api_follows_the_conventions(walk):
    violations, _ = walk
    broken = sorted({str(v) for v in violations if not api_rules.allowed(v, ALLOWED)})
    if broken:
        pytest.fail(f"{len(broken)} convention(s) broken:\n" + "\n".join(broken), pytrace=False)


def test_every_allowed_exception_is_still_needed(walk):
    violations, _ = walk
    hits = set().union(*(keys_of(v) for v in violations))
    stale = [key for key in ALLOWED if key not in hits]
    assert not stale, f"allowed exceptions that match nothing any more: {stale}"
    assert all(len(reason) > 20 for reason in ALLOWED.values())


def test_state_and_errors_api_of_the_widgets():
    """ModelBuilder and Playground: to_json/from_json, errors as a list of strings."""
    import kerasnb as knb

    broken = []
    for cls in (knb.ModelBuilder, knb.Playground):
        name = f"knb.{cls.__name__}"
        if not isinstance(inspect.getattr_static(cls, "from_json", None), classmethod):
            broken.append(f"{name}.from_json: [state] must be a classmethod from_json(text)")
        to_json = inspect.getattr_static(cls, "to_json", None)
        if to_json is None or api_rules.text_of(inspect.signature(to_json).return_annotation) != "str":
            broken.append(f"{name}.to_json: [state] must exist, annotated -> str")
        if not errors_is_list_of_str(cls):
            broken.append(f"{name}.errors: [errors] must be a list[str] (a property so "
                          "annotated, self.errors: list[str], or a List trait of Unicode)")
    if not isinstance(inspect.getattr_static(knb.Playground, "from_share", None), classmethod):
        broken.append("knb.Playground.from_share: [state] must be a classmethod from_share(s)")
    if broken:
        pytest.fail("\n".join(broken), pytrace=False)


# --- the checker checks itself on deliberately bad code ----------------------------------

def _bad_view(model, x, class_names=None, method="a", *extra, max_maps: int = 3,
              frontend=None, interactive=True, backend="x"):
    return None


class _BadSaver:
    history: dict = {}

    def save(self, path) -> str:
        return str(path)

    def _repr_html_(self) -> str:
        return "<b>bad</b>"


def test_the_checker_catches_each_broken_rule():
    found = check_parameters("bad_view", _bad_view, bound=False, hook=False)
    found += check_returns("bad_view", _bad_view, name="bad_view")
    rules = {(v.param, v.rule) for v in found}
    assert rules >= {
        ("class_names", "keyword-only-name"), ("method", "positional-after-data"),
        ("*extra", "positional-after-data"), ("max_maps", "one-name-per-concept"),
        ("frontend", "one-name-per-concept"), ("interactive", "interactive-bool-or-None"),
        ("backend", "backend-only-on-LivePlot"), ("*", "return-annotation")}, rules
    assert ("x", "positional-after-data") not in rules  # model, x are data arguments
    message = next(str(v) for v in found if v.param == "class_names")
    assert message.startswith("`class_names` of bad_view: [keyword-only-name]")
    saver = check_returns("Saver.save", _BadSaver.save, name="save")
    assert [v.rule for v in saver] == ["save-returns-Path"] and "-> str" in saver[0].detail
    assert [v.rule for v in check_history_attribute("Saver", _BadSaver)] == ["history-is-History"]
    assert [v.rule for v in check_showing("Saver", _BadSaver)] == ["shows-itself"]


def test_the_checker_accepts_what_follows_the_conventions():
    from kerasnb._history import History
    from kerasnb._repr import ShowsItself

    def good(model, x, y=None, *, n: int = 3, layers=None, class_names=None,
             interactive: bool | None = None) -> pathlib.Path:
        return pathlib.Path()

    class Good(ShowsItself):
        def __init__(self) -> None:
            self.history: History = History()

        def step(self, n: int = 1) -> None:  # n as the subject may be positional
            return None

        def _repr_text(self) -> str:
            return "good"

    assert check_parameters("good", good, bound=False, hook=False) == []
    assert check_returns("save", good, name="save") == []
    assert check_parameters("Good.step", Good.step, bound=True, hook=False) == []
    assert check_history_attribute("Good", Good) == []
    assert check_showing("Good", Good) == []


def test_history_annotations_are_told_apart_from_keras_history():
    import keras

    from kerasnb._history import History

    class RunHistory(History):
        __slots__ = ()

    assert is_history("History", {"History": History})
    assert is_history("RunHistory", {"RunHistory": RunHistory})  # a subclass is a History
    assert is_history("History", {})  # imported for type checkers only
    assert not is_history("keras.callbacks.History", {"keras": keras})
    assert not is_history("History", {"History": keras.callbacks.History})
    assert not is_history("dict[str, list[float]]", {})
    assert check_history_attribute("RunHistory", RunHistory) == []  # its .history is the dict
