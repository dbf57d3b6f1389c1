"""Rules that may build ever new terms: found in the text of a program, without grounding it."""

from __future__ import annotations

from pathlib import Path

import pytest

from theorycheck.solver import SourceFile, growing_rules

GROWS = "may build ever new terms (its head makes a new term from its own body), so grounding never ends"


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
