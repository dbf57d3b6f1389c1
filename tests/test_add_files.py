"""`add` touches only files it created, keeps line ends, and refuses links, FIFOs and devices before opening them."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CITATION, MINI_BACKGROUND, finding_block
from theorycheck import writer
from theorycheck.adding import NewFinding, add_finding
from theorycheck.errors import InputError

START = CITATION + finding_block("f0", [("effect(heroin, acute, nac_dopamine)", "increase")]) + 'quote(f0, "q").\n'
NEW = NewFinding(id="cocaine_up", title="Cocaine raises NAc dopamine", kind="similarity", domain="setting",
                 species=["rat"], paradigms=["self_administration"], strength="robust", citation="c1",
                 locator="Fig. 3", observations=["effect(cocaine, acute, nac_dopamine)=increase"], quote="a quote")
ARGS = ["add", "--id", "cocaine_up", "--title", "Cocaine raises NAc dopamine", "--kind", "similarity", "--domain",
        "setting", "--species", "rat", "--paradigm", "self_administration", "--strength", "robust", "--citation", "c1",
        "--locator", "Fig. 3", "--quote", "a quote", "--observe", "effect(cocaine, acute, nac_dopamine)=increase"]


@pytest.fixture
def kb(make_kb) -> Path:
    return make_kb({}, START, background=MINI_BACKGROUND)


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry of the folder: a file's bytes, a link's target, the kind of anything else."""
    out = {}
    for entry in sorted(folder.iterdir()):
        if entry.is_symlink():
            out[entry.name] = f"-> {os.readlink(entry)}"
        elif entry.is_file():
            out[entry.name] = entry.read_bytes()
        else:
            out[entry.name] = "other"
    return out


def test_a_users_file_named_like_a_temporary_file_survives(kb):
    (kb / ".findings.lp.20241206").write_text("my backup")
    add_finding(kb, NEW)
    assert (kb / ".findings.lp.20241206").read_text() == "my backup"


def test_the_temporary_file_of_a_killed_add_is_removed_and_only_it(kb, monkeypatch):
    def killed(tmp, path):
        raise KeyboardInterrupt  # the process dies between writing the temporary file and renaming it

    monkeypatch.setattr("theorycheck.adding.commit", killed)
    with pytest.raises(KeyboardInterrupt):
        add_finding(kb, NEW)
    monkeypatch.undo()
    # what a SIGKILL would have left: the temporary file (the `finally` above removed it; put one back) and the record
    stale = kb / ".findings.lp.k1ll3d0k"
    stale.write_text("half")
    (kb / ".findings.lp.lock").write_text(stale.name)
    (kb / ".findings.lp.other123").write_text("someone else's")
    add_finding(kb, NEW)
    assert not stale.exists() and (kb / ".findings.lp.other123").read_text() == "someone else's"
    assert (kb / ".findings.lp.lock").read_text() == ""


def test_temporary_names_are_unguessable_and_created_exclusively(kb, monkeypatch):
    # Each temporary file is created with O_EXCL under a random name, and the lock file already names it when it
    # is created: a writer killed in between leaves nothing the next writer cannot find and remove.
    opened = []
    real = writer.os.open

    def spy(name, flags, *args):
        if Path(name).name.startswith(".findings.lp.") and not str(name).endswith(".lock") and flags & writer.os.O_CREAT:
            journal = (kb / ".findings.lp.lock").read_text(encoding="utf-8")
            opened.append((Path(name).name, bool(flags & writer.os.O_EXCL), journal))
        return real(name, flags, *args)

    monkeypatch.setattr(writer.os, "open", spy)
    add_finding(kb, NEW)
    assert len(opened) == 1
    name, exclusive, journal = opened[0]
    assert name.startswith(".findings.lp.") and len(name) >= len(".findings.lp.") + 8
    assert exclusive and journal == name


@pytest.mark.parametrize("end", ["\r\n", "\n"], ids=["crlf", "lf"])
def test_the_files_line_ends_are_kept(kb, end):
    old = START.replace("\n", end).encode()
    (kb / "findings.lp").write_bytes(old)
    add_finding(kb, NEW)
    new = (kb / "findings.lp").read_bytes()
    assert new.startswith(old) and new.count(b"\n") == new.count(end.encode()) and new.endswith(end.encode())
    assert new.count(b"\n") > old.count(b"\n") + 5


def test_a_new_file_gets_unix_line_ends(kb, tmp_path):
    add_finding(kb, NEW, target=tmp_path / "mine.lp", findings=[])
    assert b"\r" not in (tmp_path / "mine.lp").read_bytes()


@pytest.mark.parametrize("default", [True, False], ids=["findings.lp", "--to"])
def test_a_symlinked_target_is_refused_and_left_a_link(cli, kb, tmp_path, default):
    real = tmp_path / "shared.lp"
    real.write_text(START)
    link = kb / "findings.lp" if default else kb / "mine.lp"
    link.unlink(missing_ok=True)
    link.symlink_to(real)
    before, real_before = snapshot(kb), real.read_bytes()
    done = cli("--kb", kb, *ARGS, *([] if default else ["--to", link]))
    where = str(link) if default else f"--to {link}"
    assert done.exit_code == 2 and "Traceback" not in done.stderr
    assert f"error: {where}: is a symbolic link (to {real}); add writes only to a regular file" in done.stderr
    assert snapshot(kb) == before and real.read_bytes() == real_before


def test_a_dangling_symlink_is_refused(cli, kb):
    (kb / "ghost.lp").symlink_to(kb / "nowhere.lp")
    before = snapshot(kb)
    done = cli("--kb", kb, *ARGS, "--to", kb / "ghost.lp")
    assert done.exit_code == 2 and "is a symbolic link (to" in done.stderr
    assert snapshot(kb) == before and not (kb / "nowhere.lp").exists()


def test_a_fifo_target_is_refused_without_opening_it(kb):
    """In a child process with a time limit: before the fix, opening the FIFO waited for a writer forever."""
    fifo = kb / "pipe.lp"
    os.mkfifo(fifo)
    before = snapshot(kb)
    done = subprocess.run([sys.executable, "-m", "theorycheck", "--kb", str(kb), *ARGS, "--to", str(fifo)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert f"error: --to {fifo}: is a FIFO (named pipe), not a regular file" in done.stderr
    assert snapshot(kb) == before


@pytest.mark.parametrize("kind", ["a character device", "a folder"])
def test_a_device_or_a_folder_is_refused(cli, kb, tmp_path, kind):
    """Never with /dev/null itself: an `add` that renamed over it (as the code before this test did) would replace
    the machine's /dev/null with a plain file when run as root. A copy of it in tmp_path stands in."""
    target = kb
    if kind == "a character device":
        target = tmp_path / "null"
        try:
            os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("making a device node needs root")
    before = snapshot(kb)
    done = cli("--kb", kb, *ARGS, "--to", target)
    assert done.exit_code == 2 and f"is {kind}, not a regular file" in done.stderr
    assert snapshot(kb) == before and (kind == "a folder" or stat.S_ISCHR(os.lstat(target).st_mode))


def test_a_dry_run_refuses_a_fifo_too(cli, kb):
    os.mkfifo(kb / "pipe.lp")
    done = cli("--kb", kb, *ARGS, "--dry-run", "--to", kb / "pipe.lp")
    assert done.exit_code == 2 and "is a FIFO" in done.stderr


@pytest.mark.parametrize("make", [lambda p: os.mkfifo(p), lambda p: p.symlink_to("/dev/zero")], ids=["fifo", "link"])
def test_a_hostile_lock_file_is_refused_not_waited_on(kb, make):
    make(kb / ".findings.lp.lock")
    before = (kb / "findings.lp").read_bytes()
    with pytest.raises(InputError, match="cannot lock"):
        add_finding(kb, NEW)
    assert (kb / "findings.lp").read_bytes() == before
