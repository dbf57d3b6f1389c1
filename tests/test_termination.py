"""Rules that may build ever new terms: found in the text, and named at their line when a grounding never ends."""

from __future__ import annotations

from pathlib import Path

import pytest

import theorycheck
from theorycheck.solver import SourceFile, growing_rules

from conftest import MINI_BACKGROUND, findings_text, theory_text

GROWS = "may build ever new terms (its head makes a new term from its own body): unless a condition bounds them, grounding never ends"


def flagged(tmp_path: Path, *texts: str) -> list[tuple[str, int, str]]:
    """(file name, line, rule) of each rule `growing_rules` flags in the files with these texts, grounded together."""
    files = []
    for number, text in enumerate(texts):
        path = tmp_path / f"f{number}.lp"
        path.write_text(text, encoding="utf-8")
        files.append(SourceFile(path, text, lambda line: None, False))
    found = []
    for diag in growing_rules(files):
        rule, rest = diag.message.removeprefix("rule '").split("' ", 1)
        assert (diag.severity, rest) == ("error", GROWS)
        found.append((Path(diag.location.file).name, diag.location.line, rule))
    return found


@pytest.mark.parametrize("program, rules", [
    ("p(1).\np(X+1) :- p(X).", [(2, "p(X+1) :- p(X).")]),
    ("p(1).\np(X+1) :- p(X), X < 10.", [(2, "p(X+1) :- p(X), X < 10.")]),  # terminates: a hint, not a verdict
    ("p(a).\np(f(X)) :- p(X).", [(2, "p(f(X)) :- p(X).")]),
    ("p(1).\np((X, X)) :- p(X).", [(2, "p((X, X)) :- p(X).")]),
    ("n(0).\nn(Y) :- n(X), Y = X + 1.", [(2, "n(Y) :- n(X), Y = X + 1.")]),
    ("p(1).\n{ p(X*2) } :- p(X).", [(2, "{ p(X*2) } :- p(X).")]),
    ("a(0).\nb(f(X)) :- a(X).\na(Y) :- b(Y).", [(2, "b(f(X)) :- a(X).")]),  # the cycle runs through a/1
    ("p(1).\np(X + 1)\n  :- p(X).", [(2, "p(X + 1) :- p(X).")]),  # as written, on one line
])
def test_recursive_rules_that_build_terms_are_flagged(tmp_path, program, rules):
    assert flagged(tmp_path, program) == [("f0.lp", line, rule) for line, rule in rules]


@pytest.mark.parametrize("program", [
    "p(1).\nq(f(X)) :- p(X).",  # a function head, but q/1 feeds nothing back
    "p(1).\nq(X+1) :- p(X).",  # arithmetic, but not recursive
    "q(1).\np(X+1) :- q(X), not p(X).",  # recursion through negation only
    "p(f(f(a))).\np(X) :- p(f(X)).",  # recursive, but the terms shrink
    "e(1,2). e(2,3).\nr(X,Y) :- e(X,Y).\nr(X,Z) :- r(X,Y), e(Y,Z).",  # recursive, over the terms there are
    "m(s(a,b)). d(b,x).\nd(s(S,M),X) :- m(s(S,M)), d(M,X).",  # s(S,M) is matched in m/1, not built
    "q(1). r(f(1)).\np(0).\np(X) :- p(Y), q(X), r(f(Y)).",  # the function term is in the body
])
def test_other_rules_are_not(tmp_path, program):
    assert flagged(tmp_path, program) == []


def test_a_cycle_across_files_is_found_in_the_file_of_the_rule(tmp_path):
    assert flagged(tmp_path, "base(0).\nnext(X) :- grown(X).", "grown(X+1) :- next(X).\ngrown(X) :- base(X).") == [
        ("f1.lp", 1, "grown(X+1) :- next(X).")]


def test_no_rule_of_the_repository_is_flagged(repo_kb):
    assert [d for name in repo_kb.theories for d in growing_rules(repo_kb.sources(name))] == []


ENDLESS = theory_text("endless", """
    %! axiom grow [1]: Numbers grow without end.
    n(0).
    n(X+1) :- n(X).
""")
FINDINGS = findings_text({"f1": [("effect(heroin, acute, nac_dopamine)", "increase")]})


@pytest.fixture
def endless_kb(make_kb) -> Path:
    return make_kb({"endless": ENDLESS}, FINDINGS, background=MINI_BACKGROUND)


def test_run_names_the_rule_at_its_line_when_time_runs_out(cli, endless_kb):
    done = cli("--kb", endless_kb, "--timeout", "1", "run", "--theory", "endless")
    path = endless_kb / "theories" / "endless.lp"
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [
        # at once, before grounding starts; then the error when the time limit ends it
        f"{path}:6:1: warning: rule 'n(X+1) :- n(X).' {GROWS} (the run stops at --timeout or at the memory limit)",
        f"error: {path}: theory 'endless': grounding and solving did not finish within 1 s; a rule that builds ever "
        "new terms never stops grounding, and the rule below may. Fix it or raise --timeout",
        f"{path}:6:1: error: rule 'n(X+1) :- n(X).' {GROWS}"]


def test_matrix_writes_nothing_when_time_runs_out(cli, endless_kb, tmp_path):
    done = cli("--kb", endless_kb, "--timeout", "1", "matrix", "--output", tmp_path / "out")
    assert (done.exit_code, done.stdout) == (2, "")
    assert f"{endless_kb / 'theories' / 'endless.lp'}:6:1: error: rule 'n(X+1) :- n(X).' {GROWS}" in done.stderr
    assert not (tmp_path / "out").exists() and not (endless_kb / "reports").exists()


def test_the_rule_is_named_when_memory_runs_out(endless_kb, monkeypatch):
    from theorycheck import sandbox

    in_use = next(int(line.split()[1]) * 1024 for line in Path("/proc/self/status").read_text().splitlines()
                  if line.startswith("VmSize:"))  # the worker starts as a copy of this process
    monkeypatch.setattr(sandbox, "default_memory", lambda workers: in_use + 256 * 1024**2)
    with pytest.raises(theorycheck.InputError) as err:
        theorycheck.check(theorycheck.load_kb(endless_kb), timeout=120)
    general, rule = err.value.diagnostics
    assert "theory 'endless': ran out of memory" in general.message
    assert str(rule) == f"{endless_kb / 'theories' / 'endless.lp'}:6:1: error: rule 'n(X+1) :- n(X).' {GROWS}"
