"""Bad input comes back as InputError diagnostics at a file and line, and as exit code 2 without a traceback."""

from __future__ import annotations

import re

import pytest

import theorycheck
from theorycheck.errors import InputError
from theorycheck.findings import read_findings
from theorycheck.theories import read_program

from conftest import CITATION, MINI_BACKGROUND, finding_block, findings_text, theory_text

GOOD_THEORY = theory_text("t", """
    %! axiom up [1]: Acute exposure to any drug raises NAc dopamine.
    predicts(effect(D, acute, nac_dopamine), increase) :- asked(effect(D, acute, nac_dopamine)).
""")
HEROIN_UP = [("effect(heroin, acute, nac_dopamine)", "increase")]


def places(err: InputError) -> list[tuple[str | None, int | None, str]]:
    return [(d.location.file if d.location else None, d.location.line if d.location else None, d.message)
            for d in err.diagnostics]


@pytest.fixture
def findings_errors(tmp_path, vocabulary):
    """(file, line, message) of every diagnostic for findings files with these texts (the findings reader alone)."""

    def read(*texts: str) -> list[tuple[str | None, int | None, str]]:
        paths = []
        for number, text in enumerate(texts):
            paths.append(tmp_path / f"findings{number}.lp")
            paths[-1].write_text(text, encoding="utf-8")
        with pytest.raises(InputError) as err:
            read_findings(paths, vocabulary)
        return places(err.value)

    return read


SYNTAX_ERROR = CITATION + "finding(f1).\nobserved(f1, effect(heroin, acute, nac_dopamine) increase).\n"


def test_syntax_error_in_a_findings_file(findings_errors, tmp_path):
    (error,) = findings_errors(findings_text({"f0": HEROIN_UP}), SYNTAX_ERROR)
    assert error[:2] == (str(tmp_path / "findings1.lp"), 3)
    assert error[2].startswith("syntax error")


def test_syntax_error_on_the_command_line(make_kb, cli, tmp_path):
    root = make_kb({"t": GOOD_THEORY}, SYNTAX_ERROR, background=MINI_BACKGROUND)
    out = tmp_path / "out"
    for args in (["run"], ["matrix", "--output", out]):
        done = cli("--kb", root, *args)
        assert done.exit_code == 2, args
        assert done.stdout == ""
        (line,) = done.stderr.splitlines()
        assert re.fullmatch(re.escape(f"{root / 'findings.lp'}:3:") + r"\d+: error: syntax error, .+", line), line
        assert "Traceback" not in done.stderr
    assert not out.exists()


def test_matrix_keeps_existing_reports_when_input_is_bad(make_kb, cli, tmp_path):
    root = make_kb({"t": GOOD_THEORY}, findings_text({"f1": HEROIN_UP}), background=MINI_BACKGROUND)
    out = tmp_path / "out"
    assert cli("--kb", root, "matrix", "--output", out).exit_code == 0
    before = {p.name: p.read_text() for p in out.iterdir()}
    assert sorted(before) == ["compatibility_matrix.html", "compatibility_matrix.md", "repairs.md", "sensitivity.md",
                              "t.md"]
    (root / "findings.lp").write_text(findings_text({"f1": [("effect(cocain, acute, nac_dopamine)", "increase")]}))
    assert cli("--kb", root, "matrix", "--output", out).exit_code == 2
    assert {p.name: p.read_text() for p in out.iterdir()} == before


def test_misspelled_drug_on_the_command_line(make_kb, cli):
    root = make_kb({"t": GOOD_THEORY}, findings_text({"f1": [("effect(cocain, acute, nac_dopamine)", "increase")]}),
                   background=MINI_BACKGROUND)
    done = cli("--kb", root, "run")
    assert (done.exit_code, done.stderr) == (
        2, f"{root / 'findings.lp'}:5:1: error: unknown drug 'cocain' (did you mean 'cocaine'?)\n")


@pytest.mark.parametrize("drop, message", [
    ('source(f1, c1, "Fig. 1", "1").', "finding 'f1' has no source/4 fact"),
    ("species(f1, rat).", "finding 'f1' has no species/2 fact"),
    ("strength(f1, robust).", "finding 'f1' has no strength/2 fact"),
])
def test_missing_metadata_names_the_finding(findings_errors, tmp_path, drop, message):
    block = finding_block("f1", HEROIN_UP).replace(drop, "")
    assert findings_errors(CITATION + block) == [(str(tmp_path / "findings0.lp"), 2, message)]


def test_finding_without_observations(findings_errors, tmp_path):
    assert findings_errors(CITATION + finding_block("f1", [])) == [
        (str(tmp_path / "findings0.lp"), 2, "finding 'f1' has no observed/3 fact")]


def test_duplicate_finding_id(findings_errors, tmp_path):
    path = tmp_path / "findings0.lp"
    assert findings_errors(CITATION + finding_block("f1", HEROIN_UP) + "finding(f1).\n") == [
        (str(path), 6, f"duplicate finding id 'f1' (first declared at {path}:2:1)")]


def test_duplicate_finding_id_across_files(findings_errors, tmp_path):
    text = findings_text({"f1": HEROIN_UP})
    errors = findings_errors(text, text)
    first, second = tmp_path / "findings0.lp", tmp_path / "findings1.lp"
    assert errors[0] == (str(second), 2, f"duplicate finding id 'f1' (first declared at {first}:2:1)")


@pytest.mark.parametrize("key, value, message", [
    ("efect(heroin, acute, nac_dopamine)", "increase",
     "unknown observation key constructor 'efect' (did you mean 'effect'?) — effect: What a manipulation (a "
     "regimen of the drug, or an intervention made while the drug is studied) does to a measure for the drug"),
    ("effect(heroin, nac_dopamine)", "increase", "effect/3 takes 3 arguments, not 2: effect(heroin,nac_dopamine)"),
    ("effect(heroin, acute, nac_dopamin)", "increase", "unknown measure 'nac_dopamin' (did you mean 'nac_dopamine'?)"
     " — nac_dopamine: Extracellular dopamine in the nucleus accumbens (microdialysis, voltammetry) (refs 43, 46, 47)"),
    ("effect(heroin, acute, nac_dopamine)", "greater",
     "unknown value for effect 'greater' (one of: decrease, increase, large_decrease, no_change, small_change, "
     "small_decrease)"),
])
def test_observation_outside_the_vocabulary(findings_errors, tmp_path, key, value, message):
    assert findings_errors(findings_text({"f1": [(key, value)]})) == [(str(tmp_path / "findings0.lp"), 5, message)]


def test_misspelled_metadata_suggests_the_right_term(findings_errors, tmp_path):
    text = findings_text({"f1": HEROIN_UP}).replace("kind(f1, difference)", "kind(f1, similarty)")
    assert findings_errors(text) == [
        (str(tmp_path / "findings0.lp"), 3, "unknown kind 'similarty' (did you mean 'similarity'?)")]


def test_conflicting_values_for_one_key_in_one_finding(findings_errors, tmp_path):
    text = findings_text({"f1": HEROIN_UP + [("effect(heroin, acute, nac_dopamine)", "decrease")]})
    assert findings_errors(text) == [(str(tmp_path / "findings0.lp"), 6, "finding 'f1' observes "
                                      "effect(heroin,acute,nac_dopamine) twice with different values "
                                      "(increase and decrease)")]


def test_findings_hold_facts_only(findings_errors, tmp_path):
    text = findings_text({"f1": HEROIN_UP}) + "finding(X) :- title(X, _).\n"
    assert findings_errors(text) == [
        (str(tmp_path / "findings0.lp"), 6, "only facts are allowed here, not `finding(X) :- title(X,_).`")]


def test_facts_about_an_undeclared_finding(findings_errors, tmp_path):
    text = findings_text({"f1": HEROIN_UP}) + 'title(f2, "orphan").\n'
    assert findings_errors(text) == [
        (str(tmp_path / "findings0.lp"), 6, "facts about 'f2' but no finding(f2) declares it")]


def test_source_cites_an_undeclared_citation(findings_errors, tmp_path):
    text = findings_text({"f1": HEROIN_UP}).replace("citation(c1,", "citation(c2,")
    assert findings_errors(text) == [
        (str(tmp_path / "findings0.lp"), 4, "source cites 'c1', which no citation/3 fact declares")]


def test_script_in_a_theory_never_runs(make_kb, cli, tmp_path):
    witness = tmp_path / "script-ran"
    theory = theory_text("evil", f"""
        %! axiom up [1]: Acute exposure raises NAc dopamine.
        predicts(effect(D, acute, nac_dopamine), increase) :- asked(effect(D, acute, nac_dopamine)).
        #script (python)
        import pathlib
        pathlib.Path("{witness}").write_text("ran")
        def main(prg):
            pathlib.Path("{witness}").write_text("ran")
        #end.
    """)
    root = make_kb({"evil": theory}, findings_text({"f1": HEROIN_UP}), background=MINI_BACKGROUND)
    message = "#script is not allowed: knowledge-base files are data and may not run code"
    done = cli("--kb", root, "run")
    assert (done.exit_code, done.stderr) == (2, f"{root / 'theories' / 'evil.lp'}:6:1: error: {message}\n")
    assert not witness.exists()


def test_script_in_a_findings_file_never_runs(findings_errors, tmp_path):
    witness = tmp_path / "script-ran"
    text = findings_text({"f1": HEROIN_UP}) + f'#script (python)\nopen("{witness}", "w").write("ran")\n#end.\n'
    assert findings_errors(text) == [(str(tmp_path / "findings0.lp"), 6, "#script is not allowed: knowledge-base "
                                      "files are data and may not run code")]
    assert not witness.exists()


def test_include_is_refused(tmp_path):
    (tmp_path / "answers.lp").write_text("p.\n")
    path = tmp_path / "inc.lp"
    path.write_text(theory_text("inc", f"""
        %! axiom up [1]: Acute exposure raises NAc dopamine.
        #include "{tmp_path / 'answers.lp'}".
    """))
    with pytest.raises(InputError) as err:
        read_program(path)
    assert places(err.value) == [(str(path), 5, "#include is not allowed: list extra files with --findings instead")]


def test_directives_in_comments_and_strings_are_harmless(tmp_path):
    path = tmp_path / "quiet.lp"
    path.write_text(theory_text("quiet", """
        %! axiom up [1]: Acute exposure raises NAc dopamine; this file has no #script and no #include.
        % A comment may mention #script (python) and #include "x.lp".
        %* So may a block comment: #script (python) import os #end. *%
        predicts(effect(D, acute, nac_dopamine), increase) :- asked(effect(D, acute, nac_dopamine)), note("#include").
        note("#include").
    """))
    program = read_program(path)
    assert [(r.location.line, r.head_predicates) for r in program.rules] == [
        (7, (("predicts", 2),)), (8, (("note", 1),))]


def test_unsafe_rule_is_reported_in_the_users_words(make_kb):
    theory = theory_text("unsafe", """
        %! axiom up [1]: Something rises.
        predicts(X, increase) :- addictive(D).
    """)
    root = make_kb({"unsafe": theory}, findings_text({"f1": HEROIN_UP}), background=MINI_BACKGROUND)
    kb = theorycheck.load_kb(root)
    with pytest.raises(InputError) as err:
        theorycheck.check(kb)
    diag = err.value.diagnostics[0]
    assert (diag.location.file, diag.location.line) == (str(kb.root / "theories" / "unsafe.lp"), 5)
    assert diag.message == "unsafe variable 'X': every variable of a rule must occur in a positive body atom"
    # The engine's rewriting (axiom guards, internal atoms) is not the user's rule and must not show.
    assert "_tc_" not in str(err.value)


def test_non_terminating_theory_hits_the_time_limit(make_kb):
    theory = theory_text("forever", """
        %! axiom grow [1]: Numbers grow without end.
        n(0). n(X+1) :- n(X).
    """)
    root = make_kb({"forever": theory}, findings_text({"f1": HEROIN_UP}), background=MINI_BACKGROUND)
    kb = theorycheck.load_kb(root)
    with pytest.raises(InputError) as err:
        theorycheck.check(kb, timeout=3)
    diag, rule = err.value.diagnostics
    assert "theory 'forever'" in diag.message
    assert "did not finish within 3 s" in diag.message
    assert "--timeout" in diag.message
    assert (rule.location.file, rule.location.line) == (str(kb.root / "theories" / "forever.lp"), 5)
    assert rule.message.startswith("rule 'n(X+1) :- n(X).' may build ever new terms")


def test_not_a_knowledge_base(tmp_path, cli):
    done = cli("--kb", tmp_path, "run")
    assert (done.exit_code, done.stderr) == (
        2, f"error: {tmp_path}: not a knowledge base (no theories/background.lp); use --kb DIR\n")


def test_missing_extra_findings_file(make_kb, cli, tmp_path):
    root = make_kb({"t": GOOD_THEORY}, findings_text({"f1": HEROIN_UP}), background=MINI_BACKGROUND)
    done = cli("--kb", root, "--findings", tmp_path / "nope.lp", "run")
    assert (done.exit_code, done.stderr) == (2, f"error: file not found: {tmp_path / 'nope.lp'}\n")


def test_a_script_that_slips_past_the_scan_is_still_refused(tmp_path):
    # The file changes between the safety scan and clingo's parse: what clingo read is checked again.
    from theorycheck.solver.parsing import _Log, _parse

    evil = tmp_path / "evil.lp"
    evil.write_text('#script (python)\nimport os\nos.system("touch pwned")\n#end.\np.\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        _parse(evil, "p.\n", _Log())
    assert "changed while it was read" in str(caught.value.diagnostics[0])
    assert caught.value.diagnostics[0].location.line == 1
    assert not (tmp_path / "pwned").exists()


def test_an_include_that_slips_past_the_scan_is_still_refused(tmp_path):
    from theorycheck.solver.parsing import _Log, _parse

    (tmp_path / "other.lp").write_text("q.\n", encoding="utf-8")
    sneaky = tmp_path / "sneaky.lp"
    sneaky.write_text('#include "other.lp".\np.\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        _parse(sneaky, "p.\n", _Log())
    assert "changed while it was read" in str(caught.value.diagnostics[0])


# Typos in theory rules against the real vocabulary: each makes an axiom predict nothing, so each is refused.
THEORY_TYPOS = [
    ("depends_on(heroine, reward, mesolimbic_da) :- addictive(heroin).", 12,
     "unknown drug 'heroine' in depends_on/3 (argument 1); did you mean 'heroin'?"),
    ("depends_on(D, rewrd, mesolimbic_da) :- drug(D).", 15,
     "unknown process 'rewrd' in depends_on/3 (argument 2); did you mean 'reward'?"),
    ("activates(D, mesolimbic_dopamin) :- drug(D).", 14,
     "unknown process or substrate 'mesolimbic_dopamin' in activates/2 (argument 2); did you mean 'mesolimbic_da'?"),
    ("drive(D, escalation, incentive_salience) :- drug(D).", 1,
     "predicate drive/3 is defined but nothing uses it, so it has no effect; did you mean drives/3?"),
    ("drives(D, escalatoin, incentive_salience) :- drug(D).", 11,
     "unknown outcome 'escalatoin' in drives/3 (argument 2); did you mean 'escalation'?"),
    ("depends_on(D, reward, mu_opioid_receptor) :- drug_class(D, opiates).", 60,
     "unknown value 'opiates' in drug_class/2 (argument 2); did you mean 'opiate'?"),
    ("adapts(D, repeated, gene_expresion(R), increase) :- drug(D), region(R).", 21,
     "unknown process or substrate 'gene_expresion(R)' in adapts/4 (argument 3); did you mean 'gene_expression(R)'?"),
    ("activates(D, mesolimbic_da) :- addictve(D).", 32,
     "predicate addictve/1 is used but nothing defines it, so this rule never applies; did you mean addictive/1?"),
]


@pytest.mark.parametrize("rule, column, message", THEORY_TYPOS, ids=[m.split(";")[0] for _, _, m in THEORY_TYPOS])
def test_typo_in_a_theory_is_refused_with_a_suggestion(make_kb, cli, tmp_path, rule, column, message):
    theory = theory_text("typo", f"%! axiom a [1]: A claim.\n{rule}\n")
    root = make_kb({"typo": theory}, findings_text({"f1": HEROIN_UP}))
    where = f"{root / 'theories' / 'typo.lp'}:5:{column}"
    out = tmp_path / "out"
    for args in (["run"], ["matrix", "--output", out], ["lint"]):
        done = cli("--kb", root, *args)
        assert done.exit_code == 2, args
        assert f"{where}: error: {message}\n" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    assert not out.exists()


def test_the_real_theories_use_only_the_vocabulary(repo_kb):
    from theorycheck.signatures import signature_problems

    assert repo_kb.vocabulary.rules == repo_kb.background.rules
    for name, program in repo_kb.programs.items():
        assert signature_problems(program.rules, repo_kb.vocabulary) == [], name
