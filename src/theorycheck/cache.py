"""Results of costly, pure analyses kept across runs, keyed by everything they are computed from.

The background's model, each program's rule analysis, the growing-rule check, the check program's rewriting
(solver/rewriting_text.py), the facts of each findings file and that a program holds no refused directive
(annotations.refuse_directives) depend only on the files' paths and texts, and on the engine's own code. Each is
computed once and kept in the user's cache folder (`$THEORYCHECK_CACHE`, else `$XDG_CACHE_HOME/theorycheck`, else
`~/.cache/theorycheck`); the next run with the same
inputs reads it instead of grounding and walking clingo's AST again. A change to any input or to any file of the
package makes a new key, so a stale entry is never read. `THEORYCHECK_CACHE=off` turns the cache off.

Nothing in a knowledge base reaches the cache folder but through these keys, and the folder is never inside a
knowledge base: a KB someone sends cannot plant an entry. Entries are read with an unpickler that builds only the
engine's own plain data classes, so even an entry that is not ours runs no code; an entry that cannot be read is
computed again. Errors (InputError) are never cached: a broken file is analysed, and reported, on every run.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")

ENV = "THEORYCHECK_CACHE"
KEEP = 64  # entries per kind, and at most BYTES of them; the least recently used go first
BYTES = 256 * 1024**2

# The classes an entry may hold: plain data of the engine (frozen dataclasses of strings, numbers and tuples).
_ALLOWED = {
    ("theorycheck.solver.parsing", "Term"),
    ("theorycheck.solver.parsing", "Fact"),
    ("theorycheck.solver.analysis", "RuleInfo"),
    ("theorycheck.solver.analysis", "AtomUse"),
    ("theorycheck.solver.analysis", "ArgTerm"),
    ("theorycheck.model", "Location"),
    ("theorycheck.model", "Diagnostic"),
    ("builtins", "frozenset"),
    ("builtins", "set"),
}


def cached(kind: str, parts: tuple[str, ...], compute: Callable[[], T]) -> T:
    """`compute()`, or the value it gave before for the same `kind` and `parts` (the texts and paths it reads)."""
    folder = _folder()
    if folder is None:
        return compute()
    digest = hashlib.sha256(_code_key().encode())
    for part in (kind, *parts):
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little") + data)
    path = folder / kind / digest.hexdigest()
    value = _read(path)
    if value is not None:
        return value
    value = compute()
    _write(path, value)
    return value


def enabled() -> bool:
    """Whether entries are kept at all (`THEORYCHECK_CACHE=off`, or no home folder, turns it off)."""
    return _folder() is not None


def _folder() -> Path | None:
    chosen = os.environ.get(ENV, "")
    if chosen.lower() in ("off", "0", "no", "false"):
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        home = os.path.expanduser("~")
        if home.startswith("~"):  # no home folder to find: no cache, rather than a folder named "~" here
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "theorycheck"


@lru_cache(maxsize=None)
def _code_key() -> str:
    """A hash of the engine's own files (Python and encodings) and clingo's version: new code, new keys."""
    import clingo

    package = Path(__file__).parent
    digest = hashlib.sha256(clingo.__version__.encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".lp") and path.is_file():
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in _ALLOWED and not (module == "pathlib" and name.endswith("Path")):
            raise pickle.UnpicklingError(f"{module}.{name} is not engine data")
        return super().find_class(module, name)


def _read(path: Path):
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        value = _Unpickler(io.BytesIO(data)).load()
    except Exception:  # noqa: BLE001 - an entry that cannot be read (truncated, foreign, older) is computed again
        return None
    try:
        os.utime(path)  # recently used: pruned last
    except OSError:
        pass
    return value


def _write(path: Path, value) -> None:
    """Store atomically (a reader sees the whole entry or none); a folder that cannot be written is no cache."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, prefix=".tmp-") as out:
            temporary = out.name
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        _prune(path.parent)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        if temporary is not None:
            with contextlib.suppress(OSError):  # gone already if it was the pruning that failed
                os.unlink(temporary)


def _prune(folder: Path) -> None:
    entries = sorted(((p.stat(), p) for p in folder.iterdir() if not p.name.startswith(".")),
                     key=lambda e: e[0].st_mtime, reverse=True)
    total = 0
    for count, (stat, path) in enumerate(entries):
        total += stat.st_size
        if count >= KEEP or (count and total > BYTES):  # the newest entry stays, however large
            path.unlink(missing_ok=True)
