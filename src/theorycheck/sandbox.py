"""Run solver jobs in child processes bounded in time and memory, so no theory can hang or exhaust the machine."""

from __future__ import annotations

import multiprocessing
import os
import resource
import sys
import time
from dataclasses import dataclass
from typing import Any, Callable

from .errors import InputError
from .model import Diagnostic

DEFAULT_TIMEOUT = 300.0
DEFAULT_MEMORY = 8 * 1024**3


@dataclass
class Job:
    """One bounded call: `label` names it in messages (e.g. "theory 'incentive_sensitization'")."""

    label: str
    func: Callable[..., Any]
    args: tuple


def _child(conn, job: Job, memory: int) -> None:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ValueError, OSError):
        pass
    try:
        conn.send(("ok", job.func(*job.args)))
    except InputError as err:
        conn.send(("input", err.diagnostics))
    except MemoryError:
        conn.send(("memory", None))
    except RuntimeError as err:
        conn.send(("memory" if "bad_alloc" in str(err) else "crash", str(err)))
    except BaseException as err:  # noqa: BLE001 - reported to the parent, never printed as a traceback
        conn.send(("crash", f"{type(err).__name__}: {err}"))
    finally:
        conn.close()


def run_bounded(jobs: list[Job], timeout: float = DEFAULT_TIMEOUT, memory: int = DEFAULT_MEMORY) -> list[Any]:
    """Results of all jobs in order, at most one job per core at a time; any failure becomes an InputError."""
    ctx = multiprocessing.get_context("fork")
    width = max(1, min(len(jobs), os.cpu_count() or 1))
    results: list[Any] = [None] * len(jobs)
    problems: list[Diagnostic] = []
    queue = list(enumerate(jobs))
    running: list[tuple[int, Job, Any, Any, float]] = []
    while queue or running:
        while queue and len(running) < width:
            index, job = queue.pop(0)
            parent, child = ctx.Pipe(duplex=False)
            process = ctx.Process(target=_child, args=(child, job, memory), daemon=True)
            process.start()
            child.close()
            running.append((index, job, process, parent, time.monotonic() + timeout))
        index, job, process, conn, deadline = running.pop(0)
        outcome = _collect(conn, process, deadline)
        problems.extend(_problems(job, outcome, timeout, memory))
        if outcome[0] == "ok":
            results[index] = outcome[1]
        _progress(len(jobs) - len(queue) - len(running), len(jobs), job.label)
    if problems:
        raise InputError(list(dict.fromkeys(problems)))
    return results


def _progress(done: int, total: int, label: str) -> None:
    """A progress line on stderr when it is a terminal and there is more than one job; silent otherwise."""
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
        outcome = ("crash", f"the worker exited with code {process.exitcode}")
    finally:
        conn.close()
    if outcome[0] == "timeout":
        process.kill()
    process.join()
    if outcome[0] == "crash" and process.exitcode and process.exitcode < 0:
        outcome = ("memory", None)
    return outcome


def _problems(job: Job, outcome: tuple[str, Any], timeout: float, memory: int) -> list[Diagnostic]:
    status, payload = outcome
    if status == "ok":
        return []
    if status == "input":
        return list(payload)
    if status == "timeout":
        return [Diagnostic("error", f"{job.label}: grounding and solving did not finish within {timeout:g} s; a rule "
                           "that builds ever new terms (such as p(X+1) :- p(X)) never stops grounding. Fix the rule "
                           "or raise --timeout")]
    if status == "memory":
        return [Diagnostic("error", f"{job.label}: ran out of memory (limit {memory / 1024**3:g} GiB) while grounding "
                           "or solving; the program grounds to too many atoms")]
    return [Diagnostic("error", f"{job.label}: the solver failed: {payload}")]
