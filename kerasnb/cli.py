"""The ``kerasnb`` command: open the course in JupyterLab, copy the tutorials, report the setup."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

START = "00-start-here.ipynb"
DEFAULT_COPY = Path.home() / "kerasnb-notebooks"


def checkout_notebooks() -> Path | None:
    """The repository's notebooks/ when kerasnb runs from a checkout (or editable install)."""
    here = Path(__file__).resolve().parent.parent / "notebooks"
    return here if (here / START).is_file() else None


def packaged_notebooks() -> Path:
    """The tutorials shipped inside the installed package (a wheel or sdist install)."""
    shipped = Path(__file__).resolve().parent / "_notebooks"
    if (shipped / START).is_file():
        return shipped
    found = checkout_notebooks()
    if found is None:
        raise FileNotFoundError("kerasnb's tutorials are missing from this installation; "
                                "reinstall with `pip install --force-reinstall kerasnb`.")
    return found


def copy_notebooks(dest: Path, *, force: bool = False) -> list[Path]:
    """Copy every tutorial into ``dest``; existing files are kept unless ``force``."""
    src = packaged_notebooks()
    dest.mkdir(parents=True, exist_ok=True)
    copied = []
    for nb in sorted(src.glob("*.ipynb")):
        target = dest / nb.name
        if target.exists() and not force:
            continue
        shutil.copy2(nb, target)
        copied.append(target)
    return copied


def _cmd_notebooks(args) -> int:
    dest = Path(args.dir).expanduser().resolve()
    if dest.exists() and not dest.is_dir():
        print(f"kerasnb: `DIR` must be a folder. Received: DIR={args.dir!r} (a file)",
              file=sys.stderr)
        return 2
    copied = copy_notebooks(dest, force=args.force)
    kept = len(list(packaged_notebooks().glob("*.ipynb"))) - len(copied)
    print(f"Copied {len(copied)} notebooks to {dest}" + (
        f" ({kept} already there were kept; --force overwrites)" if kept else ""))
    print(f"Open them with: kerasnb lab --dir {dest}")
    return 0


def lab_command(folder: Path, *, port: int | None, no_browser: bool) -> list[str]:
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={folder}",
           # The course is offline-first: no "get Jupyter news?" prompt over the first lesson.
           "--LabApp.news_url=None", str(folder / START)]
    if port is not None:
        cmd.append(f"--port={port}")
    if no_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and CI machines often run as root
    return cmd


def _cmd_lab(args) -> int:
    if args.dir:
        folder = Path(args.dir).expanduser().resolve()
        if not (folder / START).is_file():
            copy_notebooks(folder)
    else:
        folder = checkout_notebooks()
        if folder is None:
            folder = DEFAULT_COPY
            if not (folder / START).is_file():
                copy_notebooks(folder)
                print(f"kerasnb: copied the tutorials to {folder}")
    cmd = lab_command(folder, port=args.port, no_browser=args.no_browser)
    print(f"kerasnb: starting JupyterLab on {folder / START}", flush=True)
    if os.name == "posix":
        # Become JupyterLab rather than wait for it: whoever stops `kerasnb lab` (Ctrl-C, a
        # terminal closing, `kill`, a process manager) stops the server, and no orphaned Lab
        # keeps the port.
        os.execv(cmd[0], cmd)
    try:
        return subprocess.call(cmd)
    except KeyboardInterrupt:
        return 0


def _cmd_about(args) -> int:
    from .about import about

    print(about())
    return 0


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"`--port` must be an integer from 1 to 65535. "
                                         f"Received: --port={text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    from ._version import __version__

    parser = argparse.ArgumentParser(
        prog="kerasnb", description="Learn and try deep learning with tf.keras in Jupyter.")
    parser.add_argument("--version", action="version", version=f"kerasnb {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    lab = sub.add_parser("lab", help="open JupyterLab on the start notebook",
                         description="Start JupyterLab with 00-start-here.ipynb open: the "
                         "checkout's notebooks/ when run from the repository, otherwise the "
                         f"copy in --dir (default {DEFAULT_COPY}, made on first use).")
    lab.add_argument("--port", type=_port, default=None, help="port to serve on")
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser")
    lab.add_argument("--dir", default=None, help="folder of tutorials to serve")
    lab.set_defaults(func=_cmd_lab)

    nbs = sub.add_parser("notebooks", help="copy the tutorial notebooks into DIR",
                         description="Copy the tutorial notebooks shipped with kerasnb into DIR.")
    nbs.add_argument("dir", metavar="DIR", help="destination folder (created if missing)")
    nbs.add_argument("--force", action="store_true", help="overwrite notebooks already there")
    nbs.set_defaults(func=_cmd_notebooks)

    ab = sub.add_parser("about", help="print versions, backend, devices and front end",
                        description="Print what knb.about() reports.")
    ab.set_defaults(func=_cmd_about)

    from .exercises._cli import add_assignments_parser

    add_assignments_parser(sub)  # kerasnb assignments export DIR
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
