"""The authoring commands end to end: lint, add, new-theory, run --theory-file, and run refusing what lint refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from theorycheck.cli import app
from theorycheck.lint import classify

from conftest import MINI_BACKGROUND, findings_text, theory_text
from test_lint import CASES, expectation

UP = theory_text("up", """
    %! axiom up [1]: Acute exposure to any drug raises NAc dopamine.
    predicts(effect(D, acute, nac_dopamine), increase) :- asked(effect(D, acute, nac_dopamine)), addictive(D).
""")
DOWN = theory_text("down", """
    %! axiom down [2]: Acute exposure to any drug lowers NAc dopamine.
    predicts(effect(D, acute, nac_dopamine), decrease) :- asked(effect(D, acute, nac_dopamine)), addictive(D).
""")
FINDINGS = findings_text({"f1": [("effect(heroin, acute, nac_dopamine)", "increase")]}) + 'quote(f1, "q").\n'
ADD = ["add", "--id", "cocaine_up", "--title", "Cocaine raises NAc dopamine", "--kind", "similarity",
       "--domain", "setting", "--species", "rat", "--paradigm", "self_administration", "--strength", "robust",
       "--citation", "c1", "--locator", "Fig. 3", "--quote", "cocaine raised dopamine",
       "--observe", "effect(cocaine, acute, nac_dopamine)=increase"]
SCRIPT = theory_text("evil", """
    %! axiom a [1]: A claim.
    p(1).
    #script (python)
    import pathlib
    pathlib.Path("{sentinel}").write_text("ran")
    #end.
""")


@pytest.fixture
def kb(make_kb) -> Path:
    return make_kb({"up": UP, "down": DOWN}, FINDINGS, background=MINI_BACKGROUND)


def test_misspelled_drug_in_a_findings_file(cli, kb, tmp_path):
    paper = tmp_path / "paper.lp"
    paper.write_text(FINDINGS.replace("f1", "f2").replace("(heroin", "(cocain").replace("citation(c1", "%"),
                     encoding="utf-8")
    expected = f"{paper}:5:1: error: unknown drug 'cocain' (did you mean 'cocaine'?)"
    for args in (["lint", paper], ["--findings", paper, "run"], ["--findings", paper, "matrix", "--output", tmp_path]):
        done = cli("--kb", kb, *args)
        assert done.exit_code == 2, args
        assert expected in done.stderr.splitlines(), done.stderr
        assert "Traceback" not in done.stderr
    assert not (tmp_path / "compatibility_matrix.md").exists()


def test_misspelled_drug_in_add_writes_nothing(cli, kb):
    before = (kb / "findings.lp").read_bytes()
    args = [a.replace("(cocaine", "(cocain") for a in ADD]
    done = cli("--kb", kb, *args)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr == ("error: --observe 'effect(cocain, acute, nac_dopamine)=increase': unknown drug 'cocain' "
                           "(did you mean 'cocaine'?)\n")
    assert (kb / "findings.lp").read_bytes() == before


@pytest.mark.parametrize("where", ["theory-file", "theories"])
def test_script_block_is_refused_and_never_run(cli, kb, tmp_path, where):
    sentinel = tmp_path / "script-ran"
    evil = (kb / "theories" / "evil.lp") if where == "theories" else tmp_path / "evil.lp"
    evil.write_text(SCRIPT.format(sentinel=sentinel), encoding="utf-8")
    runs = [["run", "--theory-file", evil]] if where == "theory-file" else [["run"], ["matrix", "--output", tmp_path]]
    for args in runs + [["lint", evil]]:
        done = cli("--kb", kb, *args)
        assert (done.exit_code, done.stdout.startswith("#")) == (2, False), args
        assert f"{evil}:6:1: error: #script is not allowed" in done.stderr
    assert not sentinel.exists()


def test_add_then_run_shows_the_new_finding_for_every_theory(cli, kb):
    done = cli("--kb", kb, *ADD)
    assert (done.exit_code, done.stderr) == (0, "")
    assert done.stdout == (f"added finding 'cocaine_up' to {kb / 'findings.lp'}; `theorycheck run` checks it "
                           "against every theory\n")
    done = cli("--kb", kb, "run", "--format", "json")
    assert done.exit_code == 0, done.stderr
    verdicts = {(t["name"], v["verdict"]) for t in json.loads(done.stdout)["theories"] for v in t["verdicts"]
                if v["finding"] == "cocaine_up"}
    assert verdicts == {("up", "explained"), ("down", "contradicted")}


def test_add_dry_run_prints_the_facts_and_writes_nothing(cli, kb):
    before = (kb / "findings.lp").read_bytes()
    done = cli("--kb", kb, *ADD, "--dry-run")
    assert done.exit_code == 0
    assert done.stdout.splitlines()[0] == "finding(cocaine_up)."
    assert "observed(cocaine_up, effect(cocaine, acute, nac_dopamine), increase)." in done.stdout.splitlines()
    assert done.stderr == f"dry run: the finding is valid; nothing was written to {kb / 'findings.lp'}\n"
    assert (kb / "findings.lp").read_bytes() == before


def test_add_to_another_file(cli, kb, tmp_path):
    paper = tmp_path / "paper.lp"
    done = cli("--kb", kb, *ADD, "--to", paper)
    assert done.exit_code == 0, done.stderr
    assert f"`theorycheck --findings {paper} run`" in done.stdout
    assert cli("--kb", kb, "--findings", paper, "lint").exit_code == 0


def test_add_to_a_file_in_a_missing_folder_says_so(cli, kb, tmp_path):
    done = cli("--kb", kb, *ADD, "--to", tmp_path / "nowhere" / "paper.lp")
    assert (done.exit_code, done.stdout) == (2, "")
    assert f"the folder {tmp_path / 'nowhere'} does not exist; create it first" in done.stderr
    assert not (tmp_path / "nowhere").exists()


def test_add_without_a_terminal_needs_every_required_option(cli, kb):
    done = cli("--kb", kb, "add", "--id", "x")
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr.startswith("Usage: ")
    assert "Error: missing --title, --kind, --domain, --species, --paradigm, --strength, --citation, --locator, " \
           "--observe" in done.stderr


def test_add_asks_for_missing_options_in_a_terminal(kb, monkeypatch):
    monkeypatch.setattr("theorycheck.cli_authoring._interactive", lambda: True)
    answers = ["cocaine_up", "Cocaine raises NAc dopamine", "similarity", "setting", "rat", "", "self_administration",
               "", "robust", "c1", "Fig. 3", "effect(cocaine, acute, nac_dopamine)=increase", ""]
    done = CliRunner().invoke(app, ["--kb", str(kb), "add", "--quote", "q"], input="\n".join(answers) + "\n")
    assert done.exit_code == 0, done.output
    assert "Finding id (snake_case):" in done.output and "Observation KEY=VALUE (one at a time):" in done.output
    assert "observed(cocaine_up, effect(cocaine, acute, nac_dopamine), increase)." in \
        (kb / "findings.lp").read_text(encoding="utf-8")


def test_add_in_a_terminal_asks_again_after_a_typo_and_for_a_new_citation(kb, monkeypatch):
    monkeypatch.setattr("theorycheck.cli_authoring._interactive", lambda: True)
    answers = ["cocaine_up", "Cocaine raises NAc dopamine", "similarity", "setings", "setting", "rat", "",
               "self_administration", "", "robust", "smith2024", "Fig. 3",
               "effect(cocain, acute, nac_dopamine)=increase", "effect(cocaine, acute, nac_dopamine)=up",
               "effect(cocaine, acute, nac_dopamine)=increase", "",
               "Smith A (2024) Cocaine and dopamine. J Neurosci 1:1", "doi:10.1/x", "10.1523/jneurosci.0001-24.2024",
               "raises dopamine"]
    done = CliRunner().invoke(app, ["--kb", str(kb), "add"], input="\n".join(answers) + "\n")
    assert done.exit_code == 0, done.output
    assert "Domain: one of " in done.output and "unknown domain 'setings' (did you mean 'setting'?)" in done.output
    assert "unknown drug 'cocain' (did you mean 'cocaine'?)" in done.output
    assert "unknown value for effect 'up'" in done.output
    assert "'smith2024' is a new citation key" in done.output and "write the DOI without its prefix" in done.output
    text = (kb / "findings.lp").read_text(encoding="utf-8")
    assert 'citation(smith2024, "Smith A (2024) Cocaine and dopamine. J Neurosci 1:1", ' \
           '"10.1523/jneurosci.0001-24.2024").' in text
    assert 'quote(cocaine_up, "raises dopamine").' in text
    assert text.count("observed(cocaine_up,") == 1


def test_lint_exit_codes(cli, kb, tmp_path):
    done = cli("--kb", kb, "lint")
    assert (done.exit_code, done.stdout, done.stderr) == (0, "0 errors, 0 warnings\n", "")
    theory = tmp_path / "typo.lp"
    theory.write_text(theory_text("typo", "%! axiom a [TODO]: A claim.\npredicts(K, increase) :- asked(K).\n"),
                      encoding="utf-8")
    done = cli("--kb", kb, "lint", theory)
    assert (done.exit_code, done.stdout) == (0, "0 errors, 1 warning\n")
    assert done.stderr == f"{theory}:4:1: warning: axiom 'a' still holds the template's TODO\n"
    assert cli("--kb", kb, "lint", "--strict", theory).exit_code == 2
    typo = "%! axiom a [1]: A claim.\npredicts(K, increase) :- asked(K), adictive(K).\n"
    theory.write_text(theory_text("typo", typo), encoding="utf-8")
    done = cli("--kb", kb, "lint", theory)
    assert (done.exit_code, done.stdout) == (2, "1 error, 0 warnings\n")
    assert done.stderr == (f"{theory}:5:36: error: predicate adictive/1 is used but nothing defines it, so this rule "
                           "never applies; did you mean addictive/1?\n")
    assert cli("--kb", kb, "lint", tmp_path / "missing.lp").exit_code == 2


def test_new_theory_is_picked_up_with_no_code_change(cli, kb):
    done = cli("--kb", kb, "new-theory", "my_theory")
    path = kb / "theories" / "my_theory.lp"
    assert (done.exit_code, done.stderr) == (0, "")
    assert done.stdout.startswith(f"wrote {path}")
    done = cli("--kb", kb, "lint")
    assert done.exit_code == 0 and "0 errors" in done.stdout
    assert "still holds the template's TODO" in done.stderr
    done = cli("--kb", kb, "run", "--theory", "my_theory")
    assert done.exit_code == 0, done.stderr
    assert "`my_theory` (theories/my_theory.lp), unitary." in done.stdout
    assert cli("--kb", kb, "new-theory", "my_theory").exit_code == 2  # never overwritten without --force
    assert cli("--kb", kb, "new-theory", "My Theory").exit_code == 2


def test_run_a_theory_file_outside_the_kb(cli, kb, tmp_path):
    done = cli("--kb", kb, "new-theory", "draft", "--output", tmp_path)
    assert done.exit_code == 0
    done = cli("--kb", kb, "run", "--theory-file", tmp_path / "draft.lp")
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith("# TODO")
    assert "`draft`" in done.stdout and "`up`" not in done.stdout


def test_endless_grounding_stops_at_the_timeout_naming_the_theory_and_the_rule(cli, kb, tmp_path):
    endless = tmp_path / "endless.lp"
    endless.write_text(theory_text("endless", "%! axiom grow [1]: Numbers grow.\nn(0).\nn(X + 1) :- n(X).\n"),
                       encoding="utf-8")
    rule = f"{endless}:6:1: {{}}: rule 'n(X + 1) :- n(X).' may build ever new terms"
    done = cli("--kb", kb, "--timeout", "1", "run", "--theory-file", endless)
    assert (done.exit_code, done.stdout) == (2, "")
    assert "theory 'endless': grounding and solving did not finish within 1 s" in done.stderr
    assert rule.format("error") in done.stderr
    # lint does not ground it (that would take the whole timeout): a warning, which --strict makes fail.
    for strict, code in (([], 0), (["--strict"], 2)):
        done = cli("--kb", kb, "--timeout", "1", "lint", endless, *strict)
        assert done.exit_code == code
        assert rule.format("warning") in done.stderr and "did not finish" not in done.stderr


ERRORS = [c for c in CASES if expectation(c)[0] == "error"]


@pytest.mark.parametrize("case", ERRORS, ids=[c.stem for c in ERRORS])
def test_run_refuses_what_lint_refuses(cli, corpus_kb, case):
    args = ["run", "--theory-file", case] if classify(case) == "theory" else ["--findings", case, "run"]
    done = cli("--kb", corpus_kb, "--timeout", "20", *args)
    assert (done.exit_code, done.stdout) == (2, "")
    line = expectation(case)[1]
    assert f"{case}:{line}:" in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_add_warns_when_the_new_finding_contradicts_one_of_the_kb(cli, kb):
    assert cli("--kb", kb, *ADD).exit_code == 0
    contrary = [a.replace("cocaine_up", "cocaine_down").replace("=increase", "=decrease") for a in ADD]
    done = cli("--kb", kb, *contrary)
    assert done.exit_code == 0, done.stderr
    assert "warning: --observe 'effect(cocaine, acute, nac_dopamine)=decrease': finding 'cocaine_down' observes " \
           "effect(cocaine,acute,nac_dopamine) = decrease, but finding 'cocaine_up'" in done.stderr
    assert "observed(cocaine_down," in (kb / "findings.lp").read_text(encoding="utf-8")  # a warning, not a refusal


def test_add_interrupted_at_a_prompt_writes_nothing_and_exits_130(kb, monkeypatch):
    monkeypatch.setattr("theorycheck.cli_authoring._interactive", lambda: True)
    before = (kb / "findings.lp").read_bytes()
    done = CliRunner().invoke(app, ["--kb", str(kb), "add"], input="cocaine_up\n")  # then end of input (Ctrl-D)
    assert done.exit_code == 130, done.output
    assert "aborted: nothing was written" in done.output
    assert (kb / "findings.lp").read_bytes() == before
