"""Writing files safely: a temporary file beside the target, renamed onto it when complete.

A killed run leaves the previous file (or none), never a half-written one.
Every output of fanpin, and the archive's snapshots, are written through here.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fanpin.errors import FanpinError


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed onto it only if the block succeeds."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FanpinError(f"cannot create folder {target.parent}: {error}") from error
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=f"{target.suffix}.part", dir=target.parent
    )
    os.close(handle)
    try:
        yield Path(temporary)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; match a normal file
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(target: Path, text: str, encoding: str = "utf-8") -> None:
    with atomic_path(target) as temporary:
        temporary.write_text(text, encoding=encoding)


@contextmanager
def folder_lock(folder: Path, what: str) -> Iterator[None]:
    """An exclusive, non-blocking lock per output folder; a second run fails at once."""
    folder.mkdir(parents=True, exist_ok=True)
    lock_path = folder / ".fanpin.lock"
    handle = lock_path.open("w")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FanpinError(
                f"another fanpin {what} is running for {folder} (lock {lock_path}); "
                "this run did nothing"
            ) from None
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()
