"""Hostile and careless files beyond their text: links, devices, FIFOs, sizes, quadratic inputs, a growing
background; each refused with exit code 2 and a message, in bounded time, with nothing written."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from test_hostile import mini_kb, snapshot

SECRET = "token_3f9a_private"


@pytest.fixture
def kb(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return mini_kb(tmp_path / "kb")


def refused(cli, root: Path, *args: str, budget: float = 30.0) -> str:
    """Run `matrix` then `lint` with `args` (global options); both exit 2 within `budget` seconds, print no
    traceback and leave the KB as it was. The messages of `matrix`."""
    before = snapshot(root)
    messages = None
    for command in ("matrix", "lint"):
        start = time.monotonic()
        result = cli("--kb", root, *args, "--timeout", "20", command)
        assert result.exit_code == 2, result.stdout + result.stderr
        assert time.monotonic() - start < budget
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        assert snapshot(root) == before
        messages = result.stderr if messages is None else messages
    return messages


def test_findings_link_to_a_private_file_is_refused_unread(cli, kb, tmp_path):
    private = tmp_path / "private.txt"
    private.write_text(f"password {SECRET} (\n", encoding="utf-8")
    (kb / "findings.lp").unlink()
    (kb / "findings.lp").symlink_to(private)
    out = refused(cli, kb)
    assert "findings.lp is a symbolic link" in out and SECRET not in out


def test_theory_link_to_the_environment_is_refused_unread(cli, kb, monkeypatch):
    monkeypatch.setenv("THEORYCHECK_TEST_SECRET", SECRET)
    (kb / "theories" / "x.lp").symlink_to("/proc/self/environ")
    out = refused(cli, kb)
    assert "x.lp is a symbolic link" in out and SECRET not in out


def test_dangling_findings_link_is_an_error_not_an_empty_kb(cli, kb):
    (kb / "findings.lp").unlink()
    (kb / "findings.lp").symlink_to(kb / "gone.lp")
    assert "findings.lp is a symbolic link" in refused(cli, kb)


def test_theory_link_to_dev_zero_is_refused_at_once(cli, kb):
    (kb / "theories" / "zero.lp").symlink_to("/dev/zero")
    assert "zero.lp is a symbolic link" in refused(cli, kb, budget=10)


def test_a_device_named_on_the_command_line_is_refused_before_reading(cli, kb):
    out = refused(cli, kb, "--findings", "/dev/zero", budget=10)
    assert "/dev/zero is not a regular file: it is a device" in out


def test_fifo_theory_is_refused_without_blocking(cli, kb):
    os.mkfifo(kb / "theories" / "pipe.lp")
    assert "pipe.lp is not a regular file: it is a named pipe (FIFO)" in refused(cli, kb, budget=10)


def test_fifo_as_the_target_of_add_is_refused_without_blocking(cli, kb):
    os.mkfifo(kb / "pipe.lp")
    before = snapshot(kb)
    start = time.monotonic()
    result = cli("--kb", kb, "add", "--to", kb / "pipe.lp", "--id", "f_new", "--title", "T", "--kind", "similarity",
                 "--domain", "setting", "--species", "rat", "--paradigm", "self_administration", "--strength",
                 "robust", "--citation", "c1", "--locator", "Fig. 1", "--quote", "q",
                 "--observe", "effect(heroin, acute, nac_dopamine)=increase")
    assert result.exit_code == 2 and time.monotonic() - start < 10
    assert "pipe.lp: is a FIFO (named pipe), not a regular file" in result.stderr
    lock = str(kb / ".pipe.lp.lock")  # add's lock file, which it keeps (see README, Adding a finding)
    assert {k: v for k, v in snapshot(kb).items() if k != lock} == before


def test_a_folder_named_like_a_theory_is_refused(cli, kb):
    (kb / "theories" / "folder.lp").mkdir()
    assert "folder.lp is not a regular file: it is a folder" in refused(cli, kb)


def test_theories_folder_linked_elsewhere_is_refused(cli, kb, tmp_path):
    (kb / "theories").rename(tmp_path / "elsewhere")
    (kb / "theories").symlink_to(tmp_path / "elsewhere")
    assert "theories is a symbolic link" in refused(cli, kb)


def test_a_link_named_on_the_command_line_is_followed(cli, kb, tmp_path):
    real = tmp_path / "paper.lp"
    real.write_text((Path(__file__).parent / "bad_inputs" / "_findings.lp").read_text(encoding="utf-8")
                    .replace("known_finding", "other_finding").replace("c1", "c9"), encoding="utf-8")
    (tmp_path / "link.lp").symlink_to(real)
    result = cli("--kb", kb, "--findings", tmp_path / "link.lp", "lint")
    assert result.exit_code == 0, result.stderr


def test_a_file_over_16_mib_is_refused(cli, kb):
    with open(kb / "theories" / "huge.lp", "w", encoding="utf-8") as out:
        out.write(("% " + "x" * 1000 + "\n") * (17 * 1024))
    assert "huge.lp is larger than 16 MiB" in refused(cli, kb)


def test_a_line_over_16_kib_is_refused_at_its_line(cli, kb):
    (kb / "theories" / "wide.lp").write_text("%! theory wide\n\n% " + "x" * 20000 + "\n", encoding="utf-8")
    assert f"{kb / 'theories' / 'wide.lp'}:3:1: error: line longer than 16384 characters" in refused(cli, kb)


def test_a_20_mb_title_is_refused_in_bounded_memory(cli, kb, tmp_path):
    paper = tmp_path / "paper.lp"
    paper.write_text('finding(f_big).\ntitle(f_big, "' + "x" * 20_000_000 + '").\n', encoding="utf-8")
    assert "paper.lp is larger than 16 MiB" in refused(cli, kb, "--findings", paper, budget=10)


@pytest.mark.parametrize("depth", [2_000, 100_000])
def test_a_deeply_nested_term_is_refused_at_its_line(cli, kb, depth):
    nested = "".join("f(\n" if i % 1000 == 999 else "f(" for i in range(depth)) + "a" + \
        "".join(")\n" if i % 1000 == 999 else ")" for i in range(depth))  # lines under the length limit
    (kb / "theories" / "deep.lp").write_text("%! theory deep\n%! axiom a [1]: c.\nx(" + nested + ").\n",
                                             encoding="utf-8")
    out = refused(cli, kb)
    assert f"{kb / 'theories' / 'deep.lp'}:3:" in out and "brackets nested more than 50 deep" in out


def test_a_file_of_lone_quotes_is_read_in_linear_time(cli, kb, tmp_path):
    paper = tmp_path / "quotes.lp"
    paper.write_text('"\n' * 300_000, encoding="utf-8")  # 600 KB; 32 s before, quadratic
    assert 'quotes.lp:1:1: error:' in refused(cli, kb, "--findings", paper, budget=15)


def test_a_large_bibtex_file_is_read_in_linear_time(cli, kb, tmp_path):
    (tmp_path / "paper.lp").write_text("", encoding="utf-8")
    (tmp_path / "paper.bib").write_text("".join(f"@article{{k{i}, title={{T}}, doi={{10.1/x{i}}}}}\n"
                                                for i in range(60_000)) + "@article{bad, doi={x}}\n",
                                        encoding="utf-8")  # 42 s before, quadratic
    out = refused(cli, kb, "--findings", tmp_path / "paper.lp", budget=15)
    assert "paper.bib:60001:1: error: BibTeX entry 'bad'" in out


GROWING = "\nnum(0).\nnum(X+1) :- num(X).\n"


@pytest.mark.parametrize("command", ["lint", "run"])
def test_a_growing_background_stops_at_the_timeout_with_the_rule_named(cli, kb, command):
    background = kb / "theories" / "background.lp"
    background.write_text(background.read_text(encoding="utf-8") + GROWING, encoding="utf-8")
    line = background.read_text(encoding="utf-8").count("\n")
    start = time.monotonic()
    result = cli("--kb", kb, "--timeout", "2", command)
    assert result.exit_code == 2 and time.monotonic() - start < 15
    assert "the background: grounding and solving did not finish within 2 s" in result.stderr
    assert f"{background}:{line}:1: error: rule 'num(X+1) :- num(X).' may build ever new terms" in result.stderr


def test_a_growing_background_stops_at_the_memory_limit_with_the_rule_named(cli, kb, monkeypatch):
    monkeypatch.setattr("theorycheck.sandbox.default_memory", lambda workers: 400 * 1024**2)
    background = kb / "theories" / "background.lp"
    background.write_text(background.read_text(encoding="utf-8") + GROWING, encoding="utf-8")
    result = cli("--kb", kb, "--timeout", "120", "lint")
    assert result.exit_code == 2
    assert "the background: ran out of memory" in result.stderr and "may build ever new terms" in result.stderr
