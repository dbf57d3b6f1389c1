"""Run solver jobs in child processes bounded in time and memory, so no theory can hang or exhaust the machine."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import pickle
import re
import resource
import signal
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import TYPE_CHECKING, Any, Callable, Sequence

from .errors import InputError
from .model import Diagnostic

if TYPE_CHECKING:
    from .solver import SourceFile

DEFAULT_TIMEOUT = 300.0
MAX_MEMORY = 8 * 1024**3  # per worker
MIN_MEMORY = 1024**3  # per worker: each check and repair search of this repository runs within 512 MiB


@dataclass
class Job:
    """One bounded call: `label` names it in messages (e.g. "theory 'incentive_sensitization'"); `files`, the
    program files it grounds, are searched for the rule to blame when it runs out of time or memory."""

    label: str
    func: Callable[..., Any]
    args: tuple
    files: Sequence[SourceFile] = ()


@dataclass(frozen=True)
class After:
    """In a job's arguments: the result of the job at `index` in the same `run_bounded` call. The job starts once
    that one has finished (and not at all if it failed: its own problem is reported)."""

    index: int


def _arguments(job: Job, results: list) -> tuple:
    return tuple(results[a.index] if isinstance(a, After) else a for a in job.args)


def _waits_for(job: Job) -> set[int]:
    return {a.index for a in job.args if isinstance(a, After)}


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


@dataclass
class Later:
    """`count` jobs that `make()` builds in the parent when the first of them is due to start, or earlier when every
    core is busy: the parent builds their inputs (generated facts, which the forked workers inherit) while the jobs
    before them already run."""

    count: int
    make: Callable[[], list[Job]]


def run_bounded(jobs: list[Job | Later], timeout: float = DEFAULT_TIMEOUT, memory: int | None = None,
                meanwhile: Callable[[], Any] | None = None) -> list[Any]:
    """Results of all jobs in order, at most one job per core at a time; any failure becomes an InputError.

    `memory` bounds each worker (by default `default_memory` of the number of workers side by side). However
    this ends (an exception, Ctrl-C or SIGTERM through console.main's handlers), no worker outlives it. `meanwhile`,
    if given, is called once every job has started: work of the caller's that would otherwise wait for the last
    workers (called earlier, it held up the start of the next job whenever a worker ended meanwhile). A
    job's arguments may hold `After(index)`, the result of another job of the call (its index counts every job a
    `Later` makes); it starts once that one is done.
    """
    ctx = multiprocessing.get_context("fork")
    queue: list[tuple[int, Job | Later]] = []  # (index of the job, or of a group's first job; the job or group)
    for job in jobs:
        if not isinstance(job, Later) or job.count:
            queue.append((len(queue) and queue[-1][0] + _size(queue[-1][1]), job))
    total = queue[-1][0] + _size(queue[-1][1]) if queue else 0
    width = max(1, min(total, os.cpu_count() or 1))
    memory = default_memory(width) if memory is None else memory
    results: list[Any] = [None] * total
    problems: dict[int, list[Diagnostic]] = {}  # by job, so that messages come in the jobs' order
    running: list[tuple[int, Job, Any, Any, float]] = []
    done: set[int] = set()
    exiting: list = []  # workers that sent their result: reaped once the others are started or at the end
    try:
        while queue or running:
            while len(running) < width:
                ready = next((k for k, (_, job) in enumerate(queue)
                              if isinstance(job, Later) or _waits_for(job) <= done), None)
                if ready is None:
                    break
                if isinstance(queue[ready][1], Later):
                    queue[ready:ready + 1] = _made(*queue[ready])
                    continue
                index, job = queue.pop(ready)
                if any(problems.get(i) for i in _waits_for(job)):
                    done.add(index)  # what it needs failed: that failure is the message
                    continue
                job = Job(job.label, job.func, _arguments(job, results), job.files)
                parent, child = ctx.Pipe(duplex=False)
                process = ctx.Process(target=_child, args=(child, job, memory, os.getpid()), daemon=True)
                process.start()
                child.close()
                running.append((index, job, process, parent, time.monotonic() + timeout))
            if meanwhile is not None and not queue:  # every job started: the parent has nothing else to start
                meanwhile, call = None, meanwhile
                call()
            later = next((k for k, (_, job) in enumerate(queue) if isinstance(job, Later)), None)
            # Every core busy: make the next group beside the workers. A worker that has ended but is not collected
            # yet leaves its core idle: collected first, its core takes the next job (at 50,000 findings, making a
            # group beside a background sweep long done left a core idle for 6 s).
            if later is not None and len(running) == width and not _any_done(running):
                queue[later:later + 1] = _made(*queue[later])
            if not running:
                if queue:
                    raise ValueError(f"jobs wait for results no job gives: {[j.label for _, j in queue]}")
                break
            entry = _first_done(running)
            running.remove(entry)
            index, job, process, conn, deadline = entry
            outcome = _collect(conn, process, deadline)
            exiting.append(process)
            problems[index] = _problems(job, outcome, timeout, memory)
            done.add(index)
            if outcome[0] == "ok":
                results[index] = outcome[1]
            _progress(len(done), total, job.label)
    finally:
        for _, _, process, conn, _ in running:  # interrupted: end the workers still running
            process.kill()
            process.join()
            conn.close()
        for process in exiting:
            process.join()
    found = [p for index in sorted(problems) for p in problems[index]]
    if found:
        raise InputError(list(dict.fromkeys(found)))
    return results


def _size(job: Job | Later) -> int:
    return job.count if isinstance(job, Later) else 1


def _made(index: int, later: Later) -> list[tuple[int, Job]]:
    """The jobs of a group, numbered from `index`."""
    made = later.make()
    if len(made) != later.count:
        raise ValueError(f"{len(made)} jobs made where {later.count} were announced")
    return list(enumerate(made, start=index))


def _any_done(running: list) -> bool:
    """Whether some running job has finished (sent its outcome, or died): `_first_done` would return at once."""
    return bool(wait([entry[3] for entry in running], timeout=0))


def _first_done(running: list) -> tuple:
    """The running job that has finished (sent its outcome, or died) first, or else the first whose time is up.

    Waiting for the oldest job instead left a core idle whenever a younger one finished first: the matrix runs
    checks, sweeps and repair searches of very different lengths side by side."""
    while True:
        soonest = min(running, key=lambda entry: entry[4])
        ready = wait([entry[3] for entry in running], timeout=max(0.0, soonest[4] - time.monotonic()))
        if ready:
            return next(entry for entry in running if entry[3] in ready)
        if time.monotonic() >= soonest[4]:
            return soonest


# Set by the CLI to draw progress its own way (a rich progress bar): called as PROGRESS(done, total, label).
PROGRESS = None


def _progress(done: int, total: int, label: str) -> None:
    """A progress line on stderr when it is a terminal and there is more than one job; silent otherwise."""
    if PROGRESS is not None:
        PROGRESS(done, total, label.split(": ")[-1])
        return
    if total < 2 or not sys.stderr.isatty():
        return
    end = "\n" if done == total else ""
    sys.stderr.write(f"\r\033[K[{done}/{total}] {label.split(': ')[-1]} done{end}")
    sys.stderr.flush()


def _collect(conn, process, deadline: float) -> tuple[str, Any]:
    try:
        if conn.poll(max(0.0, deadline - time.monotonic())):
            outcome = conn.recv()
        else:
            outcome = ("timeout", None)
    except EOFError:
        outcome = ("died", None)
    finally:
        conn.close()
    if outcome[0] == "timeout":
        process.kill()
    if outcome[0] == "ok":
        return outcome  # the worker is exiting: run_bounded reaps it later, rather than wait for the kernel here
    process.join()
    # Every failure Python sees is sent; a worker that dies without a word, or is killed by a signal after a
    # crash, was stopped by the runtime (an allocation the memory limit refused in the C++ solver or the loader).
    if outcome[0] == "died" or (outcome[0] == "crash" and process.exitcode and process.exitcode < 0):
        outcome = ("memory", _death(process.exitcode))
    return outcome


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
    return [Diagnostic("error", f"{job.label}: the solver failed: {payload}")]


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
