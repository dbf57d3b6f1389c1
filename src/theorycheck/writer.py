"""Write files atomically (a temporary file, synced, renamed over the old one), under a lock where needed."""

from __future__ import annotations

import fcntl
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .errors import InputError


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` so that a reader sees either the old file or the new one, never a torn one."""
    tmp = write_temporary(path, text)
    try:
        commit(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_temporary(path: Path, text: str) -> Path:
    """A hidden sibling of `path` holding `text`, synced to disk, with `path`'s permissions; `commit` moves it in."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.chmod(handle.fileno(), _mode(path))
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def commit(tmp: Path, path: Path) -> None:
    """Rename a file from `write_temporary` over `path` (atomic) and make the rename durable."""
    os.replace(tmp, path)
    _sync_folder(path.parent)


def _mode(path: Path) -> int:
    """The permissions the file has now, or the usual ones for a new file (mkstemp would give 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (a crash of the machine after it cannot bring the old file back)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_all(files: dict[Path, str]) -> None:
    """Write every file; the texts are complete before the first byte is written."""
    try:
        for path, text in files.items():
            write_atomic(path, text)
    except OSError as exc:
        raise InputError(f"cannot write {exc.filename}: {exc.strerror}") from None


@contextmanager
def locked(target: Path):
    """Hold an exclusive lock on a sibling lock file (`.NAME.lock`) while `target` is read, checked and replaced.

    Under the lock no other writer has a temporary file of `target` open, so those that a killed writer left
    behind are removed.
    """
    lock = target.with_name(f".{target.name}.lock")
    try:
        handle = open(lock, "a")
    except OSError as exc:
        raise InputError(f"cannot lock {target}: {exc.strerror} ({lock})") from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            _sweep(target, lock)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _sweep(target: Path, lock: Path) -> None:
    """Remove the temporary files (`.NAME.XXXXXXXX`) of `target` that a killed writer left behind."""
    for stale in target.parent.glob(f".{target.name}.*"):
        if stale != lock and len(stale.name) == len(target.name) + 10:
            stale.unlink(missing_ok=True)
