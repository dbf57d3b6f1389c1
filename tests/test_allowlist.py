"""What a KB file may hold, checked at the root: clingo's lexer on `#!` and `#include`, and the low-severity cases
of issue 16 (a finding named like a term, a choice's condition, a theory name with a newline)."""

from __future__ import annotations

from pathlib import Path

import pytest

from theorycheck.annotations import code_only, refuse_directives
from theorycheck.errors import InputError
from theorycheck.solver.allowlist import refuse_includes

from test_hostile import mini_kb, snapshot


def test_hash_bang_is_a_line_comment_as_for_clingo():
    assert code_only('p.\n#! %* x\nq("#!").\n') == 'p.\n' + ' ' * 7 + '\nq("  ").\n'


@pytest.mark.parametrize("text", ['#! %*\n#include "/etc/passwd".\n', '%* #! *% #include "/etc/passwd".\n',
                                  'p("\\"").\n#include "/etc/passwd".\n'])
def test_an_include_clingo_would_read_is_refused_by_the_scan(text):
    with pytest.raises(InputError, match="#include is not allowed"):
        refuse_directives(Path("x.lp"), text)


def test_clingo_s_own_lexer_refuses_an_include_the_scan_missed(tmp_path):
    """Belt and braces: whatever the scan says, clingo is asked before it opens anything."""
    with pytest.raises(InputError) as err:
        refuse_includes(tmp_path / "x.lp", 'p("#include").\n% #include "a".\nq. #include "/etc/passwd".\n')
    assert [(d.location.line, d.location.column) for d in err.value.diagnostics] == [(3, 4)]


def test_an_include_in_a_comment_or_string_is_no_include(tmp_path):
    refuse_includes(tmp_path / "x.lp", 'p("#include").\n% #include "a".\n%* #include *%\n')


def test_a_finding_named_like_a_drug_is_one_error_at_the_finding(cli, tmp_path):
    root = mini_kb(tmp_path / "kb")
    paper = Path(__file__).parent / "hostile" / "f38_finding_named_like_a_drug.lp"
    result = cli("--kb", root, "--findings", paper, "lint")
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert result.exit_code == 2 and errors == [
        f"{paper}:8:1: error: finding id 'cocaine' is a term of the vocabulary (background.lp uses it): give the "
        "finding a name of its own, such as cocaine_<what it shows>"]


def test_a_predicate_read_only_in_a_choice_condition_is_used(cli, tmp_path):
    root = mini_kb(tmp_path / "kb")
    (root / "theories" / "choice.lp").write_text(
        "%! theory choice\n%! title: Choice\n%! citation: Test (2024)\n"
        "%! axiom a [1]: Drugs are sensitizing.\nsensitizing(D) :- addictive(D).\n"
        "%! axiom b [1]: Sensitizing drugs may raise NAc dopamine.\n"
        "{ predicts(effect(D, acute, nac_dopamine), increase) : sensitizing(D) } :- "
        "asked(effect(D, acute, nac_dopamine)).\n", encoding="utf-8")
    result = cli("--kb", root, "lint")
    assert "nothing uses it" not in result.stderr and result.exit_code == 0, result.stderr


def test_lint_and_run_agree_on_a_program_part_named_like_the_engine_s(cli, tmp_path):
    """`#program _tc_batch(p).` passed lint, and `run` then failed with "redefinition of atom" and no place."""
    root = mini_kb(tmp_path / "kb")
    theory = root / "theories" / "part.lp"
    theory.write_text((root / "theories" / "good.lp").read_text(encoding="utf-8").replace("theory good", "theory part")
                      + "#program _tc_batch(p).\npredicts(effect(heroin, acute, nac_dopamine), decrease).\n",
                      encoding="utf-8")
    lint, run = cli("--kb", root, "lint"), cli("--kb", root, "run", "--theory", "part")
    assert lint.exit_code == run.exit_code == 2
    assert f"{theory}:6:1: error: #program is not allowed" in lint.stderr
    assert f"{theory}:6:1: error: #program is not allowed" in run.stderr


@pytest.mark.parametrize("name", ["bad\nname", "bad\n", "../escape", "Upper"])
def test_new_theory_refuses_what_is_not_a_theory_name(cli, tmp_path, name):
    root = mini_kb(tmp_path / "kb")
    before = snapshot(root)
    result = cli("--kb", root, "new-theory", name)
    assert result.exit_code == 2 and "is not a theory name" in result.stderr
    assert snapshot(root) == before
