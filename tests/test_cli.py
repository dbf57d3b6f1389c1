"""The command line on the repository's KB and on tiny KBs: exit codes, key lines, the JSON contract, help."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import typer.main

from theorycheck.cli import app

from conftest import BOX1_THEORIES, MINI_BACKGROUND, findings_text, theory_text

VERDICTS = {"explained", "partial", "silent", "contradicted"}
COMMANDS = sorted(typer.main.get_command(app).commands)


def test_run_one_theory_on_the_repository(cli, shipped_root):
    done = cli("--kb", shipped_root, "run", "--theory", "incentive_sensitization")
    assert (done.exit_code, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert lines[0] == "# Incentive-sensitization theory of addiction"
    assert lines[2] == "`incentive_sensitization` (theories/incentive_sensitization.lp), unitary."
    for heading in ("## Axioms", "## Contradicted", "## Cannot derive", "## Explained"):
        assert heading in lines
    assert any(line.startswith("| dopamine_increase ") for line in lines)


def test_unknown_theory_lists_the_available_ones(cli, shipped_root):
    done = cli("--kb", shipped_root, "run", "--theory", "nope")
    assert (done.exit_code, done.stdout) == (2, "")
    (line,) = done.stderr.splitlines()
    assert line.startswith("error: unknown theory 'nope'; available: ")
    available = line.split("available: ", 1)[1].split(", ")
    assert set(BOX1_THEORIES) <= set(available)
    assert available == sorted(available)


def test_json_follows_the_contract(cli, shipped_root):
    done = cli("--kb", shipped_root, "run", "--format", "json", "--theory", "incentive_sensitization",
               "--theory", "hedonic_allostasis")
    assert (done.exit_code, done.stderr) == (0, "")
    data = json.loads(done.stdout)
    assert set(data) >= {"findings", "theories"}
    ids = [f["id"] for f in data["findings"]]
    assert ids and len(ids) == len(set(ids))
    for finding in data["findings"]:
        assert set(finding) >= {"id", "title", "kind", "domain", "strength"}
        assert finding["kind"] in {"difference", "similarity", "mixed"}
        assert finding["strength"] in {"robust", "mixed", "preliminary", "caution"}
    assert [t["name"] for t in data["theories"]] == ["incentive_sensitization", "hedonic_allostasis"]
    # An extension of the contract: the works the findings cite, one entry each (the 2011 paper among them).
    keys = [r["key"] for r in data["references"]]
    assert len(keys) == len(set(keys)) and all(set(r) == {"key", "text", "doi"} for r in data["references"])
    paper = next(r for r in data["references"] if r["key"] == "badiani2011")
    assert paper["doi"] == "10.1038/nrn3104" and paper["text"].startswith("Badiani A")
    for theory in data["theories"]:
        assert set(theory) >= {"name", "unitary", "axioms", "verdicts"}
        assert isinstance(theory["unitary"], bool)
        assert theory["axioms"]
        for axiom in theory["axioms"]:
            assert set(axiom) >= {"id", "claim", "refs", "file", "line"}
            assert (axiom["file"], type(axiom["line"])) == (f"theories/{theory['name']}.lp", int)
        assert [v["finding"] for v in theory["verdicts"]] == ids
        assert {v["verdict"] for v in theory["verdicts"]} <= VERDICTS
    assert [t["unitary"] for t in data["theories"]] == [True, True]


TWO_THEORIES = {
    "down": theory_text("down", """
        %! axiom down [1]: Acute exposure to any drug lowers NAc dopamine.
        predicts(effect(D, acute, nac_dopamine), decrease) :- asked(effect(D, acute, nac_dopamine)).
    """),
    "up": theory_text("up", """
        %! axiom up [1]: Acute exposure to any drug raises NAc dopamine.
        predicts(effect(D, acute, nac_dopamine), increase) :- asked(effect(D, acute, nac_dopamine)).
    """),
}
ONE_FINDING = findings_text({"f1": [("effect(heroin, acute, nac_dopamine)", "increase")]})


@pytest.fixture
def tiny_kb(make_kb):
    return make_kb(TWO_THEORIES, ONE_FINDING, background=MINI_BACKGROUND)


def test_fail_on_contradiction_exits_1_when_something_is_contradicted(cli, tiny_kb):
    done = cli("--kb", tiny_kb, "run", "--fail-on-contradiction")
    assert "### f1" in done.stdout  # the report is printed all the same
    assert done.exit_code == 1


def test_fail_on_contradiction_exits_0_when_nothing_is(cli, tiny_kb):
    done = cli("--kb", tiny_kb, "run", "--theory", "up", "--fail-on-contradiction")
    assert (done.exit_code, done.stderr) == (0, "")


def test_contradictions_alone_do_not_fail_the_run(cli, tiny_kb):
    done = cli("--kb", tiny_kb, "run", "--theory", "down", "--explain")
    assert (done.exit_code, done.stderr) == (0, "")
    assert "Of 1 findings it explains 0, cannot derive 0 and is contradicted by 1 (1 distinct clashing observation key)." in done.stdout
    # --explain adds the derivation tree of the clashing prediction, with the axiom's claim at each step.
    tree = [line.strip() for line in done.stdout.splitlines() if line.strip().startswith("- `predicts(")]
    assert tree == ["- `predicts(effect(heroin,acute,nac_dopamine),decrease)` by **down**: Acute exposure to any "
                    "drug lowers NAc dopamine."]


def test_extra_findings_file_is_checked_too(cli, tiny_kb, tmp_path):
    extra = tmp_path / "new-paper.lp"
    extra.write_text(findings_text({"f2": [("effect(cocaine, acute, nac_dopamine)", "decrease")]})
                     .replace("citation(c1,", "citation(c9,").replace(", c1,", ", c9,"))
    done = cli("--kb", tiny_kb, "--findings", extra, "run", "--theory", "up", "--format", "json")
    assert done.exit_code == 0, done.stderr
    (theory,) = json.loads(done.stdout)["theories"]
    assert [(v["finding"], v["verdict"]) for v in theory["verdicts"]] == [("f1", "explained"), ("f2", "contradicted")]


def test_list(cli, tiny_kb):
    done = cli("--kb", tiny_kb, "list")
    assert (done.exit_code, done.stderr) == (0, "")
    assert done.stdout.splitlines()[:9] == [
        "Theories",
        "",
        "down (unitary): DOWN",
        "  - down [1]: Acute exposure to any drug lowers NAc dopamine.",
        "up (unitary): UP",
        "  - up [1]: Acute exposure to any drug raises NAc dopamine.",
        "",
        "Findings (number of theories per verdict)",
        "",
    ]
    assert [cell.strip() for cell in done.stdout.splitlines()[-1].split("|")[1:-1]] == [
        "f1", "setting", "difference", "1", "0", "0", "1"]


def test_matrix_writes_every_report(cli, tiny_kb, tmp_path):
    out = tmp_path / "reports"
    done = cli("--kb", tiny_kb, "matrix", "--output", out)
    assert (done.exit_code, done.stderr) == (0, "")
    assert sorted(p.name for p in out.iterdir()) == ["compatibility_matrix.html", "compatibility_matrix.md", "down.md",
                                                        "repairs.md", "sensitivity.md", "up.md"]
    assert done.stdout.splitlines() == [f"wrote {out / name}" for name in (
        "compatibility_matrix.html", "compatibility_matrix.md", "down.md", "up.md", "repairs.md", "sensitivity.md")]


def test_matrix_keeps_an_existing_heatmap_current(cli, tiny_kb, tmp_path):
    out = tmp_path / "reports"
    assert cli("--kb", tiny_kb, "matrix", "--output", out, "--svg").exit_code == 0
    drawn = (out / "compatibility_matrix.svg").read_text()
    (out / "compatibility_matrix.svg").write_text("stale")
    assert cli("--kb", tiny_kb, "matrix", "--output", out).exit_code == 0  # no --svg: the heatmap is redrawn
    assert (out / "compatibility_matrix.svg").read_text() == drawn
    (out / "compatibility_matrix.svg").write_text("stale")
    assert cli("--kb", tiny_kb, "matrix", "--output", out, "--no-svg").exit_code == 0
    assert (out / "compatibility_matrix.svg").read_text() == "stale"


@pytest.mark.parametrize("args", [["--help"]] + [[name, "--help"] for name in COMMANDS])
def test_help_of_every_command(cli, args):
    done = cli(*args)
    assert (done.exit_code, done.stderr) == (0, "")
    assert done.stdout.startswith("Usage: ")
    if args[0] != "--help":
        assert "Example: theorycheck " + args[0] in " ".join(done.stdout.split())


def test_every_command_has_a_docstring_with_an_example():
    commands = typer.main.get_command(app).commands
    assert set(commands) >= {"run", "matrix", "list"}
    missing = [name for name, command in commands.items() if "Example:" not in (command.help or "")]
    assert missing == []


@pytest.mark.parametrize("args", [["run", "--format", "xml"], ["frobnicate"], ["run", "--no-such-option"]])
def test_usage_errors_exit_2_without_traceback(cli, args):
    done = cli(*args)
    assert "Traceback" not in done.stderr
    assert done.exit_code == 2
    assert done.stderr.strip() != ""


def test_console_script_end_to_end(tiny_kb, tmp_path):
    """`python -m theorycheck` in a fresh process, in the KB folder: the report, or a clean error and exit 2."""
    ok = subprocess.run([sys.executable, "-m", "theorycheck", "run", "--theory", "up"],
                        cwd=tiny_kb, capture_output=True, text=True, timeout=120)
    assert (ok.returncode, ok.stderr) == (0, "")
    assert ok.stdout.startswith("# UP\n\n`up` (theories/up.lp), unitary.\n")
    bad = subprocess.run([sys.executable, "-m", "theorycheck", "--kb", str(tmp_path), "list"],
                         capture_output=True, text=True, timeout=120)
    assert (bad.returncode, bad.stdout, bad.stderr) == (
        2, "", f"error: {tmp_path}: not a knowledge base (no theories/background.lp); use --kb DIR\n")


def test_the_command_ends_without_teardown_yet_loses_no_output(tiny_kb, cli):
    """`entry` ends the process at once (console._leave): every byte written is flushed, the exit code is kept, and a
    reader that stops early is not an error."""
    json_args = ["run", "--theory", "up", "--format", "json", "--fail-on-contradiction"]
    whole = subprocess.run([sys.executable, "-m", "theorycheck", *json_args],
                           cwd=tiny_kb, capture_output=True, text=True, timeout=120)
    in_process = cli("--kb", tiny_kb, *json_args)
    assert len(whole.stdout) > 1000 and whole.stdout == in_process.stdout
    assert whole.returncode == in_process.exit_code
    piped = subprocess.run(f"'{sys.executable}' -m theorycheck run --theory up | head -c 1; exit ${{PIPESTATUS[0]}}",
                           shell=True, executable="/bin/bash", cwd=tiny_kb, capture_output=True, text=True, timeout=120)
    assert (piped.stdout, piped.stderr) == ("#", "")
    assert piped.returncode == 0


# Mistakes in a theory that only grounding or solving reveals, as `run` reports them: at the line, in the user's
# words (not clingo's internal form of the rule), exit 2 and nothing on stdout.
GROUNDING_MISTAKES = {
    "unsafe": ("""
        %! axiom a [1]: A claim.
        predicts(effect(D, acute, nac_dopamine), V) :- asked(effect(D, acute, nac_dopamine)).
     """, "5:1", "unsafe variable 'V': every variable of a rule must occur in a positive body atom"),
    "missing_period": ("""
        %! axiom a [1]: A claim.
        predicts(effect(D, acute, nac_dopamine), increase) :- asked(effect(D, acute, nac_dopamine))  % no period

        predicts(effect(D, acute, nac_dopamine), increase) :- asked(effect(D, acute, nac_dopamine)).
     """, "5:92", "missing '.' at the end of this line: every rule and fact ends with a period (clingo: syntax "
             "error, unexpected <IDENTIFIER> at line 7)"),
    "no_answer_set": ("""
        %! axiom a [1]: A claim.
        predicts(effect(D, acute, nac_dopamine), increase) :- asked(effect(D, acute, nac_dopamine)).
        :- predicts(K, increase).
     """, "6:1", "theory 'bad' has no answer set, so nothing can be checked against it: this constraint, with what the "
             "theory derives, may exclude every model: :- predicts(K,increase)."),
}


@pytest.mark.parametrize("mistake", sorted(GROUNDING_MISTAKES))
def test_run_names_a_grounding_mistake_at_its_line(cli, make_kb, mistake):
    body, line, message = GROUNDING_MISTAKES[mistake]
    kb = make_kb({"bad": theory_text("bad", body)}, ONE_FINDING, background=MINI_BACKGROUND)
    done = cli("--kb", kb, "run", "--theory", "bad")
    assert (done.exit_code, done.stdout) == (2, "")
    assert f"theories/bad.lp:{line}: error: {message}" in done.stderr, done.stderr


def test_an_edited_copy_of_a_theory_replaces_it_for_one_run(cli, tiny_kb, tmp_path):
    """The natural way to revise a theory: check an edited copy (its own file name, elsewhere) without touching
    theories/."""
    (tmp_path / "drafts").mkdir()
    draft = tmp_path / "drafts" / "up.lp"
    draft.write_text(TWO_THEORIES["up"].replace("increase) :-", "decrease) :-"), encoding="utf-8")
    done = cli("--kb", tiny_kb, "run", "--theory-file", draft, "--format", "json")
    assert done.exit_code == 0, done.stderr
    (theory,) = json.loads(done.stdout)["theories"]
    assert (theory["name"], theory["verdicts"][0]["verdict"]) == ("up", "contradicted")
    assert cli("--kb", tiny_kb, "run", "--theory", "up", "--fail-on-contradiction").exit_code == 0  # KB's own



def test_theory_file_and_theory_are_both_checked(cli, tiny_kb, tmp_path):
    (tmp_path / "drafts").mkdir()
    draft = tmp_path / "drafts" / "flat.lp"
    draft.write_text(TWO_THEORIES["up"].replace("theory up", "theory flat").replace("UP", "FLAT")
                     .replace("axiom up", "axiom flat"), encoding="utf-8")
    done = cli("--kb", tiny_kb, "run", "--theory-file", draft, "--theory", "down", "--format", "json")
    assert done.exit_code == 0, done.stderr
    assert [t["name"] for t in json.loads(done.stdout)["theories"]] == ["down", "flat"]


@pytest.mark.parametrize("command", [["explain", "--theory", "flat", "--finding", "f1"], ["repair", "--theory", "flat"],
                                     ["compare", "flat", "down"], ["design", "flat", "down"]])
def test_every_command_on_one_theory_takes_a_draft(cli, tiny_kb, tmp_path, command):
    (tmp_path / "drafts").mkdir()
    draft = tmp_path / "drafts" / "flat.lp"
    draft.write_text(TWO_THEORIES["up"].replace("theory up", "theory flat").replace("UP", "FLAT")
                     .replace("axiom up", "axiom flat"), encoding="utf-8")
    done = cli("--kb", tiny_kb, *command, "--theory-file", draft)
    assert done.exit_code == 0, done.stderr
    assert "flat" in done.stdout
