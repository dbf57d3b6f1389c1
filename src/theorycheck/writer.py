"""Write files atomically (a temporary file, synced, renamed over the old one), under a lock where needed."""

from __future__ import annotations

import fcntl
import os
import secrets
import stat
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


def write_temporary(path: Path, text: str, newline: str = "\n", created=None) -> Path:
    """A hidden sibling of `path` holding `text`, synced to disk, with `path`'s permissions; `commit` moves it in.

    Its name is unguessable (`.NAME.` and eight random characters, created exclusively, so never a file someone
    else made). `created(tmp)` is called with the name *before* the file is made (`locked` records it there): a
    writer killed between making the file and recording it would leave a file no journal names.
    `newline=""` writes the line ends of `text` as they are.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _create_exclusive(path, created)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
            handle.write(text)
            handle.flush()
            os.chmod(handle.fileno(), file_mode(path))
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _create_exclusive(path: Path, created) -> tuple[int, str]:
    """A new hidden sibling of `path`, opened for writing (mode 0600, as mkstemp), its name recorded first."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    for _ in range(100):
        tmp = str(path.parent / f".{path.name}.{secrets.token_urlsafe(6)}")  # 8 characters, 48 random bits
        if created:
            created(Path(tmp))
        try:
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            continue
    raise InputError(f"cannot create a temporary file beside {path}: every name tried exists")


def not_a_regular_file(target: Path) -> str | None:
    """Why `add` must not write `target`, or None when it is a regular file or does not exist yet; found without
    opening it (a FIFO would block the open until someone writes to it).

    A symbolic link is refused rather than written through: the write renames a new file over the target, which
    would turn the link into a plain file (the file it pointed to silently left behind), and writing through it
    would change a file elsewhere, perhaps outside the knowledge base, whose files KB loading wants regular.
    """
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot read {target}: {exc.strerror}"
    if stat.S_ISLNK(mode):
        return (f"is a symbolic link (to {os.readlink(target)}); add writes only to a regular file, so that it never "
                "replaces a link with a plain file nor changes a file elsewhere through one: give the file itself "
                "with --to, or put the file in place of the link")
    if not stat.S_ISREG(mode):
        return (f"is {_KINDS.get(stat.S_IFMT(mode), 'not a regular file')}, not a regular file; findings go in a "
                "regular .lp file")
    return None


_KINDS = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFDIR: "a folder", stat.S_IFSOCK: "a socket"}


def commit(tmp: Path, path: Path) -> None:
    """Rename a file from `write_temporary` over `path` (atomic) and make the rename durable."""
    os.replace(tmp, path)
    sync_folder(path.parent)


def file_mode(path: Path) -> int:
    """The permissions the file has now, or the usual ones for a new file (mkstemp would give 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        return 0o666 & ~umask()


def umask() -> int:
    """The process's umask (reading it means setting it: set back at once)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def sync_folder(folder: Path) -> None:
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


@contextmanager
def locked(target: Path):
    """Hold an exclusive lock on a sibling lock file (`.NAME.lock`) while `target` is read, checked and replaced;
    yields `record(tmp)`, which notes the temporary file of `target` in the lock file.

    The lock file is the journal of the temporary file: a writer killed before renaming it left exactly that file,
    which the next writer removes, and nothing else (a user's `.findings.lp.20241206` is not a temporary file).
    The lock file is opened without following a link and without blocking on a FIFO, and must be a regular file.
    """
    lock = target.with_name(f".{target.name}.lock")
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(lock, flags, 0o666)
    except OSError as exc:
        raise InputError(f"cannot lock {target}: {exc.strerror} ({lock})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(f"cannot lock {target}: {lock} is not a regular file; remove it")
        fcntl.flock(fd, fcntl.LOCK_EX)
        _remove_recorded(fd, target)

        def record(tmp: Path | None) -> None:
            os.ftruncate(fd, 0)
            if tmp is not None:
                os.pwrite(fd, os.fsencode(tmp.name), 0)
            os.fsync(fd)

        try:
            yield record
        finally:
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the lock


def _remove_recorded(fd: int, target: Path) -> None:
    """Remove the temporary file a killed writer recorded in the lock file, if it is there; then forget it."""
    name = os.fsdecode(os.pread(fd, 4096, 0))
    if name.startswith(f".{target.name}.") and name == Path(name).name:
        (target.parent / name).unlink(missing_ok=True)
    os.ftruncate(fd, 0)
