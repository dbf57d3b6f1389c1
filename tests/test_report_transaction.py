"""Reports as one transaction: the folder holds the whole old set or the whole new one, whatever stops `matrix`."""

from __future__ import annotations

import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import MINI_BACKGROUND, SLOW, findings_text, theory_text, wait_for_workers
from theorycheck import transaction
from theorycheck.transaction import recover, write_set

NAMES = [f"r{i}.md" for i in range(8)]
THEORY = theory_text("t", """
    %! axiom up [1]: Every drug raises dopamine.
    predicts(effect(D, M, nac_dopamine), increase) :- asked(effect(D, M, nac_dopamine)), drug(D).
""")


def generation(n: int, names=NAMES) -> dict[str, str]:
    return {name: f"# {name} of generation {n}\n" + "x" * (97 * n % 4000) + "\n" for name in names}


def contents(folder: Path) -> dict[str, str]:
    """Name -> text of each entry of the folder ("<dir>" for a subfolder)."""
    if not folder.exists():
        return {}
    return {p.name: ("<dir>" if p.is_dir() else p.read_text()) for p in folder.iterdir()}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if ".theorycheck-" in p.name)


def write(folder: Path, texts: dict[str, str]) -> None:
    write_set(folder, {folder / name: text for name, text in texts.items()})


@pytest.fixture
def reports(tmp_path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    write(folder, generation(1))
    (folder / "README.md").write_text("hand-written\n")
    return folder


def test_the_new_set_replaces_the_old_and_other_files_are_the_same_files(reports):
    readme = (reports / "README.md").stat().st_ino
    os.chmod(reports / "r0.md", 0o640)
    write(reports, generation(2))
    assert contents(reports) == {**generation(2), "README.md": "hand-written\n"}
    assert (reports / "README.md").stat().st_ino == readme  # a hard link of the very file, not a copy
    assert (reports / "r0.md").stat().st_mode & 0o777 == 0o640
    assert leftovers(reports) == []


def test_a_new_folder_is_created_whole(tmp_path):
    write(tmp_path / "out" / "reports", generation(3))
    assert contents(tmp_path / "out" / "reports") == generation(3)


@pytest.mark.parametrize("exchange", [True, False], ids=["swapped", "journaled"])
def test_a_failure_while_staging_leaves_the_old_set_and_nothing_else(reports, monkeypatch, exchange):
    monkeypatch.setattr(transaction, "_exchange", transaction._exchange if exchange else lambda a, b: False)
    calls = []
    real = transaction._write_synced

    def failing(path, text, mode, exclusive=True):
        calls.append(path)
        if len(calls) == 5:
            raise OSError(27, "File too large")
        real(path, text, mode, exclusive)

    monkeypatch.setattr(transaction, "_write_synced", failing)
    before = contents(reports)
    with pytest.raises(OSError):
        write(reports, generation(2))
    assert contents(reports) == before and leftovers(reports) == []


def test_a_folder_with_a_subfolder_is_switched_by_journaled_renames(reports):
    (reports / "figures").mkdir()
    (reports / "figures" / "a.png").write_bytes(b"png")
    write(reports, generation(2))
    assert (reports / "figures" / "a.png").read_bytes() == b"png"
    assert {n: t for n, t in contents(reports).items() if n in NAMES} == generation(2)


def test_a_committed_switch_cut_short_is_completed_before_anything_else(reports, monkeypatch):
    monkeypatch.setattr(transaction, "_exchange", lambda a, b: False)
    real, moved = os.replace, []

    def dying(src, dst):
        if str(dst).startswith(str(reports) + os.sep):
            moved.append(dst)
            if len(moved) == 3:
                raise KeyboardInterrupt  # killed in the middle of the renames, and recover() too
        real(src, dst)

    monkeypatch.setattr(transaction.os, "replace", dying)
    with pytest.raises(KeyboardInterrupt):
        write(reports, generation(2))
    monkeypatch.setattr(transaction.os, "replace", real)
    recover(reports)
    assert {n: t for n, t in contents(reports).items() if n in NAMES} == generation(2)
    assert leftovers(reports) == []


def test_only_the_staging_folder_the_journal_names_is_removed(reports):
    mine = reports.parent / ".reports.theorycheck-0123456789abcdef"
    mine.mkdir()
    (mine / "keep").write_text("a user's folder that only looks like a staging folder")
    write(reports, generation(2))
    assert (mine / "keep").exists()


def test_a_reports_path_that_is_a_file_is_exit_2_and_nothing_changes(cli, tmp_path):
    kb = _kb(tmp_path / "kb")
    (tmp_path / "taken").write_text("mine")
    done = cli("--kb", kb, "matrix", "--output", tmp_path / "taken")
    assert done.exit_code == 2 and "cannot write the reports to" in done.stderr and "Traceback" not in done.stderr
    assert (tmp_path / "taken").read_text() == "mine"


# A process that switches generation after generation of a report set in, until it is killed.
SWITCHER = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from test_report_transaction import generation, write
from theorycheck import transaction
if sys.argv[4] == "journaled":
    transaction._exchange = lambda a, b: False
folder, n = Path(sys.argv[1]), int(sys.argv[2])
print("ready", flush=True)
while True:
    n += 1
    write(folder, generation(n))
"""


def whole_generation(folder: Path) -> int:
    """The generation the report files all belong to (failing the test if they are a mix)."""
    found = {name: text for name, text in contents(folder).items() if name in NAMES}
    assert set(found) == set(NAMES)
    numbers = {int(text.split()[4]) for text in found.values()}
    assert len(numbers) == 1, f"a mix of generations {sorted(numbers)}"
    n = numbers.pop()
    assert found == generation(n)
    return n


@pytest.mark.parametrize("mode", ["swapped", "journaled"])
def test_killed_at_random_moments_the_folder_holds_one_whole_generation(reports, mode):
    """SIGKILL at random delays: swapped, the folder is whole at every instant; journaled, once recovered."""
    rng, n, switched = random.Random(16), 1, 0
    for _ in range(25):
        child = subprocess.Popen([sys.executable, "-c", SWITCHER, str(reports), str(n), str(Path(__file__).parent),
                                  mode], stdout=subprocess.PIPE, text=True)
        child.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.15))
        child.kill()
        child.wait()
        if mode == "journaled":
            recover(reports)
        new = whole_generation(reports)
        switched += new > n
        n = new
        assert (reports / "README.md").read_text() == "hand-written\n"
    write(reports, generation(n + 1))  # the next run removes what the killed ones left
    assert leftovers(reports) == [] and switched >= 5


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(old=st.sets(st.sampled_from(NAMES)), new=st.sets(st.sampled_from(NAMES), min_size=1),
       extra=st.sets(st.sampled_from(["README.md", "notes.txt", "sub"])), stop_at=st.integers(0, 40),
       exchange=st.booleans())
def test_an_interrupted_write_leaves_the_reports_as_they_were_or_wholly_new(tmp_path_factory, monkeypatch, old, new,
                                                                          extra, stop_at, exchange):
    """Property: stopped at any file operation, the files written are all old (or absent) or all new after
    recovery, and the other entries are untouched."""
    folder = tmp_path_factory.mktemp("p") / "reports"
    folder.mkdir()
    for name in old:
        (folder / name).write_text(f"old {name}")
    for name in extra:
        (folder / name).mkdir() if name == "sub" else (folder / name).write_text(f"own {name}")
    before = contents(folder)
    steps = []

    def step(real):
        def wrapped(*args, **kwargs):
            steps.append(real)
            if len(steps) == stop_at:
                raise KeyboardInterrupt
            return real(*args, **kwargs)
        return wrapped

    with monkeypatch.context() as patch:
        for name in ("replace", "rename", "link", "fsync"):
            patch.setattr(transaction.os, name, step(getattr(os, name)))
        patch.setattr(transaction, "_write_synced", step(transaction._write_synced))
        if not exchange:
            patch.setattr(transaction, "_exchange", lambda a, b: False)
        else:
            patch.setattr(transaction, "_exchange", step(transaction._exchange))
        try:
            write_set(folder, {folder / name: f"new {name}" for name in new})
        except KeyboardInterrupt:
            pass
    recover(folder)
    after = contents(folder)
    wholly_new = {**before, **{name: f"new {name}" for name in new}}
    assert after in (before, wholly_new)
    assert leftovers(folder) == []


def _kb(root: Path) -> Path:
    from conftest import build_kb

    return build_kb(root, {"t": THEORY}, findings_text({"f1": [("effect(heroin, acute, nac_dopamine)", "increase")]}),
                    background=MINI_BACKGROUND)


def _matrix(kb: Path, *extra: str, limits=None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "theorycheck", "--kb", str(kb), *extra, "matrix"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=limits)


def _old_reports(kb: Path) -> dict[str, str]:
    folder = kb / "reports"
    folder.mkdir(exist_ok=True)
    (folder / "README.md").write_text("hand-written\n")
    for name in ("compatibility_matrix.md", "t.md", "repairs.md"):
        (folder / name).write_text(f"old {name}\n")
    return contents(folder)


def test_a_file_size_limit_gives_exit_2_and_the_old_reports_whole(tmp_path):
    kb = _kb(tmp_path / "kb")
    before = _old_reports(kb)

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (300, 300))

    child = _matrix(kb, limits=small_files)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 2, err
    assert "error: cannot write the reports to" in err and "File too large" in err and "Traceback" not in err
    assert out == "" and contents(kb / "reports") == before and leftovers(kb / "reports") == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_stopping_signal_gives_128_plus_its_number_and_the_old_reports_whole(tmp_path, sig):
    kb = _kb(tmp_path / "kb")
    (kb / "theories" / "slow.lp").write_text(SLOW)
    before = _old_reports(kb)
    child = _matrix(kb, "--timeout", "60")
    wait_for_workers(child.pid)
    child.send_signal(sig)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 128 + sig, err
    assert f"interrupted by {signal.Signals(sig).name}" in err and "Traceback" not in err
    assert contents(kb / "reports") == before and leftovers(kb / "reports") == []
