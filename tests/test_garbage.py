"""Garbage and mutated input: never a traceback, always exit 0 or 2, and whatever lint refuses, run refuses too."""

from __future__ import annotations

import io
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from theorycheck.console import main

from conftest import MINI_BACKGROUND, build_kb, findings_text, theory_text

THEORY = theory_text("t", """
    %! axiom up [1]: Acute exposure to any drug raises NAc dopamine.
    predicts(effect(D, acute, nac_dopamine), increase) :- asked(effect(D, acute, nac_dopamine)), addictive(D).
    %! axiom sens [2]: Repeated exposure sensitizes locomotion.
    predicts(effect(D, repeated, locomotor_activation), increase) :- asked(effect(D, repeated, locomotor_activation)),
        addictive(D), not drug_class(D, opiate).
""")
FINDINGS = findings_text({"f1": [("effect(heroin, acute, nac_dopamine)", "increase")],
                          "f2": [("effect(cocaine, repeated, locomotor_activation)", "increase"),
                                 ("effect(morphine, acute, nac_dopamine)", "no_change")]}) + 'quote(f1, "q").\n'
TOKENS = ["finding(", "observed(", "f1", "f2", "(", ")", ".", ",", ";", ":-", "not ", "X", "_", "D", "..", "1", "-",
          "effect(cocaine, acute, nac_dopamine)", "increase", "rat", '"', '\\"', "%", "%*", "*%", "%!",
          "%! axiom a [1]: c", "#script (python)", "#end", "#include", "#const", "#show", "#program", "μ", "\u00e9",
          "\ufeff", "\t", " ", "\n",
          "title(f1, ", "predicts(", "asked(", "addictive(D)", "{", "}", "=", "!=", "&", "@f(", "#count{", "|"]
GARBAGE = st.one_of(st.text(max_size=300), st.lists(st.sampled_from(TOKENS), max_size=60).map("".join))
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def invoke(*args) -> tuple[int, str, str]:
    """Run the console entry point in-process; any exception other than SystemExit escapes (a traceback)."""
    out, err = io.StringIO(), io.StringIO()
    with mock.patch.object(sys, "argv", ["theorycheck", *map(str, args)]), redirect_stdout(out), redirect_stderr(err):
        try:
            main()
            code = 0
        except SystemExit as done:
            code = done.code
    return code, out.getvalue(), err.getvalue()


def check_file(root: Path, path: Path, text: str, kind: str) -> None:
    """Lint and run with `text` in `path`: exit 0 or 2, no traceback, and run refuses whatever lint refuses."""
    path.write_text(text, encoding="utf-8")
    extra = ["--findings", path] if kind == "findings" else []
    lint_args = ["lint", path] if kind == "theory" else ["lint"]
    lint_code, _, lint_err = invoke("--kb", root, "--timeout", "10", *extra, *lint_args)
    assert lint_code in (0, 2), lint_err
    run_args = ["run", "--theory-file", path] if kind == "theory" else ["run"]
    run_code, run_out, run_err = invoke("--kb", root, "--timeout", "10", *extra, *run_args)
    assert run_code in (0, 2), run_err
    for stderr in (lint_err, run_err):
        assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    if lint_code == 2 and "error:" in lint_err:
        assert (run_code, run_out) == (2, ""), f"lint refused this but run did not:\n{lint_err}"


@SETTINGS
@given(text=GARBAGE)
def test_garbage_findings_file(tmp_path, text):
    root = build_kb(tmp_path / "kb", {"t": THEORY}, FINDINGS, background=MINI_BACKGROUND)
    check_file(root, tmp_path / "garbage.lp", text, "findings")


@SETTINGS
@given(text=GARBAGE)
def test_garbage_theory_file(tmp_path, text):
    root = build_kb(tmp_path / "kb", {"t": THEORY}, FINDINGS, background=MINI_BACKGROUND)
    check_file(root, tmp_path / "garbage.lp", "%! theory garbage\n" + text, "theory")


MUTATION = st.tuples(st.sampled_from(["delete", "insert", "duplicate_line", "drop_line", "swap_lines", "truncate"]),
                     st.floats(0, 1), st.floats(0, 1), st.sampled_from(TOKENS))


def mutate(text: str, mutations: list[tuple[str, float, float, str]]) -> str:
    """Apply small edits a hurried researcher could make: lose or add a character, move or lose a line."""
    for op, a, b, token in mutations:
        lines = text.splitlines(keepends=True) or [""]
        i, j, at = int(a * (len(lines) - 1)), int(b * (len(lines) - 1)), int(a * len(text))
        if op == "delete":
            text = text[:at] + text[at + 1:]
        elif op == "insert":
            text = text[:at] + token + text[at:]
        elif op == "duplicate_line":
            text = "".join(lines[:i + 1] + [lines[i]] + lines[i + 1:])
        elif op == "drop_line":
            text = "".join(lines[:i] + lines[i + 1:])
        elif op == "swap_lines":
            lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
        else:
            text = text[:at]
    return text


@SETTINGS
@given(mutations=st.lists(MUTATION, min_size=1, max_size=4), in_theory=st.booleans())
def test_mutated_valid_files(tmp_path, mutations, in_theory):
    root = build_kb(tmp_path / "kb", {}, "", background=MINI_BACKGROUND)
    other = root / "theories" / "t.lp"
    other.write_text(THEORY, encoding="utf-8")
    if in_theory:
        other.unlink()
        (root / "findings.lp").write_text(FINDINGS, encoding="utf-8")
        check_file(root, tmp_path / "t.lp", mutate(THEORY, mutations), "theory")
    else:
        check_file(root, tmp_path / "paper.lp", mutate(FINDINGS, mutations), "findings")
