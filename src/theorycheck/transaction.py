"""Write a set of report files into a folder as one transaction: the folder holds the whole old set or the whole new.

The guarantee, for the files `write_set` writes (W): at every instant the folder holds, for every file of W, its
old content (or no such file, if there was none) or, for every file of W, its new content; never some old and some
new, never a torn file. Every other entry of the folder (reports/README.md, a stale report of a removed theory) is
left as it is. `theorycheck matrix` killed at any moment, even by SIGKILL, keeps this.

How: the new set is written into a staging folder beside the folder (same filesystem), each file synced, and
entries of the folder outside W are hard-linked into it (the same files, not copies). Then the two folders are
swapped in one step, `renameat2(RENAME_EXCHANGE)` (Linux 3.15+ on ext4, btrfs, xfs, tmpfs, ...), and the old one,
now at the staging name, is removed. A journal beside the folder (`.NAME.theorycheck-journal`) names the staging
folder, so a run killed in between leaves nothing the next `write_set` cannot remove exactly.

Where the swap is not possible (another OS or filesystem, a subfolder in the folder, a file that cannot be
hard-linked), the switch is journaled instead: once the staging folder is complete and synced, the journal is
marked committed, then the new files are renamed over the old ones one by one. Killed during those renames, the
folder holds a mix until the next `write_set` on it (the next `theorycheck matrix`), which first completes them:
the committed set is then whole before anything else happens.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import re
import secrets
import shutil
import signal
import stat
from contextlib import contextmanager
from pathlib import Path

from .writer import file_mode, sync_folder, umask

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV}
_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def write_set(folder: Path, files: dict[Path, str]) -> None:
    """Write every file (each a child of `folder`) as one transaction; on any error the folder keeps the old set.

    Example:
        write_set(Path("reports"), {Path("reports/a.md"): "# A\\n", Path("reports/b.md"): "# B\\n"})
    """
    folder = Path(os.path.realpath(folder))  # a symlinked reports folder: the real one is switched, the link kept
    names = sorted({Path(path).name for path in files})
    texts = {Path(path).name: text for path, text in files.items()}
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(folder))
    folder.parent.mkdir(parents=True, exist_ok=True)
    with _locked(folder.parent):
        recover(folder)
        staging = _stage(folder)
        try:
            mirrored = folder.is_dir() and _mirror(folder, staging, names)
            for name in names:
                _write_synced(staging / name, texts[name], file_mode(folder / name))
            sync_folder(staging)
            with _signals_held():
                _switch(folder, staging, names, mirrored)
                recover(folder)
        finally:
            recover(folder)  # after a failure: rolls back what is not committed, completes what is


def recover(folder: Path) -> None:
    """Finish what a killed `write_set` left: complete a committed journaled switch, remove its staging folder."""
    journal = _journal(folder)
    _journal_draft(folder).unlink(missing_ok=True)  # a journal never renamed in: what it was to record never began
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return
    except ValueError:  # torn: never, as it is replaced by rename; but a journal no one can read guards nothing
        record = {}
    if not _ours(folder, record):
        journal.unlink(missing_ok=True)
        return
    staging = folder.parent / record["staging"]
    if record.get("committed"):
        for name in record["files"]:
            if (staging / name).exists():
                os.replace(staging / name, folder / name)
        sync_folder(folder)
    _clean(folder, staging)


def _switch(folder: Path, staging: Path, names: list[str], mirrored: bool) -> None:
    """Put the staged set in place: swap the folders, rename a new folder in, or rename file by file (journaled)."""
    os.chmod(staging, stat.S_IMODE(folder.stat().st_mode) if folder.is_dir() else 0o777 & ~umask())
    if not folder.exists():
        os.rename(staging, folder)
    elif not (mirrored and _exchange(staging, folder)):
        _write_journal(folder, {"staging": staging.name, "committed": True, "files": names})
        for name in names:
            os.replace(staging / name, folder / name)
        sync_folder(folder)
    sync_folder(folder.parent)


def _stage(folder: Path) -> Path:
    """A new staging folder beside `folder`, with an unguessable name, recorded in the journal before it exists."""
    while True:
        staging = folder.parent / f".{folder.name}.theorycheck-{secrets.token_hex(8)}"
        _write_journal(folder, {"staging": staging.name, "committed": False})
        try:
            os.mkdir(staging, 0o700)
            return staging
        except FileExistsError:
            continue


def _mirror(folder: Path, staging: Path, names: list[str]) -> bool:
    """Hard-link every entry of `folder` outside `names` into `staging`; False where one cannot be (a subfolder)."""
    for entry in os.scandir(folder):
        if entry.name in names:
            continue
        if entry.is_dir(follow_symlinks=False):
            return False
        try:
            os.link(entry.path, staging / entry.name, follow_symlinks=False)
        except OSError:
            return False
    return True


def _exchange(staging: Path, folder: Path) -> bool:
    """Swap the two folders atomically; False where the system or filesystem cannot."""
    rename = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if rename is None:
        return False
    rename.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if rename(_AT_FDCWD, os.fsencode(staging), _AT_FDCWD, os.fsencode(folder), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(folder))


def _clean(folder: Path, staging: Path) -> None:
    """Remove the staging folder (the new set not switched in, or the old one swapped out), then the journal."""
    shutil.rmtree(staging, ignore_errors=True)
    _journal(folder).unlink(missing_ok=True)
    sync_folder(folder.parent)


def _ours(folder: Path, record: object) -> bool:
    """Whether a journal names a staging folder of `folder` and plain file names (nothing elsewhere is touched)."""
    if not isinstance(record, dict) or not isinstance(record.get("staging"), str):
        return False
    names = record.get("files", [])
    return (re.fullmatch(rf"\.{re.escape(folder.name)}\.theorycheck-[0-9a-f]{{16}}", record["staging"]) is not None
            and isinstance(names, list) and all(isinstance(n, str) and n == Path(n).name and n not in ("", ".", "..")
                                                for n in names))


def _journal(folder: Path) -> Path:
    return folder.parent / f".{folder.name}.theorycheck-journal"


def _journal_draft(folder: Path) -> Path:
    return folder.parent / f".{folder.name}.theorycheck-journal.new"


def _write_journal(folder: Path, record: dict) -> None:
    """Replace the journal atomically and durably (a temporary file, synced, renamed)."""
    _write_synced(_journal_draft(folder), json.dumps(record), 0o644, exclusive=False)
    os.replace(_journal_draft(folder), _journal(folder))
    sync_folder(folder.parent)


def _write_synced(path: Path, text: str, mode: int, exclusive: bool = True) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | (os.O_EXCL if exclusive else os.O_TRUNC)
    with os.fdopen(os.open(path, flags, 0o600), "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fchmod(handle.fileno(), mode)
        os.fsync(handle.fileno())


@contextmanager
def _locked(parent: Path):
    """One `write_set` at a time per parent folder: an exclusive lock on the folder itself (no lock file)."""
    fd = os.open(parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


@contextmanager
def _signals_held():
    """Ctrl-C, SIGTERM and SIGHUP wait until the switch is done (a few renames), then act as usual."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
