"""Workers die with their parent: no signal that ends `theorycheck` leaves a worker running without its limits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import MINI_BACKGROUND, SLOW, build_kb, findings_text, wait_for_workers, workers_of


@pytest.fixture
def slow_kb(tmp_path) -> Path:
    return build_kb(tmp_path / "kb", {"slow": SLOW}, findings_text({"f1": [("effect(heroin, acute, nac_dopamine)",
                                                                           "increase")]}), background=MINI_BACKGROUND)


def gone(pids: list[int], within: float = 10.0) -> bool:
    """Whether every process of `pids` has ended (dead or a zombie) within the time given."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not [p for p in pids if _alive(p)]:
            return True
        time.sleep(0.05)
    return False


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def start(kb: Path, command: str = "matrix") -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "theorycheck", "--kb", str(kb), "--timeout", "120", command],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stopping_signal_ends_every_worker_and_exits_128_plus_its_number(slow_kb, sig):
    child = start(slow_kb)
    workers = wait_for_workers(child.pid)
    child.send_signal(sig)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 128 + sig and f"interrupted by {signal.Signals(sig).name}" in err, err
    assert gone(workers), [p for p in workers if _alive(p)]
    assert not (slow_kb / "reports").exists()


def test_a_killed_parent_takes_its_workers_with_it(slow_kb):
    """SIGKILL runs no handler: the kernel ends the workers (PR_SET_PDEATHSIG)."""
    child = start(slow_kb, "run")
    workers = wait_for_workers(child.pid)
    child.kill()
    child.communicate(timeout=60)
    assert gone(workers), [p for p in workers if _alive(p)]


def test_a_worker_whose_parent_is_already_gone_ends_at_once():
    from theorycheck.worker import _die_with

    pid = os.fork()
    if pid == 0:  # the worker, told that its parent is some other process
        _die_with(parent=os.getppid() + 1_000_000)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 1


def test_an_exception_in_the_parent_ends_the_running_workers(monkeypatch):
    from theorycheck import sandbox
    from theorycheck.sandbox import Job, run_bounded

    def interrupted(conn, process, deadline):
        raise KeyboardInterrupt

    monkeypatch.setattr(sandbox, "_collect", interrupted)
    before = set(workers_of(os.getpid()))
    with pytest.raises(KeyboardInterrupt):
        # The quick job ends first and is being collected when the interruption comes; the sleeper still runs.
        run_bounded([Job("quick", time.sleep, (0,)), Job("sleeper", time.sleep, (60,))], timeout=120)
    assert set(workers_of(os.getpid())) <= before
