"""Reading knowledge-base files safely: regular files only, no symlinks inside the KB, and bounded sizes.

A KB file (findings.lp, theories/*.lp, a .bib beside them) must be a regular file, not a symbolic link: a link could
make the tool quote a private file in its errors, read /proc/self/environ, or stand for a findings file that is not
there. A file named on the command line (`--findings F`, `--theory-file F`, `lint F`) may be a link, which is
followed, but what it names must be a regular file too. Devices, FIFOs and directories are refused before they are
opened (a FIFO would block, /dev/zero would fill the memory), and what is opened is checked again (fstat).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import InputError
from .model import Diagnostic, Location
from .textpos import long_line

MAX_FILE = 16 * 1024**2  # bytes of one file
MAX_LINE = 16 * 1024  # characters of one line
MAX_STRING = 4 * 1024  # characters of one string (a title, a quote, a citation text)


def read_text(path: Path, explicit: bool = False) -> str:
    """The text of a KB file (`explicit`: a file the user named on the command line), or an InputError naming it."""
    data = read_bytes(path, explicit)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(Diagnostic("error", "the file is not UTF-8 text (a byte at this line is not UTF-8)",
                                    Location(str(path), line, 1))) from None
    line = long_line(text, MAX_LINE)
    if line is not None:
        raise InputError(Diagnostic("error", f"line longer than {MAX_LINE} characters: break it (a statement may "
                                    "span lines)", Location(str(path), line, 1)))
    return text


def read_bytes(path: Path, explicit: bool = False) -> bytes:
    """The bytes of a regular file of at most MAX_FILE bytes; see `read_text`."""
    path = Path(path)
    _check_kind(path, explicit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not explicit:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(Diagnostic("error", f"cannot read {path}: {exc.strerror}")) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # replaced between the check and the open
            raise InputError(Diagnostic("error", f"{path} is not a regular file: {_what(info.st_mode)}"))
        if info.st_size > MAX_FILE:
            raise _too_large(path)
        chunks, size = [], 0
        while chunk := os.read(fd, min(1 << 20, MAX_FILE + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_FILE:
                raise _too_large(path)
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(Diagnostic("error", f"cannot read {path}: {exc.strerror}")) from None
    finally:
        os.close(fd)


def present(path: Path) -> bool:
    """Whether there is anything at `path`, a dangling symbolic link included (which `read_text` then refuses)."""
    return os.path.lexists(path)


def _check_kind(path: Path, explicit: bool) -> None:
    """Refuse, before opening it, what is not a regular file (and, inside the KB, a symbolic link)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise InputError(Diagnostic("error", f"file not found: {path}")) from None
    except OSError as exc:
        raise InputError(Diagnostic("error", f"cannot read {path}: {exc.strerror}")) from None
    if stat.S_ISLNK(info.st_mode) and not explicit:
        raise InputError(Diagnostic("error", f"{path} is a symbolic link: knowledge-base files must be regular "
                                    "files inside the knowledge base (copy the file in, or name it on the command "
                                    "line with --findings or --theory-file)"))
    if not explicit and os.path.islink(path.parent) and path.parent.name == "theories":
        raise InputError(Diagnostic("error", f"{path.parent} is a symbolic link: theories/ must be a folder inside "
                                    "the knowledge base"))
    if stat.S_ISLNK(info.st_mode):
        try:
            info = os.stat(path)
        except OSError as exc:
            raise InputError(Diagnostic("error", f"cannot read {path}: {exc.strerror} (a symbolic link to "
                                        "nothing)")) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(Diagnostic("error", f"{path} is not a regular file: {_what(info.st_mode)}"))


def _what(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"),
             (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))
    kind = next((name for test, name in kinds if test(mode)), "not a file")
    return f"it is {kind}; knowledge-base files are plain text files"


def _too_large(path: Path) -> InputError:
    return InputError(Diagnostic("error", f"{path} is larger than {MAX_FILE // 1024**2} MiB, the most a "
                                 "knowledge-base file may hold: split it into several files"))
