"""The rules of the API conventions (README "API conventions"), as code that reads signatures.

`check_all()` walks the public names of kerasnb and its subpackages, the public
methods and properties of their classes, and the classes their functions
return; each ``check_*`` function returns the `Violation`s of one rule family.
Used by ``test_api_conventions.py``, which also runs them on deliberately bad code.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import pathlib
import re
import sys
import textwrap
from collections.abc import Callable, Iterator, Mapping
from typing import Any

MODULES = ["kerasnb", "kerasnb.viz", "kerasnb.widgets", "kerasnb.doctor", "kerasnb.datasets",
           "kerasnb.callbacks", "kerasnb.exercises", "kerasnb.pretrained", "kerasnb.cli"]
DATA_ARGS = ("model", "x", "y")              # positional, after the subject
KEYWORD_ONLY = ("n", "layers", "class_names", "interactive")
OLD_SPELLING = re.compile(r"max_\w+|num_\w+|top_k|frontend|layer")

@dataclasses.dataclass(frozen=True)
class Violation:
    where: str
    param: str
    rule: str
    detail: str

    def __str__(self) -> str:
        name = f"`{self.param}` of " if self.param != "*" else ""
        return f"{name}{self.where}: [{self.rule}] {self.detail}"


# --- reading annotations ---------------------------------------------------------------

def text_of(annotation: Any) -> str:
    if annotation is inspect.Parameter.empty:
        return ""
    if isinstance(annotation, str):
        return annotation
    return getattr(annotation, "__qualname__", None) or repr(annotation)


def _names_in(annotation: Any) -> list[str]:
    return re.findall(r"[A-Za-z_][\w.]*", text_of(annotation))


def _is(annotation: Any, target: type, spellings: tuple[str, ...]) -> bool:
    if annotation is target:
        return True
    text = text_of(annotation).replace(" ", "")
    return text in spellings


def is_history(annotation: Any, globals_: Mapping[str, Any]) -> bool:
    """The annotation names kerasnb's History or a subclass (not Keras' History)."""
    from kerasnb._history import History

    if inspect.isclass(annotation):
        return issubclass(annotation, History)
    text = text_of(annotation).replace(" ", "")
    cls = resolve_class(text, globals_)
    if cls is not None:
        return issubclass(cls, History)
    return text in ("History", "knb.History", "kerasnb.History", "kerasnb._history.History")


def is_path(annotation: Any) -> bool:
    return _is(annotation, pathlib.Path, ("Path", "pathlib.Path"))


def resolve_class(name: str, globals_: Mapping[str, Any]) -> type | None:
    """The class a dotted annotation name means in a module, or a kerasnb class of that name."""
    parts = name.split(".")
    obj: Any = globals_.get(parts[0])
    for part in parts[1:]:
        obj = getattr(obj, part, None)
    if inspect.isclass(obj):
        return obj
    if len(parts) == 1:  # imported only for type checkers: look in the loaded kerasnb modules
        for module_name, module in list(sys.modules.items()):
            found = getattr(module, name, None) if module_name.startswith("kerasnb") else None
            if inspect.isclass(found) and found.__module__.startswith("kerasnb"):
                return found
    return None


def kerasnb_class(name: str, globals_: Mapping[str, Any]) -> type | None:
    """The kerasnb class an annotation names, if it names one."""
    cls = resolve_class(name, globals_)
    return cls if cls is not None and cls.__module__.startswith("kerasnb") else None


# --- the rules ---------------------------------------------------------------------------

def new_spelling(name: str) -> str:
    if name == "layer":
        return "which layers is `layers=`"
    if name == "frontend":
        return "live vs static is `interactive=`"
    return "how many is `n=` (a second count: `n_<what>=`)"


def check_parameters(where: str, func: Callable, *, bound: bool, hook: bool) -> list[Violation]:
    """Rules on one signature. ``bound``: drop self/cls; ``hook``: keeps a base class's signature."""
    out: list[Violation] = []
    params = list(inspect.signature(func).parameters.values())
    if bound and params:
        params = params[1:]
    in_data = True  # still among the data arguments: the subject, then model / x / y
    for i, p in enumerate(params):
        name = p.name
        shown = {p.VAR_POSITIONAL: f"*{name}", p.VAR_KEYWORD: f"**{name}"}.get(p.kind, name)
        if OLD_SPELLING.fullmatch(name) and not (name == "layer" and i == 0):
            out.append(Violation(where, shown, "one-name-per-concept",
                                 f"`{name}` is an old spelling: {new_spelling(name)} (the old "
                                 "name is accepted through renamed_args, not in the signature)"))
        if name == "backend" and where != "knb.LivePlot":
            out.append(Violation(where, shown, "backend-only-on-LivePlot",
                                 "`backend=` is LivePlot's drawing library; live vs static is "
                                 "`interactive=`"))
        if name == "interactive" and (p.default is not None or not
                                      {"bool", "None"} <= set(_names_in(p.annotation))):
            out.append(Violation(where, shown, "interactive-bool-or-None",
                                 "must be `interactive: bool | None = None`"))
        if hook:
            continue
        positional = p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        if positional and (i == 0 or (in_data and name in DATA_ARGS)):
            continue  # the first argument (the subject) and model, x, y after it
        if positional:
            in_data = False
            if name in KEYWORD_ONLY:
                out.append(Violation(where, shown, "keyword-only-name",
                                     f"`{name}` must be keyword-only (after `*`)"))
            else:
                out.append(Violation(where, shown, "positional-after-data",
                                     "everything after the data arguments (model, x, y or "
                                     "the subject) must be keyword-only"))
        elif p.kind == p.VAR_POSITIONAL:
            out.append(Violation(where, shown, "positional-after-data",
                                 "`*args` hides the arguments; name them, keyword-only"))
    return out


def check_returns(where: str, func: Callable, *, name: str) -> list[Violation]:
    out = []
    annotation = inspect.signature(func).return_annotation
    if annotation is inspect.Signature.empty:
        out.append(Violation(where, "*", "return-annotation",
                             "every public function and method says what it returns (`-> ...`)"))
    elif name == "save" and not is_path(annotation):
        out.append(Violation(where, "*", "save-returns-Path",
                             f"`save` must be annotated `-> Path` (the file written), not "
                             f"`-> {text_of(annotation)}`"))
    return out


def self_attribute(cls: type, attr: str) -> tuple[bool, Any]:
    """(assigned, annotation) of ``self.<attr>`` in the source of the class and its kerasnb bases."""
    found = [_self_attribute_in(k, attr) for k in cls.__mro__ if k.__module__.startswith("kerasnb")
             or k is cls]
    assigned = any(a for a, _ in found)
    annotation = next((ann for _, ann in found if ann is not None), None)
    return assigned, annotation


def _self_attribute_in(cls: type, attr: str) -> tuple[bool, Any]:
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):
        return False, None
    assigned, annotation = False, None
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AnnAssign) else [])
        for t in targets:
            if (isinstance(t, ast.Attribute) and t.attr == attr
                    and isinstance(t.value, ast.Name) and t.value.id == "self"):
                assigned = True
                if isinstance(node, ast.AnnAssign):
                    annotation = ast.unparse(node.annotation)
    return assigned, annotation


def check_history_attribute(where: str, cls: type) -> list[Violation]:
    from kerasnb._history import History

    rule = "history-is-History"
    if issubclass(cls, History):
        return []  # a History's own .history is the plain dict, as Keras' History.history
    raw = next((vars(k)["history"] for k in cls.__mro__ if "history" in vars(k)), None)
    if isinstance(raw, property):
        annotation = inspect.signature(raw.fget).return_annotation if raw.fget else None
        if not is_history(annotation, getattr(raw.fget, "__globals__", {})):
            return [Violation(f"{where}.history", "*", rule, "the `history` property must "
                              f"return a kerasnb.History, annotated `-> History` (is "
                              f"`{text_of(annotation) or 'unannotated'}`)")]
        return []
    declared = next((k.__annotations__["history"] for k in cls.__mro__
                     if "history" in getattr(k, "__annotations__", {})), None)
    assigned, in_source = self_attribute(cls, "history")
    annotation = declared if declared is not None else in_source
    module = vars(sys.modules[cls.__module__]) if cls.__module__ in sys.modules else {}
    if (assigned or declared is not None or raw is not None) and not is_history(annotation,
                                                                                module):
        return [Violation(f"{where}.history", "*", rule, "the `history` attribute must be a "
                          "kerasnb.History, declared `history: History` (is "
                          f"`{'undeclared' if annotation is None else text_of(annotation)}`)")]
    return []


def check_showing(where: str, cls: type) -> list[Violation]:
    from kerasnb._repr import ShowsItself

    try:
        import ipywidgets
        if issubclass(cls, ipywidgets.Widget):
            return []  # ipywidgets' own bundle plus the snapshot picture
    except ImportError:  # pragma: no cover
        pass
    own = [k for k in cls.__mro__ if k not in (object, ShowsItself)]
    shows = any(m in vars(k) for k in own for m in ("_repr_html_", "_repr_mimebundle_",
                                                    "_repr_png_", "_repr_svg_"))
    if not shows:
        return []
    if not issubclass(cls, ShowsItself):
        return [Violation(where, "*", "shows-itself", "an object that shows itself mixes in "
                          "kerasnb._repr.ShowsItself (one bundle, always text/plain)")]
    if any("_repr_mimebundle_" in vars(k) for k in own):
        return [Violation(where, "*", "shows-itself", "ShowsItself owns _repr_mimebundle_; "
                          "write _repr_text / _repr_html_ / _repr_extra instead")]
    return []


# --- the walk ----------------------------------------------------------------------------

def _public_names(module) -> list[str]:
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n, v in vars(module).items()
                 if not n.startswith("_") and getattr(v, "__module__", None) == module.__name__]
    return list(names)


def _label(module_name: str, name: str) -> str:
    return f"knb.{name}" if module_name == "kerasnb" else f"{module_name}.{name}"


def public_objects() -> Iterator[tuple[str, Any]]:
    seen: set[int] = set()
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name in _public_names(module):
            obj = getattr(module, name)
            if inspect.ismodule(obj) or id(obj) in seen or not callable(obj):
                continue
            seen.add(id(obj))
            yield _label(module_name, name), obj


def _from_kerasnb(cls: type) -> list[type]:
    return [k for k in cls.__mro__ if k.__module__.startswith("kerasnb")]


def class_members(cls: type) -> Iterator[tuple[str, str, Any, bool]]:
    """(name, kind, object, hook) of public members written in kerasnb; hook = overrides a base."""
    done: set[str] = set()
    for klass in _from_kerasnb(cls):
        for name, raw in vars(klass).items():
            if name.startswith("_") or name in done:
                continue
            done.add(name)
            hook = any(name in vars(base) for base in cls.__mro__
                       if not base.__module__.startswith("kerasnb"))
            if isinstance(raw, property):
                yield name, "property", raw, hook
            elif isinstance(raw, (classmethod, staticmethod)):
                yield name, type(raw).__name__, raw.__func__, hook
            elif inspect.isfunction(raw):
                yield name, "method", raw, hook


def check_all() -> tuple[list[Violation], list[str]]:
    """Every violation, and the names of every callable checked."""
    violations: list[Violation] = []
    checked: list[str] = []
    queue = [(where, obj, True) for where, obj in public_objects()]
    seen_classes: set[type] = set()
    while queue:
        where, obj, named = queue.pop(0)
        if inspect.isclass(obj):
            if obj in seen_classes:
                continue
            seen_classes.add(obj)
            # A class a function returns is built by kerasnb, not by the user: its
            # methods count, its constructor does not.
            if named and _has_signature(obj):
                violations += check_parameters(where, obj, bound=False, hook=False)
                checked.append(where)
            for name, kind, member, hook in class_members(obj):
                here = f"{where}.{name}"
                func = member.fget if kind == "property" else member
                if func is None:
                    continue
                checked.append(here)
                violations += check_returns(here, func, name=name)
                if kind != "property":
                    violations += check_parameters(here, func, bound=kind != "staticmethod",
                                                   hook=hook)
                queue += _returned_classes(here, func)
            violations += check_history_attribute(where, obj)
            violations += check_showing(where, obj)
        else:
            checked.append(where)
            violations += check_returns(where, obj, name=getattr(obj, "__name__", ""))
            violations += check_parameters(where, obj, bound=False, hook=False)
            queue += _returned_classes(where, obj)
    return violations, checked


def _has_signature(cls: type) -> bool:
    try:
        inspect.signature(cls)
    except (TypeError, ValueError):  # a builtin-based class (an Exception) without one
        return False
    return True


def _returned_classes(where: str, func: Callable) -> list[tuple[str, type, bool]]:
    """kerasnb classes a function's return annotation names: public through their values."""
    annotation = inspect.signature(func).return_annotation
    found = []
    for name in _names_in(annotation):
        cls = kerasnb_class(name, getattr(func, "__globals__", {}))
        if cls is not None:
            found.append((f"{cls.__module__}.{cls.__qualname__}", cls, False))
    return found


def keys_of(v: Violation) -> set[tuple[str, str, str]]:
    """The ALLOWED keys that would excuse ``v``."""
    return {(v.where, p, r) for p in (v.param, "*") for r in (v.rule, "*")}


def allowed(v: Violation, allowlist: Mapping[tuple[str, str, str], str]) -> bool:
    return bool(keys_of(v) & allowlist.keys())


def errors_is_list_of_str(cls: type) -> bool:
    """``cls.errors`` is a list of strings: a property or ``self.errors`` so annotated, or a List
    trait of Unicode."""
    attribute = inspect.getattr_static(cls, "errors", None)
    if isinstance(attribute, property):
        return _is_list_of_str(inspect.signature(attribute.fget).return_annotation)
    if attribute is not None and type(attribute).__name__ == "List":  # a traitlets List
        import traitlets

        return isinstance(attribute, traitlets.List) and isinstance(attribute._trait,
                                                                    traitlets.Unicode)
    declared = next((k.__annotations__["errors"] for k in cls.__mro__
                     if "errors" in getattr(k, "__annotations__", {})), None)
    _, in_source = self_attribute(cls, "errors")
    return _is_list_of_str(declared if declared is not None else in_source)


def _is_list_of_str(annotation: Any) -> bool:
    return text_of(annotation).replace(" ", "") in ("list[str]", "List[str]")
