"""A theory's versions as alternative answer sets: the theory predicts what every version predicts; reports add what
each version says on its own. Small theories with exact expected answers."""

from __future__ import annotations

from pathlib import Path

import pytest

import theorycheck
from theorycheck.errors import InputError

from test_conflicts import make_kb

HEADER = "%! theory t\n%! title: T\n%! citation: Test (2024)\n"
VERSIONS = "%! version v1 [1]: the first version.\n%! version v2 [2]: the second version.\n"


def check(root: Path, **kwargs):
    return theorycheck.check(theorycheck.load_kb(root), **kwargs).theory("t")


def test_the_theory_predicts_what_every_version_predicts(tmp_path):
    # v1 predicts the observed increase, v2 a decrease: no version's prediction is the theory's, and the two are
    # never in one answer set, so the theory is neither contradicted nor incoherent.
    root = make_kb(tmp_path, HEADER + VERSIONS + (
        "%! axiom up [1] in v1: everything rises.\npredicts(K, increase) :- asked(K).\n"
        "%! axiom down [1] in v2: everything falls.\npredicts(K, decrease) :- asked(K).\n"))
    result = check(root)
    assert result.verdict("f1").verdict == "silent"
    assert result.incoherences == ()
    assert result.version_verdicts("f1") == {"v1": "explained", "v2": "contradicted"}
    assert result.versions_note("f1") == "explained by the v1 version only; contradicted by the v2 version only"


def test_a_prediction_every_version_makes_is_the_theorys(tmp_path):
    root = make_kb(tmp_path, HEADER + VERSIONS + (
        "%! axiom up [1] in v1: everything rises.\npredicts(K, increase) :- asked(K).\n"
        "%! axiom also_up [1] in v2: everything rises too.\npredicts(K, increase) :- asked(K).\n"))
    result = check(root)
    assert result.verdict("f1").verdict == "explained"
    assert result.version_verdicts("f1") == {"v1": "explained", "v2": "explained"}
    assert result.versions_note("f1") == ""


def test_theory_conflict_sets_hold_in_every_version(tmp_path):
    # v1 clashes through {s, a}, v2 through {s, b}, and the shared axiom d clashes alone in both: the theory's
    # minimal conflict sets are {s, a, b} (a set that clashes in every version) and {d}.
    root = make_kb(tmp_path, HEADER + VERSIONS + (
        "%! axiom s [1]: shared premise.\nq :- addictive(heroin).\n"
        "%! axiom a [1] in v1: falls in v1.\npredicts(K, decrease) :- asked(K), q.\n"
        "%! axiom b [1] in v2: falls in v2.\npredicts(K, decrease) :- asked(K), q.\n"
        "%! axiom d [1]: falls everywhere.\npredicts(K, decrease) :- asked(K).\n"))
    result = check(root, explain=True)
    assert result.verdict("f1").verdict == "contradicted"
    found = result.conflicts_of("f1")
    assert {frozenset(c.axioms) for c in found.sets} == {frozenset({"s", "a", "b"}), frozenset({"d"})}
    assert found.complete


def test_dropping_a_version_axiom_leaves_the_other_versions(tmp_path):
    root = make_kb(tmp_path, HEADER + VERSIONS + (
        "%! axiom a [1] in v1: falls in v1.\npredicts(K, decrease) :- asked(K).\n"
        "%! axiom b [1] in v2: falls in v2.\npredicts(K, decrease) :- asked(K).\n"))
    assert check(root).verdict("f1").verdict == "contradicted"
    dropped = check(root, drop=["b"])
    assert dropped.verdict("f1").verdict == "silent"
    assert dropped.version_verdicts("f1") == {"v1": "contradicted", "v2": "silent"}


def test_a_theory_without_versions_has_no_version_verdicts(tmp_path):
    root = make_kb(tmp_path, HEADER + "%! axiom up [1]: rises.\npredicts(K, increase) :- asked(K).\n")
    result = check(root)
    assert result.versions == ()
    assert result.version_verdicts("f1") == {}


@pytest.mark.parametrize("text, message, line", [
    (HEADER + VERSIONS + "%! axiom a in v3: x.\np.\n", "axiom 'a' belongs to undeclared version(s) v3; this file's "
     "versions: v1, v2", 6),
    (HEADER + "%! version v1: only one.\n%! axiom a [1] in v1: x.\np.\n", "a theory with versions declares at least two",
     4),
    (HEADER + "%! version v1 first\n", "malformed version line", 4),
    (HEADER + VERSIONS + "%! version v1: again.\n", "version 'v1' is named twice", 6),
])
def test_version_mistakes_name_the_line(tmp_path, text, message, line):
    root = make_kb(tmp_path, text)
    with pytest.raises(InputError) as error:
        theorycheck.load_kb(root)
    problems = [d for d in error.value.diagnostics if message in d.message]
    assert problems, [d.message for d in error.value.diagnostics]
    assert problems[0].location.line == line
    assert problems[0].location.file.endswith("t.lp")
