"""The terminal's plumbing: consoles, errors, 'wrote' lines, the run log, spinner and
progress bar. Colour and layout follow the terminal: piped or under cron, rich prints
plain text."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.errors import MarkupError
from rich.markup import escape
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from fanpin import labels
from fanpin.api import StageCallback
from fanpin.errors import FanpinError
from fanpin.io.files import check_outputs
from fanpin.io.messages import Lang
from fanpin.io.text import capped, printable
from fanpin.scale import Progress as ScaleProgress
from fanpin.scale import ProgressCallback


class _Console(Console):
    """A console on which text that merely looks like markup — a name such as ``[/]`` or
    ``[bold`` from a roster — is printed as it is instead of stopping the run."""

    def render_str(self, text: str, **options: Any) -> Text:
        try:
            return super().render_str(text, **options)
        except MarkupError:
            return super().render_str(text, **{**options, "markup": False})


console = _Console(highlight=False)

err_console = _Console(stderr=True, highlight=False)
# Piped or under cron, lines are not wrapped at 80 columns: a path in a mail stays whole.
console.soft_wrap = not console.is_terminal
err_console.soft_wrap = not err_console.is_terminal


def error(message: str, lang: Lang = "zh") -> None:
    """One red line on stderr, ``错误：`` or ``error:`` first by ``lang``; text that came
    from files cannot move the cursor (no control characters) and never wraps."""
    prefix = labels.label(labels.ERRORS, "prefix", lang)
    err_console.print(f"[bold red]{prefix}[/]{escape(printable(message))}", soft_wrap=True)


def say(key: str, lang: Lang, **values: Any) -> None:
    """Print the phrase ``key`` of ``labels.TERMINAL`` in ``lang``, filled with ``values``
    (values from files are escaped by the caller)."""
    console.print(labels.label(labels.TERMINAL, key, lang).format(**values), soft_wrap=True)


def wrote(path: Path, lang: Lang = "en") -> None:
    say("wrote", lang, path=escape(printable(path)))


@contextmanager
def run_log(path: Path | None, command: str, inputs: Sequence[Path] = ()) -> Iterator[None]:
    """With --log, append one line per run (start, end, outcome); cron reads it later.

    The log file is an output: it may not be one of ``inputs`` (checked before anything is
    written to it). Each line carries the process id; a failed run's line says why.
    """
    if path is None:
        yield
        return
    check_outputs([path], inputs)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise FanpinError(
            f"cannot write the log file {path}: {reason}",
            zh=f"无法写入日志文件 {path}（{reason}）：请用 --log 另选一个可写的位置",
        ) from None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("fanpin")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    pid = os.getpid()
    logger.info("start: fanpin %s (pid %d)", command, pid)
    try:
        yield
    except BaseException as failure:
        logger.error("failed: fanpin %s (pid %d): %s", command, pid, _reason(failure))
        raise
    else:
        logger.info("done: fanpin %s (pid %d)", command, pid)
    finally:
        logger.removeHandler(handler)
        handler.close()


def _reason(failure: BaseException) -> str:
    """Why a run failed, in one line for the log (no traceback, no file contents)."""
    if isinstance(failure, FanpinError):
        text = str(failure)
    elif isinstance(failure, KeyboardInterrupt):
        text = "interrupted"
    elif isinstance(failure, typer.Exit):
        text = f"exit {failure.exit_code}"
    elif isinstance(failure, SystemExit):
        text = f"exit {failure.code}"
    elif isinstance(failure, OSError):
        text = f"{failure.strerror or type(failure).__name__} {failure.filename or ''}".strip()
    else:
        text = f"{type(failure).__name__}: {failure}"
    return printable(capped(" ".join(text.split()), 500))


@contextmanager
def working(
    what: str, enabled: bool, delay: float = 2.0, lang: Lang = "en"
) -> Iterator[StageCallback]:
    """A spinner on stderr (what, stage, time elapsed) once a command has run ``delay`` s.

    Yields the callback the library tells its stages to. Silent when disabled
    (--quiet) or when stderr is not a terminal (cron, pipes).
    """
    if not enabled or not err_console.is_terminal:
        yield lambda _: None
        return
    spinner = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    task = spinner.add_task(what)

    def stage(name: str) -> None:
        spinner.update(task, description=f"{what}: {labels.label(labels.STAGES, name, lang)}")

    with _shown_after(spinner, delay):
        yield stage


@contextmanager
def province_progress(enabled: bool, delay: float = 2.0) -> Iterator[ProgressCallback]:
    """A progress callback that shows a bar on stderr once a run has lasted ``delay`` seconds.

    Silent when disabled (--quiet) or when stderr is not a terminal (cron, pipes).
    """
    if not enabled or not err_console.is_terminal:
        yield lambda _: None
        return
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[counties]}"),
        TextColumn("{task.fields[people]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    task = bar.add_task("counties", total=None, counties="", people="")

    def update(event: ScaleProgress) -> None:
        bar.update(
            task,
            total=event.bytes_total or None,
            completed=event.bytes_done,
            counties=f"{event.done}/{event.total} counties",
            people=f"{event.people_done:,} people",
        )

    with _shown_after(bar, delay):
        yield update


@contextmanager
def _shown_after(live: Progress, delay: float) -> Iterator[None]:
    """Start ``live`` after ``delay`` seconds (short runs show nothing); stop it at the end."""
    lock = threading.Lock()
    state = {"started": False, "stopped": False}

    def start() -> None:
        with lock:
            if not state["stopped"]:
                live.start()
                state["started"] = True

    timer = threading.Timer(delay, start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["stopped"] = True
            if state["started"]:
                live.stop()
