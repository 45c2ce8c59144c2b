"""``kerasnb assignments export DIR``: the exercises as nbgrader assignments."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _lesson_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 15:
        raise argparse.ArgumentTypeError(f"`--lessons` must be lesson numbers from 1 to 15. "
                                         f"Received: --lessons {text!r}")
    return value


def _cmd_export(args) -> int:
    from ._nbgrader import export

    dest = Path(args.dir).expanduser()
    if dest.exists() and not dest.is_dir():
        print(f"kerasnb: `DIR` must be a folder. Received: DIR={args.dir!r} (a file)",
              file=sys.stderr)
        return 2
    written = export(dest, args.lessons, force=args.force)
    print(f"Wrote {len(written)} nbgrader source notebooks to {dest.resolve() / 'source'}"
          + ("" if written or args.force else " (existing ones were kept; --force overwrites)"))
    print("Release one with: nbgrader generate_assignment lesson01 "
          f"--CourseDirectory.root={dest.resolve()}")
    return 0


def add_assignments_parser(sub) -> None:
    """Register ``assignments export`` on the ``kerasnb`` command's subparsers."""
    assignments = sub.add_parser("assignments", help="the exercises as nbgrader assignments",
                                 description="Teachers: write the exercises of every lesson "
                                 "as nbgrader source notebooks.")
    verbs = assignments.add_subparsers(dest="verb", metavar="VERB", required=True)
    export = verbs.add_parser("export", help="write nbgrader source notebooks into DIR",
                              description="Write source/lessonNN/lessonNN.ipynb into the "
                              "nbgrader course directory DIR: solution regions and autograded "
                              "test cells built from the exercises' checks.")
    export.add_argument("dir", metavar="DIR", help="nbgrader course directory (created if "
                        "missing)")
    export.add_argument("--lessons", nargs="+", type=_lesson_number, default=None,
                        help="lesson numbers to export (default: all)")
    export.add_argument("--force", action="store_true", help="overwrite existing notebooks")
    export.set_defaults(func=_cmd_export)
