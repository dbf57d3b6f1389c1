"""The sandbox: a job that runs out of memory, however it dies, is reported as such, naming the job and the limit."""

from __future__ import annotations

import os
import re
import resource
import signal
from pathlib import Path

import pytest

from theorycheck.errors import InputError
from theorycheck import sandbox
from theorycheck.sandbox import Job, run_bounded
from theorycheck.worker import default_memory, size

MIB = 1024**2
MEMORY = re.compile(r"theory 'x': ran out of memory: grounding or solving exceeded the memory limit of (.+?)"
                    r"( \(its worker died: [^)]*\))?; the program grounds to too many atoms")


def ground_a_lot() -> int:
    import clingo

    control = clingo.Control(["--warn=none"])
    control.add("base", [], "p(1..2000000). q(X, Y) :- p(X), Y = X + 1.")
    control.ground([("base", [])])
    return 1


def failure(job, memory: int) -> str:
    with pytest.raises(InputError) as err:
        run_bounded([Job("theory 'x'", job, ())], timeout=120, memory=memory)
    (error,) = err.value.diagnostics
    return error.message


def in_use() -> int:
    """The address space of this process, which the forked worker starts with."""
    return next(int(line.split()[1]) * 1024 for line in Path("/proc/self/status").read_text().splitlines()
                if line.startswith("VmSize:"))


@pytest.mark.parametrize("above_in_use, mib", [(False, 50), (False, 24), (True, 8), (True, 64)])
def test_a_job_over_the_memory_limit_says_so(above_in_use, mib):
    # However the limit strikes (clingo's bad_alloc, a library or thread stack that cannot be mapped, a worker
    # that dies before it can report), the message names the job and the limit, never an exit code alone.
    limit = (in_use() if above_in_use else 0) + mib * MIB
    message = failure(ground_a_lot, limit)
    found = MEMORY.fullmatch(message)
    assert found, message
    assert found.group(1) == size(limit)


def test_the_limit_in_words():
    assert [size(n * MIB) for n in (50, 1000, 1536, 8192)] == ["50 MiB", "1000 MiB", "1.5 GiB", "8 GiB"]


def test_a_worker_that_dies_without_a_word_is_reported_with_how_it_died():
    message = failure(lambda: os._exit(127), 2 * 1024**3)
    assert message == ("theory 'x': ran out of memory: grounding or solving exceeded the memory limit of 2 GiB "
                       "(its worker died: exit code 127); the program grounds to too many atoms")
    message = failure(lambda: os.kill(os.getpid(), signal.SIGKILL), 2 * 1024**3)
    assert "(its worker died: killed by SIGKILL)" in message


def test_other_failures_are_not_blamed_on_memory():
    def broken():
        raise ValueError("boom")

    assert failure(broken, 2 * 1024**3) == "theory 'x': the solver failed: ValueError: boom"
    assert failure(lambda: (lambda: None), 2 * 1024**3).startswith("theory 'x': the solver failed: ")  # unpicklable


def test_a_result_too_large_to_send_under_the_limit_is_out_of_memory():
    def large() -> bytearray:
        return bytearray(96 * MIB)  # fits under the limit; pickling a copy of it for the pipe does not

    message = failure(large, in_use() + 150 * MIB)
    assert MEMORY.fullmatch(message), message


@pytest.mark.parametrize("ram_gib, workers, limit_gib", [(16, 8, 1.5), (16, 1, 8), (64, 6, 8), (4, 8, 1), (2, 1, 1.5)])
def test_the_default_limit_shares_three_quarters_of_the_ram_among_the_workers(monkeypatch, ram_gib, workers, limit_gib):
    # 8 GiB for each of eight workers on a 16 GiB laptop would let the system swap or kill a worker before the limit
    # spoke; three quarters of the RAM shared among them, between 1 and 8 GiB each.
    pages = {"SC_PAGE_SIZE": 4096, "SC_PHYS_PAGES": ram_gib * 1024**3 // 4096}
    monkeypatch.setattr(os, "sysconf", pages.__getitem__)
    assert default_memory(workers) == limit_gib * 1024**3


def test_without_a_readable_ram_the_default_limit_is_8_gib(monkeypatch):
    def unknown(name):
        raise ValueError(f"unrecognized configuration name: {name}")

    monkeypatch.setattr(os, "sysconf", unknown)
    assert default_memory(2) == 8 * 1024**3
    monkeypatch.setattr(os, "sysconf", lambda name: -1)
    assert default_memory(2) == 8 * 1024**3


def test_each_worker_gets_the_default_limit_of_the_workers_side_by_side(monkeypatch):
    asked = []
    monkeypatch.setattr(sandbox, "default_memory", lambda workers: asked.append(workers) or 3 * 1024**3)
    limits = run_bounded([Job("theory 'x'", resource.getrlimit, (resource.RLIMIT_AS,))] * 3)
    assert limits == [(3 * 1024**3, 3 * 1024**3)] * 3
    assert asked == [min(3, os.cpu_count() or 1)]


def _stamped(seconds: float) -> tuple[float, float]:
    import time

    start = time.time()
    time.sleep(seconds)
    return start, time.time()


def _refused(message: str):
    raise InputError(message)


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one job at a time on one core")
def test_a_core_freed_by_a_short_job_takes_the_next_at_once(monkeypatch):
    """Jobs are collected as they finish, not in the order they started: the third job starts when the short
    second one ends, while the long first one still runs."""
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    long, short, third = run_bounded([Job("long", _stamped, (1.5,)), Job("short", _stamped, (0.05,)),
                                      Job("third", _stamped, (0.05,))])
    assert third[0] < long[1] - 0.5  # it did not wait for the long job
    assert short[1] <= third[0]


def test_failures_are_reported_in_the_jobs_order_whichever_ends_first(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    slow_failure = Job("first", lambda: (_stamped(0.5), _refused("first job's problem")), ())
    with pytest.raises(InputError) as err:
        run_bounded([slow_failure, Job("second", _refused, ("second job's problem",))])
    assert [d.message for d in err.value.diagnostics] == ["first job's problem", "second job's problem"]


def test_the_callers_own_work_runs_while_the_workers_do():
    import time

    called = []
    (stamps,) = run_bounded([Job("slow", _stamped, (0.5,))], meanwhile=lambda: called.append(time.time()))
    assert len(called) == 1 and called[0] < stamps[1] - 0.3  # once, without waiting for the job


def _plus(a, b):
    return a + b


def test_a_job_can_take_another_jobs_result():
    from theorycheck.sandbox import After

    jobs = [Job("sum", _plus, (After(2), 1)), Job("slow", _stamped, (0.2,)), Job("base", _plus, (2, 3))]
    total, _, base = run_bounded(jobs)
    assert (total, base) == (6, 5)


def test_a_job_whose_input_failed_does_not_run_and_the_failure_is_the_message():
    from theorycheck.sandbox import After

    ran = Job("after", _plus, (After(0), 1))
    with pytest.raises(InputError) as err:
        run_bounded([Job("first", _refused, ("the first job's problem",)), ran])
    assert [d.message for d in err.value.diagnostics] == ["the first job's problem"]
    with pytest.raises(ValueError, match="wait for results"):
        run_bounded([Job("itself", _plus, (After(0), 1))])


def _napping(seconds: float, answer: str) -> str:
    import time

    time.sleep(seconds)
    return answer


def test_later_jobs_are_made_when_the_first_of_them_is_due_while_the_jobs_before_them_run(monkeypatch):
    """A group's jobs (their generated facts) are made in the parent beside the workers already running."""
    import time

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    made = []

    def make() -> list[Job]:
        made.append(time.monotonic())
        return [Job("b", _napping, (0.0, "b")), Job("c", _napping, (0.0, "c"))]

    start = time.monotonic()
    results = run_bounded([Job("first", _napping, (1.5, "a")), sandbox.Later(2, make),
                           Job("last", _napping, (0.0, "d"))], timeout=60)
    assert results == ["a", "b", "c", "d"]
    assert len(made) == 1 and made[0] - start < 1.0  # made while the first job ran


def _now() -> float:
    import time

    return time.monotonic()


def test_a_core_whose_worker_has_ended_takes_the_next_job_before_a_group_is_made_beside(monkeypatch):
    """Making a group beside the running workers waits for no worker that has already ended: that one is collected
    and its core given the next job first."""
    import time

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    made = []

    def group(seconds: float, jobs: list[Job]):
        def make() -> list[Job]:
            made.append(time.monotonic())
            time.sleep(seconds)  # the parent's work of making the group (a quick job ends meanwhile)
            return jobs
        return make

    results = run_bounded([Job("quick", _plus, (1, 1)), sandbox.Later(1, group(0.5, [Job("slow", _napping, (3.0, "s"))])),
                           Job("next", _now, ()), sandbox.Later(1, group(2.0, [Job("last", _plus, (2, 2))]))],
                          timeout=60)
    assert results[:2] == [2, "s"] and results[3] == 4
    assert results[2] < made[1] + 1.0  # "next" ran on quick's core while the second group was made (2 s)


def test_later_jobs_that_are_never_due_are_never_made_and_a_wrong_count_is_an_error():
    assert run_bounded([sandbox.Later(0, lambda: 1 / 0)]) == []
    with pytest.raises(ValueError, match="2 jobs made where 3 were announced"):
        run_bounded([sandbox.Later(3, lambda: [Job("a", _plus, (1, 1)), Job("b", _plus, (1, 1))])])


def test_a_job_of_a_later_group_can_take_an_earlier_jobs_result_by_its_index():
    from theorycheck.sandbox import After

    jobs = [Job("base", _plus, (2, 3)), sandbox.Later(2, lambda: [Job("x", _plus, (After(0), 1)),
                                                                 Job("y", _plus, (After(3), 1))]),
            Job("z", _plus, (10, 0))]
    assert run_bounded(jobs) == [5, 6, 11, 10]  # y takes z's result: indices count the jobs a group makes
