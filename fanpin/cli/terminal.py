"""The terminal's plumbing: consoles, errors, 'wrote' lines, the run log, spinner and
progress bar. Colour and layout follow the terminal: piped or under cron, rich prints
plain text."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from fanpin import labels
from fanpin.api import StageCallback
from fanpin.errors import FanpinError
from fanpin.io.messages import Lang
from fanpin.scale import Progress as ScaleProgress
from fanpin.scale import ProgressCallback

console = Console(highlight=False)

err_console = Console(stderr=True, highlight=False)


def error(message: str) -> None:
    err_console.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)


def say(key: str, lang: Lang, **values: Any) -> None:
    """Print the phrase ``key`` of ``labels.TERMINAL`` in ``lang``, filled with ``values``
    (values from files are escaped by the caller)."""
    console.print(labels.label(labels.TERMINAL, key, lang).format(**values), soft_wrap=True)


def wrote(path: Path, lang: Lang = "en") -> None:
    say("wrote", lang, path=escape(str(path)))


@contextmanager
def run_log(path: Path | None, command: str) -> Iterator[None]:
    """With --log, append one line per run (start, end, outcome); cron reads it later."""
    if path is None:
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as error:
        raise FanpinError(f"cannot write the log file {path}: {error}") from None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("fanpin")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.info("start: fanpin %s", command)
    outcome = "failed"
    try:
        yield
        outcome = "done"
    finally:
        logger.info("%s: fanpin %s", outcome, command)
        logger.removeHandler(handler)
        handler.close()


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
