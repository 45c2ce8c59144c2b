"""The ``kerasnb`` command: open the course in JupyterLab, copy the tutorials, report the setup."""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

START = "00-start-here.ipynb"
DEFAULT_COPY = Path.home() / "kerasnb-notebooks"


class UsageError(Exception):
    """A mistake in how the command was called: printed as one line, exit status 2."""


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


def _refuse_links_and_folders(dest: Path, names: list[str], arg: str) -> None:
    """Refuse a symbolic link or a folder where a notebook is to go: never write through one."""
    for name in names:
        target = dest / name
        if target.is_symlink():
            raise UsageError(f"`{arg}` holds a symbolic link where a notebook goes: {target} -> "
                             f"{os.readlink(target)}. kerasnb never writes through links; "
                             "remove it or pick another folder.")
        if target.is_dir():
            raise UsageError(f"`{arg}` holds a folder where a notebook goes: {target}. "
                             "Move it or pick another folder.")


def _write_new(source: Path, target: Path, *, replace: bool) -> None:
    """Copy ``source`` to ``target`` without following a link at ``target``.

    A new file is created exclusively (``O_EXCL`` fails on anything already
    there, a dangling link included); with ``replace`` the copy is written
    beside it and renamed over it, which replaces a link rather than its target.
    """
    data = source.read_bytes()
    if not replace:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        with os.fdopen(os.open(target, flags, 0o644), "wb") as f:
            f.write(data)
        return
    temp = target.with_name(f".{target.name}.kerasnb-tmp")
    temp.unlink(missing_ok=True)
    with os.fdopen(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644), "wb") as f:
        f.write(data)
    os.replace(temp, target)


def copy_notebooks(dest: Path, *, force: bool = False, arg: str = "DIR") -> list[Path]:
    """Copy every tutorial into ``dest``; existing files are kept unless ``force``.

    ``arg`` is how the command line names ``dest`` in an error message.

    Raises:
        UsageError: ``dest`` is not a folder, or holds a symbolic link or a folder
            under a notebook's name (nothing is copied then).
    """
    src = packaged_notebooks()
    if dest.exists() and not dest.is_dir():
        raise UsageError(f"`{arg}` must be a folder. Received: {arg}={str(dest)!r} (a file)")
    dest.mkdir(parents=True, exist_ok=True)
    notebooks = sorted(src.glob("*.ipynb"))
    _refuse_links_and_folders(dest, [nb.name for nb in notebooks], arg)
    copied = []
    for nb in notebooks:
        target = dest / nb.name
        exists = target.exists()
        if exists and not force:
            continue
        _write_new(nb, target, replace=exists)
        copied.append(target)
    return copied


def _cmd_notebooks(args) -> int:
    if not args.dir.strip():
        raise UsageError("`DIR` must be a folder path. Received: DIR=''")
    dest = Path(args.dir).expanduser().resolve()
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
    if running_as_root():
        cmd.append("--allow-root")  # containers and CI machines often run as root
    return cmd


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _cmd_lab(args) -> int:
    if importlib.util.find_spec("jupyterlab") is None:
        raise UsageError("JupyterLab is not installed here; `pip install jupyterlab` adds it.")
    if args.dir is not None:
        if not args.dir.strip():
            raise UsageError("`--dir` must be a folder path. Received: --dir=''")
        folder = Path(args.dir).expanduser().resolve()
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"`--dir` must be a folder. Received: --dir={args.dir!r} (a file)")
        if not (folder / START).is_file():
            copy_notebooks(folder, arg="--dir")
    else:
        folder = checkout_notebooks()
        if folder is None:
            folder = DEFAULT_COPY
            if not (folder / START).is_file():
                copy_notebooks(folder)
                print(f"kerasnb: copied the tutorials to {folder}")
    cmd = lab_command(folder, port=args.port, no_browser=args.no_browser)
    if "--allow-root" in cmd:
        print("kerasnb: running as root, so JupyterLab starts with --allow-root", flush=True)
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


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage mistake said in one line (and where to read more)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    from ._version import __version__

    parser = _Parser(
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


def _fail(message: str, status: int) -> int:
    print(f"kerasnb: error: {message}", file=sys.stderr)
    return status


def main(argv: list[str] | None = None) -> int:
    """Run the command; user mistakes and file-system errors end in one line on stderr."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return args.func(args)
    except UsageError as err:
        return _fail(str(err), 2)
    except OSError as err:  # no permission, a file where a folder should be, a full disk...
        where = f": {err.filename}" if err.filename else ""
        return _fail(f"{err.strerror or err}{where}", 1)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
