"""The terminal view of `run`: compact, at most 100 columns and under 80 lines; piped, the Markdown report."""

from __future__ import annotations

import json

import pytest

from conftest import BOX1_THEORIES


@pytest.fixture(scope="module")
def views(shipped_root):
    """The outputs of `run` for incentive sensitization that these tests read, computed once."""
    import subprocess
    import sys

    def run(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "theorycheck", "--kb", str(shipped_root), "run", *args],
                              capture_output=True, text=True, env={"COLUMNS": "200", "PATH": ""})
        assert (done.returncode, done.stderr) == (0, ""), done.stderr
        return done.stdout

    return {"terminal": run("--theory", "incentive_sensitization", "--format", "terminal"),
            "piped": run("--theory", "incentive_sensitization"),
            "markdown": run("--theory", "incentive_sensitization", "--format", "markdown")}


def test_the_terminal_view_fits_in_100_columns_and_80_lines(views):
    lines = views["terminal"].splitlines()
    assert len(lines) < 80 and max(map(len, lines)) <= 100
    assert lines[0].startswith("Incentive-sensitization theory of addiction")
    assert "✗ 18 contradicted" in lines[1]
    # Each contradiction in two lines: the finding, then its conflict sets in the legend's codes and its first clash.
    at = next(i for i, line in enumerate(lines) if line.startswith("✗ setting_reward_opposite"))
    assert lines[at + 1].strip().startswith("conflict set A2 A3 + X")
    assert "(1 of 3) compare(heroin,sa_reward,resident,nonresident)" in lines[at + 1]


def test_each_claim_is_shown_once(views):
    text = views["terminal"]
    assert text.count("incentive_salience [core]: ") == 1
    assert "X9 dependence_is_transitive" in text


def test_piped_run_prints_the_markdown_report(views):
    assert views["piped"] == views["markdown"]
    assert views["piped"].startswith("# Incentive-sensitization theory of addiction\n")
    assert "## Contradicted" in views["piped"]


def test_on_a_terminal_run_prints_the_compact_view(cli, shipped_root, monkeypatch):
    import theorycheck.cli

    monkeypatch.setattr(theorycheck.cli, "on_terminal", lambda: True)
    done = cli("--kb", shipped_root, "run", "--theory", "hedonic_allostasis")
    assert done.exit_code == 0 and done.stdout.startswith("Hedonic") and "## Contradicted" not in done.stdout


def test_output_file_holds_the_full_report(cli, shipped_root, tmp_path, views):
    target = tmp_path / "is.md"
    done = cli("--kb", shipped_root, "run", "--theory", "incentive_sensitization", "-o", target)
    assert (done.exit_code, done.stdout, done.stderr) == (0, "", f"wrote {target}\n")
    assert target.read_text(encoding="utf-8") == views["markdown"]


def test_one_finding_under_every_theory(cli, shipped_root):
    done = cli("--kb", shipped_root, "run", "--finding", "setting_reward_opposite", "--format", "json")
    assert done.exit_code == 0, done.stderr
    data = json.loads(done.stdout)
    assert [v["theory"] for v in data["verdicts"]][:5] == sorted(BOX1_THEORIES)
    verdicts = {v["theory"]: v for v in data["verdicts"]}
    assert verdicts["incentive_sensitization"]["verdict"] == "contradicted"
    assert "incentive_salience" in verdicts["incentive_sensitization"]["reason"]
    assert data["finding"]["quote"].startswith("heroin self-administration was greater")
    text = cli("--kb", shipped_root, "run", "--finding", "setting_reward_opposite", "--format", "terminal").stdout
    assert all(name in text for name in BOX1_THEORIES) and max(map(len, text.splitlines())) <= 100


def test_an_unknown_finding_is_exit_2(cli, shipped_root):
    done = cli("--kb", shipped_root, "run", "--finding", "nope")
    assert (done.exit_code, done.stdout) == (2, "") and "unknown finding 'nope'" in done.stderr


def test_contradictions_beyond_the_line_budget_are_counted_not_listed(shipped_kb, monkeypatch):
    """A theory the knowledge base contradicts more often than the view has room for still fits: the first
    contradictions are listed, the rest counted, with where to read them all."""
    import theorycheck
    from theorycheck import terminal

    result = theorycheck.check(shipped_kb, theories=["incentive_sensitization"], explain=True)
    theory = result.theory("incentive_sensitization")
    claims = shipped_kb.claims("incentive_sensitization")
    full = terminal.to_text(terminal.theory_view(theory, result.findings, claims), colour=False).splitlines()
    monkeypatch.setattr(terminal, "MAX_LINES", len(full) - 6)
    cut = terminal.to_text(terminal.theory_view(theory, result.findings, claims), colour=False).splitlines()
    assert len(cut) <= len(full) - 6
    listed = [line for line in cut if line.startswith("✗ ")]
    more = next(line for line in cut if "more: --format markdown" in line)
    assert f"and {theory.count('contradicted') - len(listed)} more" in more and len(listed) < theory.count("contradicted")
    assert listed == [line for line in full if line.startswith("✗ ")][:len(listed)]
