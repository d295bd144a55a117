"""Writing files safely: a temporary file beside the target, renamed onto it when complete.

A killed run leaves the previous file (or none), never a half-written one; the
temporary file a ``kill -9`` leaves behind is removed by the next run that writes
to that folder. Every output of fanpin, and the archive's snapshots, are written
through here. No output may be an input: ``check_outputs`` is the guard every
command runs before it reads anything (outputs, the ``--log`` file, against the
inputs it names), and ``atomic_path`` itself refuses to replace any file this
process has read as an input (``remember_input``), so library callers are
protected too. Names that come from data (a county, a village) go through
``safe_name`` before they become part of a file name.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import socket
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from fanpin.errors import FanpinError, OutputPathError

PART_SUFFIX = ".fanpin.part"
# .NAME.PID.RANDOM.fanpin.part: the writer's process id tells a live file from a stale one.
_PART = re.compile(r"^\..+\.(?P<pid>\d+)\.[A-Za-z0-9_]{8}\.fanpin\.part$")
# Earlier versions of fanpin: .STEM.RANDOM.SUFFIX.part (no process id: always stale now).
_LEGACY_PART = re.compile(r"^\..+\.[a-z0-9_]{8}\.(?:xlsx|csv|json|gz|parquet|toml)\.part$")
STALE_AFTER_SECONDS = 6 * 3600  # a part file this old is stale whoever wrote it (shared drives)
_UNSAFE_IN_NAMES = re.compile(r'[\x00-\x1f\x7f-\x9f/\\:*?"<>|]+')
NAME_LIMIT = 80  # characters of a data value kept in a file name


# Files read as inputs by this process: device, inode, size and modification time (a
# deleted file's inode number reused by a new file has another size or time).
_INPUTS: set[tuple[int, int, int, int]] = set()


def _identity(path: Path) -> tuple[int, int, int, int] | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def remember_input(path: Path) -> None:
    """Note that ``path`` is read as an input: no atomic write may replace it afterwards."""
    identity = _identity(path)
    if identity is not None:
        _INPUTS.add(identity)


def is_input(path: Path) -> bool:
    """Whether ``path`` (or the file a link leads to) is an input this process has read
    and that is unchanged since."""
    identity = _identity(path)
    return identity is not None and identity in _INPUTS


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed onto it only if the block succeeds.

    Stale temporary files of earlier, killed runs in the same folder are removed
    first. A folder as ``target`` is refused; a folder that cannot be written or a
    full disk become one FanpinError naming the path and the reason.
    """
    target = Path(target)
    if target.is_dir():
        raise OutputPathError(
            f"{target} is a folder; name a file to write, e.g. {target}/result",
            zh=f"{target} 是文件夹：请写出文件名，例如 {target}/result",
        )
    if is_input(target):
        raise OutputPathError(
            f"{target} is an input of this run; fanpin never overwrites its inputs: "
            "choose another output file",
            zh=f"输出文件不能是本次读取的输入文件 {target}：请用 -o 另取一个文件名",
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FanpinError(
            f"cannot create folder {target.parent}: {_reason(error)}",
            zh=f"无法创建文件夹 {target.parent}：{reason_zh(error)}",
        ) from None
    remove_stale_parts(target.parent)
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}.", suffix=PART_SUFFIX, dir=target.parent
        )
    except OSError as error:
        raise FanpinError(
            f"cannot write to {target.parent}: {_reason(error)}",
            zh=f"无法写入文件夹 {target.parent}：{reason_zh(error)}",
        ) from None
    os.close(handle)
    try:
        yield Path(temporary)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; match a normal file
        os.replace(temporary, target)
    except OSError as error:
        raise FanpinError(
            f"cannot write {target}: {_reason(error)}; nothing was written "
            "(an earlier file of that name is unchanged)",
            zh=f"无法写入 {target}：{reason_zh(error)}；什么也没有写入（原有的同名文件未改动）",
        ) from None
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def _reason(error: OSError) -> str:
    """An OSError as the user should read it: the system's words, and for a full disk a hint."""
    text = error.strerror or str(error) or type(error).__name__
    if error.errno == errno.ENOSPC:
        text += " (the disk is full: free some space and run again)"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        text += " (choose a folder you may write to)"
    return text


def reason_zh(error: OSError, writing: bool = True) -> str:
    """``_reason`` in Chinese: the common failures in words (with the fix), others by the
    system's name; ``writing`` says whether a file was being written or read."""
    if error.errno == errno.ENOSPC:
        return "磁盘已满：请腾出空间后重新运行"
    if error.errno in (errno.EACCES, errno.EPERM):
        if writing:
            return "没有写入权限：请换一个可以写入的文件夹"
        return "没有读取权限：请检查文件的访问权限"
    if error.errno == errno.EROFS:
        return "文件夹只读：请换一个可以写入的文件夹"
    if error.errno == errno.ENOENT:
        return "不存在"
    return f"系统错误（{error.strerror or type(error).__name__}）"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(target: Path, text: str, encoding: str = "utf-8") -> None:
    with atomic_path(target) as temporary:
        temporary.write_text(text, encoding=encoding)


def deliver(text: str, path: Path | None, encoding: str = "utf-8") -> str | None:
    """A text output (JSON, CSV): written to ``path``, or returned to print without one."""
    if path is None:
        return text
    write_text(path, text, encoding=encoding)
    return None


def remove_stale_parts(folder: Path) -> list[Path]:
    """Delete temporary files fanpin left in ``folder`` when a run was killed mid-write.

    Only fanpin's own pattern is touched: ``.NAME.PID.RANDOM.fanpin.part`` whose
    process is gone (or that is over six hours old), and the older
    ``.STEM.RANDOM.SUFFIX.part``. A run writing there right now keeps its file.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if not entry.name.endswith(".part"):
            continue
        match = _PART.match(entry.name)
        if match is None and _LEGACY_PART.match(entry.name) is None:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_SECONDS
            if match is not None and not old and _alive(int(match.group("pid"))):
                continue
            os.unlink(entry.path)
        except OSError:
            continue  # someone else removed it, or it is not ours to remove
        removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process, or a number no process can have: keep it
    return True


def same_file(first: Path, second: Path) -> bool:
    """Whether two paths name one file: the same real path, or the same device and inode
    (a hard link, a symlink, a bind mount)."""
    try:
        if os.path.realpath(first) == os.path.realpath(second):
            return True
        return os.path.samefile(first, second)
    except (OSError, ValueError):
        return False


def check_outputs(outputs: Iterable[Path | None], inputs: Iterable[Path | None]) -> None:
    """Refuse (OutputPathError) an output that is a folder, an input of the run or another
    output; run it before anything is read or written."""
    sources = [Path(p) for p in inputs if p is not None]
    chosen: list[Path] = []
    for output in outputs:
        if output is None:
            continue
        output = Path(output)
        if output.is_dir():
            raise OutputPathError(
                f"{output} is a folder; name a file to write, e.g. {output / 'result.xlsx'}",
                zh=f"{output} 是文件夹：请写出文件名，例如 {output / 'result.xlsx'}",
            )
        for source in sources:
            if same_file(output, source):
                named = "" if str(output) == str(source) else f" ({source})"
                raise OutputPathError(
                    f"{output} is an input of this run{named}; fanpin never overwrites "
                    "its inputs: choose another output file",
                    zh=f"输出文件不能是本次读取的输入文件 {output}{named}：请用 -o 另取一个文件名",
                )
        for other in chosen:
            if same_file(output, other) or os.path.abspath(output) == os.path.abspath(other):
                raise OutputPathError(
                    f"{output} is named twice as an output; give each its own",
                    zh=f"{output} 被指定为两个输出：请为每个输出另取文件名",
                )
        chosen.append(output)


def check_inputs(inputs: Iterable[Path | None]) -> None:
    """Every named input exists and is a file (FanpinError naming the first that is not)."""
    for path in inputs:
        if path is None:
            continue
        path = Path(path)
        if not path.exists():
            raise FanpinError(f"file not found: {path}", zh=f"找不到文件：{path}")
        if path.is_dir():
            raise FanpinError(f"{path} is a folder, not a file", zh=f"{path} 是文件夹，不是文件")


def safe_name(text: object, fallback: str = "_") -> str:
    """A value from data made fit for one file name: no folder separators, no ``..``, no
    wildcards or control characters, at most NAME_LIMIT characters; ``fallback`` if empty."""
    name = _UNSAFE_IN_NAMES.sub("_", str(text)).strip(" .")
    name = name.replace("..", "_")[:NAME_LIMIT].strip(" .")
    return name or fallback


def prune_dated(folder: Path, pattern: re.Pattern[str], keep: int, protect: Path) -> list[Path]:
    """Delete all but the newest ``keep`` files of ``folder`` whose whole name matches
    ``pattern`` (names sort by date), never ``protect``; nothing else is touched."""
    try:
        names = sorted(
            entry.name
            for entry in os.scandir(folder)
            if pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)
        )
    except OSError:
        return []
    removed: list[Path] = []
    for name in names[: max(len(names) - keep, 0)]:
        path = folder / name
        if same_file(path, protect):
            continue
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


@contextmanager
def folder_lock(folder: Path, what: str) -> Iterator[None]:
    """An exclusive, non-blocking lock per output folder; a second run fails at once."""
    lock_path = folder / ".fanpin.lock"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = lock_path.open("w")
    except OSError as error:
        raise FanpinError(
            f"cannot write to {folder}: {_reason(error)}",
            zh=f"无法写入文件夹 {folder}：{reason_zh(error)}",
        ) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FanpinError(
                f"another fanpin {what} is running for {folder} (lock {lock_path}); "
                "this run did nothing",
                zh=f"另一个 fanpin {what} 正在为 {folder} 运行（锁文件 {lock_path}）：本次运行"
                "未做任何事，请等它结束后再运行",
            ) from None
        handle.write(f"{os.getpid()} {socket.gethostname()}\n")
        handle.flush()
        yield
    finally:
        handle.close()
