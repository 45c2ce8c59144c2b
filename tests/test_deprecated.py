"""Old spellings keep working for one release: the warning names old and new, at the user's line."""

from __future__ import annotations

import inspect
import sys
import types
import warnings
from pathlib import Path

import pytest

import kerasnb
from kerasnb._deprecated import (
    REMOVED_IN,
    deprecated_alias,
    moved_names,
    renamed_args,
    warn_renamed,
)

PACKAGE_DIR = Path(kerasnb.__file__).resolve().parent


def caught(call):
    """``call()``'s result and the warnings it raised (every one recorded)."""
    with warnings.catch_warnings(record=True) as found:
        warnings.simplefilter("always")
        result = call()
    return result, found


def one_deprecation(call):
    result, found = caught(call)
    assert len(found) == 1, [str(w.message) for w in found]
    (warning,) = found
    assert warning.category is DeprecationWarning
    assert warning.filename == __file__, warning.filename  # the caller's line, not ours
    return result, str(warning.message)


@renamed_args(max_maps="n", layer="layers")
def show(model, *, n: int = 3, layers=None) -> tuple:
    """Show things."""
    return model, n, layers


class Lab:
    @renamed_args(frontend="interactive")
    def __init__(self, *, interactive: bool | None = None) -> None:
        self.interactive = interactive

    @renamed_args(top_k="n")
    def top(self, *, n: int = 1) -> int:
        return n


def test_old_keyword_warns_and_still_works():
    result, message = one_deprecation(lambda: show("m", max_maps=5))
    assert result == ("m", 5, None)
    assert message == (f"`max_maps=` of show() is deprecated and will be removed in kerasnb "
                       f"{REMOVED_IN}; use `n=`.")


def test_new_keyword_does_not_warn():
    result, found = caught(lambda: show("m", n=2, layers="conv"))
    assert result == ("m", 2, "conv") and found == []


def test_both_names_is_an_error_naming_both():
    with pytest.raises(TypeError, match=r"show\(\) got both `max_maps` \(deprecated\) and `n`; "
                                        r"pass only `n`"):
        show("m", max_maps=5, n=2)


def test_every_old_name_of_one_call_warns():
    (result, found) = caught(lambda: show("m", max_maps=1, layer="d"))
    assert result == ("m", 1, "d")
    assert sorted(str(w.message).split()[0] for w in found) == ["`layer=`", "`max_maps=`"]
    assert {w.filename for w in found} == {__file__}


def test_signature_shows_only_the_new_names():
    params = inspect.signature(show).parameters
    assert list(params) == ["model", "n", "layers"]
    assert show.__doc__ == "Show things." and show.__name__ == "show"
    assert show.__kerasnb_renamed__ == {"max_maps": "n", "layer": "layers"}


def test_methods_and_constructors_are_named_as_the_user_calls_them():
    lab, message = one_deprecation(lambda: Lab(frontend=True))
    assert lab.interactive is True and message.startswith("`frontend=` of Lab() is deprecated")
    n, message = one_deprecation(lambda: lab.top(top_k=4))
    assert n == 4 and message.startswith("`top_k=` of Lab.top() is deprecated")
    with pytest.raises(TypeError, match=r"Lab\(\) got both `frontend`"):
        Lab(frontend=True, interactive=False)


def test_renaming_to_an_argument_that_does_not_exist_fails_at_definition():
    with pytest.raises(TypeError, match="has no argument 'n' to rename to"):
        @renamed_args(max_maps="n")
        def f(*, count: int = 1) -> int:
            return count


def test_stacked_renames_list_every_old_name():
    @renamed_args(top_k="n")
    @renamed_args(frontend="interactive")
    def view(*, n: int = 1, interactive: bool | None = None) -> tuple:
        return n, interactive

    assert view.__kerasnb_renamed__ == {"frontend": "interactive", "top_k": "n"}
    (result, found) = caught(lambda: view(top_k=2, frontend=False))
    assert result == (2, False) and len(found) == 2
    assert {w.filename for w in found} == {__file__}


def test_an_alias_of_a_renamed_function_points_both_warnings_at_the_caller():
    old_show = deprecated_alias(show, "old_show")
    (result, found) = caught(lambda: old_show("m", max_maps=7))
    assert result == ("m", 7, None)
    assert [str(w.message).split()[0] for w in found] == ["`old_show`", "`max_maps=`"]
    assert {w.filename for w in found} == {__file__}  # two kerasnb frames deep, still ours


def test_warn_renamed_from_inside_a_kerasnb_function_points_at_its_caller():
    """A ``**kwargs`` shim in a kerasnb function body calls warn_renamed directly."""
    source = (
        "from kerasnb._deprecated import warn_renamed\n"
        "def _helper(kwargs):\n"
        "    if 'top_k' in kwargs:\n"
        "        warn_renamed('`top_k=` of gallery()', '`n=`')\n"
        "        kwargs['n'] = kwargs.pop('top_k')\n"
        "    return kwargs\n"
        "def gallery(**kwargs):\n"
        "    return _helper(kwargs)['n']\n"
    )
    namespace: dict = {}
    # Compiled as if it were a module of the package: its frames count as kerasnb's.
    exec(compile(source, str(PACKAGE_DIR / "_shim_example.py"), "exec"), namespace)
    result, message = one_deprecation(lambda: namespace["gallery"](top_k=3))
    assert result == 3 and message.startswith("`top_k=` of gallery() is deprecated")


def test_warn_renamed_with_an_explicit_stacklevel():
    def library_call():
        warn_renamed("`a`", "`b`", stacklevel=2)

    (_, found) = caught(library_call)
    assert found[0].filename == __file__ and "use `b`." in str(found[0].message)


def test_deprecated_alias_of_a_function():
    def predictions(x, *, n: int = 2) -> list:
        return [x] * n

    old = deprecated_alias(predictions, "gallery")
    assert old.__name__ == "gallery" and old.__kerasnb_deprecated__ == "predictions"
    assert inspect.signature(old) == inspect.signature(predictions)
    result, message = one_deprecation(lambda: old(1, n=3))
    assert result == [1, 1, 1]
    assert message == (f"`gallery` is deprecated and will be removed in kerasnb {REMOVED_IN}; "
                       "use `predictions`.")


def test_deprecated_alias_of_a_class_builds_the_class():
    class Report:
        def __init__(self, value: int) -> None:
            self.value = value

    Old = deprecated_alias(Report, "OldReport", new="knb.Report")
    report, message = one_deprecation(lambda: Old(3))
    assert isinstance(report, Report) and report.value == 3
    assert message.startswith("`OldReport` is deprecated") and message.endswith("use `knb.Report`.")


def test_deprecated_alias_of_methods_classmethods_and_staticmethods():
    class Builder:
        def __init__(self, text: str = "") -> None:
            self.text = text

        def to_json(self) -> str:
            return f"json:{self.text}"

        @classmethod
        def from_json(cls, text: str) -> Builder:
            return cls(text)

        @staticmethod
        def version() -> int:
            return 2

        state = deprecated_alias(to_json, "state")
        load = deprecated_alias(from_json, "load")
        old_version = deprecated_alias(version, "old_version")

    assert Builder.state.__qualname__.endswith("Builder.state")
    text, message = one_deprecation(lambda: Builder("a").state())
    assert text == "json:a" and message.startswith("`state` is deprecated") and "`to_json`" in message
    built, message = one_deprecation(lambda: Builder.load("b"))
    assert isinstance(built, Builder) and built.text == "b" and "use `from_json`." in message
    built, _ = one_deprecation(lambda: Builder("x").load("c"))  # through an instance too
    assert built.text == "c"
    number, message = one_deprecation(lambda: Builder.old_version())
    assert number == 2 and "use `version`." in message


@pytest.fixture
def old_module(monkeypatch):
    module = types.ModuleType("kerasnb_old_home")
    module.__getattr__ = moved_names({"Recording": "kerasnb._history:History",
                                      "display": "kerasnb._repr"}, "kerasnb_old_home")
    monkeypatch.setitem(sys.modules, "kerasnb_old_home", module)
    return module


def test_moved_names_serve_the_new_object_with_a_warning(old_module):
    from kerasnb import _repr
    from kerasnb._history import History

    value, message = one_deprecation(lambda: old_module.Recording)
    assert value is History
    assert message == ("`kerasnb_old_home.Recording` is deprecated and will be removed in "
                       f"kerasnb {REMOVED_IN}; use `kerasnb._history.History`.")
    value, message = one_deprecation(lambda: old_module.display)
    assert value is _repr and message.endswith("use `kerasnb._repr`.")


def test_moved_names_through_a_from_import(old_module):
    def do_import():
        from kerasnb_old_home import Recording
        return Recording

    with warnings.catch_warnings(record=True) as found:
        warnings.simplefilter("always")
        value = do_import()
    assert value.__name__ == "History"
    assert found and {w.filename for w in found} == {__file__}


def test_moved_names_refuse_unknown_names(old_module):
    with pytest.raises(AttributeError, match="module 'kerasnb_old_home' has no attribute 'nope'"):
        old_module.nope  # noqa: B018
    assert not hasattr(old_module, "nope")

