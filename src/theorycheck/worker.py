"""The worker side of a bounded job: its memory limit, its death with its parent, the one outcome it sends, and how
a job that failed reads to the user (sandbox.py schedules the jobs and collects what they send)."""

from __future__ import annotations

import ctypes
import os
import pickle
import re
import resource
import signal
from typing import TYPE_CHECKING

from .errors import InputError
from .model import Diagnostic, Location

if TYPE_CHECKING:
    from typing import Any

    from .sandbox import Job

MAX_MEMORY = 8 * 1024**3  # per worker
MIN_MEMORY = 1024**3  # per worker: each check and repair search of this repository runs within 512 MiB


def default_memory(workers: int) -> int:
    """The memory limit of each of `workers` side by side: three quarters of the machine's RAM shared among them,
    between 1 and 8 GiB (8 GiB where the RAM cannot be read).

    A limit the machine cannot honour is no limit: 8 GiB for each of eight workers on a 16 GiB laptop lets the
    system swap or kill a worker before the limit ever speaks.
    """
    try:
        page, pages = os.sysconf("SC_PAGE_SIZE"), os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # no sysconf (Windows), or no such name (some BSDs)
        return MAX_MEMORY
    if page <= 0 or pages <= 0:
        return MAX_MEMORY
    return max(MIN_MEMORY, min(MAX_MEMORY, page * pages * 3 // 4 // workers))


# How an allocation refused by the address-space limit surfaces: clingo's std::bad_alloc, a library or thread
# stack that cannot be mapped (ImportError "failed to map segment", pthread_create's EAGAIN), or ENOMEM.
_EXHAUSTED = re.compile(r"bad_alloc|cannot allocate memory|failed to map segment|resource temporarily unavailable|"
                        r"out of memory", re.IGNORECASE)


def _exhausted(err: BaseException) -> bool:
    """Whether a failure in the child is the memory limit refusing an allocation."""
    return isinstance(err, MemoryError) or bool(_EXHAUSTED.search(str(err)))


_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """Make this worker end with its parent, however the parent ends (SIGKILL too), and with no signal handler of
    the parent's: clingo grounds in C++, where a Python handler would not run until the grounding ends, if ever.

    On Linux the kernel sends SIGKILL when the parent dies (prctl PR_SET_PDEATHSIG); elsewhere the parent's own
    handlers (console.main) and `run_bounded`'s clean-up kill the workers.
    """
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux
        pass
    if os.getppid() != parent:  # the parent died before the kernel was told
        os._exit(1)


def _child(conn, job: Job, memory: int, parent: int) -> None:
    """Run the job under the limit and send exactly one outcome; nothing escapes as a traceback."""
    _die_with(parent)
    out_of_memory = pickle.dumps(("memory", None))  # made before the limit: reporting it must not need memory
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ValueError, OSError):
        pass
    try:
        try:
            outcome = ("ok", job.func(*job.args))
        except InputError as err:
            outcome = ("input", err.diagnostics)
        except BaseException as err:  # noqa: BLE001 - reported to the parent, never printed as a traceback
            outcome = ("memory", None) if _exhausted(err) else ("crash", f"{type(err).__name__}: {err}")
        conn.send(outcome)
    except BaseException as err:  # noqa: BLE001 - the outcome could not be built or pickled
        try:
            if _exhausted(err):
                conn.send_bytes(out_of_memory)
            else:
                conn.send(("crash", f"{type(err).__name__}: {err}"))
        except BaseException:  # noqa: BLE001 - the parent sees the pipe close and says so
            pass
    finally:
        conn.close()


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def _problems(job: Job, outcome: tuple[str, Any], timeout: float, memory: int) -> list[Diagnostic]:
    status, payload = outcome
    if status == "ok":
        return []
    if status == "input":
        return list(payload)
    if status == "timeout":
        rules = _growing(job)
        if rules:
            several = len(rules) > 1
            advice = f"never stops grounding, and the rule{'s' * several} below may. Fix {'them' if several else 'it'}"
        else:
            advice = "(such as p(X+1) :- p(X)) never stops grounding. Fix the rule"
        return [Diagnostic("error", f"{job.label}: grounding and solving did not finish within {timeout:g} s; a rule "
                           f"that builds ever new terms {advice} or raise --timeout"), *rules]
    if status == "memory":
        how = f" (its worker died: {payload})" if payload else ""
        return [Diagnostic("error", f"{job.label}: ran out of memory: grounding or solving exceeded the memory limit "
                           f"of {size(memory)}{how}; the program grounds to too many atoms"), *_growing(job)]
    if status == "arithmetic":
        return [Diagnostic("error", f"{job.label}: the solver died of an arithmetic error (SIGFPE): clingo stops the "
                           "process when an integer division or modulo overflows, as -2147483648 / -1 does; look at "
                           "the divisions (/) and modulos (\\) of the program"), *_divisions(job)]
    return [Diagnostic("error", f"{job.label}: the solver failed: {payload}")]


def _divisions(job: Job) -> list[Diagnostic]:
    """Each line of the job's files that divides or takes a modulo, at that line."""
    from .solver.parsing import dividing_lines  # here, not above: `theorycheck --help` must not load clingo

    return [Diagnostic("error", f"a division or modulo, which may overflow: {line.strip()[:80]}",
                       Location(str(source.path), number, 1 + len(line) - len(line.lstrip())))
            for source in job.files for number, line in dividing_lines(source.text)]


def _growing(job: Job) -> list[Diagnostic]:
    """The rules of the job's files that may build ever new terms, each at its line (none if the job has no files)."""
    if not job.files:
        return []
    from .solver import growing_rules  # here, not above: `theorycheck --help` must not load clingo

    try:
        return growing_rules(list(job.files))
    except InputError:
        return []  # a file edited into a syntax error while it was solved: the message above stands alone


def size(limit: int) -> str:
    """A memory limit in words: `50 MiB`, `8 GiB`."""
    return f"{limit / 1024**3:g} GiB" if limit >= 1024**3 else f"{limit / 1024**2:.4g} MiB"
