"""What to draw, worked out once for every backend.

`build_scene` turns one or more `Recording`s into panels of series: each metric
with its ``val_`` twin, the learning rate on its own panel, the best epoch, the
marks and the non-finite values flagged. Backends only turn a `Scene` into
pixels, so they all show the same thing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from .record import Mark, Recording, base_name, is_finite, is_lr

LR_PANEL = "learning_rate"


@dataclass(frozen=True)
class Series:
    """One line: ``role`` is "train", "val", "batch" or "lr"; ``run`` indexes the runs."""

    key: str
    label: str
    role: str
    run: int
    x: list[float]
    y: list[float]  # NaN marks a gap (a non-finite value)


@dataclass
class Panel:
    name: str
    series: list[Series]
    log_y: bool = False
    best: list[tuple[float, float, int]] = field(default_factory=list)  # (x, y, run)


@dataclass
class Scene:
    panels: list[Panel]
    marks: list[Mark]
    status: str = ""
    title: str | None = None
    multi_run: bool = False
    runs: list[tuple[str, Recording]] = field(default_factory=list)
    x_end: float | None = None  # where the running fit's last epoch will be, if known

    @property
    def layout_key(self) -> tuple:
        """Changes when panels or lines come or go (backends rebuild then)."""
        return tuple((p.name, p.log_y, tuple((s.key, s.role, s.run) for s in p.series))
                     for p in self.panels)

    @property
    def heading(self) -> str:
        return " · ".join(part for part in (self.title, self.status) if part)


def panel_names(recordings: Sequence[Recording], metrics: Sequence[str] | None,
                show_lr: bool) -> list[str]:
    """Panel order: loss first, then metrics as first logged, learning rate last."""
    seen: dict[str, None] = {}
    for recording in recordings:
        for key in (*recording.columns, *recording.batch_columns):
            seen.setdefault(LR_PANEL if is_lr(key) else base_name(key))
    if metrics is not None:
        wanted = [LR_PANEL if is_lr(base_name(m)) else base_name(m) for m in metrics]
        names = [m for m in dict.fromkeys(wanted) if m in seen]
        if show_lr and LR_PANEL in seen and LR_PANEL not in names:
            names.append(LR_PANEL)
        return names
    names = sorted((k for k in seen if k != LR_PANEL), key=lambda k: k != "loss")
    if show_lr and LR_PANEL in seen:
        names.append(LR_PANEL)
    return names


def unlogged(metrics: Sequence[str], recordings: Sequence[Recording]) -> tuple[list[str],
                                                                              set[str]]:
    """``(missing, seen)``: the ``metrics`` no recording logged, and the panels they did."""
    seen = {LR_PANEL if is_lr(k) else base_name(k) for rec in recordings for k in rec.columns}
    missing = [m for m in metrics if (LR_PANEL if is_lr(base_name(m)) else base_name(m)) not in seen]
    return missing, seen


def build_scene(runs: Sequence[tuple[str, Recording]], *, metrics: Sequence[str] | None = None,
                show_lr: bool = True, log_y: bool = False, title: str | None = None,
                status: str = "", x_end: float | None = None) -> Scene:
    """Panels, lines, best points and marks for ``runs`` (``[(label, recording), ...]``)."""
    multi = len(runs) > 1
    recordings = [rec for _, rec in runs]
    panels = []
    for name in panel_names(recordings, metrics, show_lr):
        series: list[Series] = []
        for run, (label, rec) in enumerate(runs):
            prefix = f"{label} " if multi else ""
            if name == LR_PANEL:
                for key in rec.columns:
                    if is_lr(key):
                        series.append(_series(rec.x, rec.columns[key], key, prefix + key,
                                              "lr", run))
                continue
            if name in rec.batch_columns:
                series.append(_series(rec.batch_x, rec.batch_columns[name], f"batch {name}",
                                      f"{prefix}{name} (batches)", "batch", run))
            for key, role in ((name, "train"), (f"val_{name}", "val")):
                if key in rec.columns:
                    series.append(_series(rec.x, rec.columns[key], key, prefix + key, role, run))
        if not series:
            continue
        panel = Panel(name, series, log_y=_wants_log(name, series, log_y))
        panels.append(panel)
    for run, (_, rec) in enumerate(runs):
        best = rec.best()
        if best is None:
            continue
        key, x, value = best
        for panel in panels:
            if panel.name == base_name(key):
                panel.best.append((x, value, run))
    marks = [] if multi else [*recordings[0].marks, *non_finite_marks(recordings[0])]
    return Scene(panels, marks, status=status, title=title, multi_run=multi, runs=list(runs),
                 x_end=x_end)


def non_finite_marks(rec: Recording) -> list[Mark]:
    """One "nan" mark where any logged value first turns NaN or infinite."""
    first: dict[float, list[str]] = {}
    for key, column in rec.columns.items():
        for x, value in zip(rec.x, column, strict=True):
            if value is not None and not math.isfinite(value):
                first.setdefault(x, []).append(f"{key}={value}")
                break
    taken = {m.x for m in rec.marks if m.kind == "nan"}
    return [Mark(x, "nan", "not finite: " + ", ".join(names))
            for x, names in sorted(first.items()) if x not in taken]


def _series(xs: list[float], column: list[float | None], key: str, label: str, role: str,
            run: int) -> Series:
    # A value that was not logged is left out (no invented point); a logged
    # NaN or inf stays in as NaN, which every backend draws as a gap.
    px, py = [], []
    for x, value in zip(xs, column, strict=True):
        if value is None:
            continue
        px.append(x)
        py.append(value if math.isfinite(value) else math.nan)
    return Series(key, label, role, run, px, py)


def _wants_log(name: str, series: list[Series], log_y: bool) -> bool:
    values = [v for s in series for v in s.y if is_finite(v)]
    if not values or min(values) <= 0:
        return False
    # Rates are read in decades (1e-3, 1e-4): schedules and plateaus show as steps.
    return log_y or name == LR_PANEL
