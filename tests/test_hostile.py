"""The hostile-input corpus (tests/hostile): each case refused with exit code 2 at its line, nothing written."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import CORPUS

HOSTILE = Path(__file__).parent / "hostile"
CASES = sorted(HOSTILE.glob("*.lp"))
_EXPECT = re.compile(r"^% expect: (\d+): (.+)$")


def snapshot(root: Path) -> dict[str, tuple[str, bytes]]:
    """Every entry under `root` with its kind and content (a link's target), to compare before and after."""
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            if path.is_symlink():
                found[str(path)] = ("link", os.readlink(path).encode())
            elif path.is_file():
                found[str(path)] = ("file", path.read_bytes())
            else:
                found[str(path)] = ("other", b"")
    return found


def mini_kb(root: Path) -> Path:
    """The bad-input corpus's small KB, with an old report that a refused command must leave as it is."""
    (root / "theories").mkdir(parents=True)
    shutil.copy(CORPUS / "_background.lp", root / "theories" / "background.lp")
    shutil.copy(CORPUS / "_theory.lp", root / "theories" / "good.lp")
    shutil.copy(CORPUS / "_findings.lp", root / "findings.lp")
    (root / "reports").mkdir()
    (root / "reports" / "compatibility_matrix.md").write_text("old report\n", encoding="utf-8")
    return root


def place(root: Path, case: Path) -> tuple[list[str], str, int]:
    """Put the case where its first letter says: (extra global options, the file messages name, line offset)."""
    if case.name.startswith("t"):
        target = root / "theories" / case.name
        shutil.copy(case, target)
        return [], str(target), 0
    if case.name.startswith("f"):
        return ["--findings", str(case)], str(case), 0
    background = root / "theories" / "background.lp"
    before = background.read_text(encoding="utf-8")
    background.write_text(before + case.read_text(encoding="utf-8"), encoding="utf-8")
    return [], str(background), before.count("\n")


def test_the_corpus_is_large():
    assert len(CASES) >= 45


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_hostile_case_is_refused_at_its_line_and_writes_nothing(cli, tmp_path, monkeypatch, case):
    match = _EXPECT.match(case.read_text(encoding="utf-8").split("\n", 1)[0])
    assert match, f"{case.name}: the first line must be `% expect: LINE: FRAGMENT`"
    line, fragment = int(match.group(1)), match.group(2)
    monkeypatch.chdir(tmp_path)  # where a script that ran would leave its mark
    root = mini_kb(tmp_path / "kb")
    options, path, offset = place(root, case)
    before = snapshot(root)
    for command in ("matrix", "lint"):
        result = cli("--kb", root, *options, "--timeout", "20", command)
        assert result.exit_code == 2, result.stderr
        assert any(message.startswith(f"{path}:{line + offset}:") and fragment in message
                   for message in result.stderr.splitlines()), result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        assert snapshot(root) == before
    assert not (tmp_path / "SCRIPT_RAN").exists()


def test_a_term_that_divides_never_reaches_clingo():
    """clingo 5.8 dies of SIGFPE evaluating -2147483648 / -1 (and its modulo) in parse_term, taking the process with
    it: a key given on the command line or a fact that divides is refused before (a regression ends this run)."""
    from theorycheck.errors import InputError
    from theorycheck.solver.parsing import divides, dividing_lines, parse_term

    for text in ("-2147483648/-1", "f(-2147483648 \\ -1)", "f((-2147483647-1)/(-1))"):
        assert divides(text)
        with pytest.raises(InputError, match="not a ground term"):
            parse_term(text)
    assert not divides('citation(c1, "Someone 2020", "10.1/x\\\\y")')
    assert dividing_lines('a("1/2"). % 1/2\nb(X) :- a(Y), X = Y / 2.\n') == [(2, "b(X) :- a(Y), X = Y / 2.")]
