"""Run solver jobs in child processes bounded in time and memory, so no theory can hang or exhaust the machine.

This module schedules the jobs on the cores and collects their outcomes; worker.py is the worker's side (its
limits, its death with the parent, what it sends) and how a failed job reads to the user.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import TYPE_CHECKING, Any, Callable, Sequence

from .errors import InputError
from .model import Diagnostic
from .worker import _child, _death, _problems, default_memory

if TYPE_CHECKING:
    from .solver import SourceFile

DEFAULT_TIMEOUT = 300.0


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
            index, job, process, conn, deadline = entry
            # Still among the running while it is collected: should the collection be interrupted (Ctrl-C), the
            # clean-up below kills and reaps this worker too, rather than leave it behind, exiting.
            outcome = _collect(conn, process, deadline)
            running.remove(entry)
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
    # SIGFPE is clingo's own: it dies so when an integer division or modulo overflows (worker._problems).
    if process.exitcode == -signal.SIGFPE and outcome[0] in ("died", "crash"):
        outcome = ("arithmetic", None)
    elif outcome[0] == "died" or (outcome[0] == "crash" and process.exitcode and process.exitcode < 0):
        outcome = ("memory", _death(process.exitcode))
    return outcome
