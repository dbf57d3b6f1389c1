"""findings/*.lp load by default beside findings.lp; findings know their origin; reports group and total by source."""

from __future__ import annotations

import json
import os

import pytest

from conftest import CITATION, MINI_BACKGROUND, finding_block, theory_text
from theorycheck.errors import InputError
from theorycheck.kb import load_kb

PAPER = CITATION + finding_block("paper_up", [("effect(heroin, acute, nac_dopamine)", "increase")])
LATER = ('citation(smith2015, "Smith J, Doe R (2015) A later paper. J Neurosci 35:1", "10.1523/x.2015").\n'
         + finding_block("later_down", [("effect(cocaine, acute, locomotor_activation)", "decrease")])
         .replace("c1,", "smith2015,"))
THEORY = theory_text("up", """
    %! axiom rises [1]: Every drug acutely activates mesolimbic dopamine.
    predicts(effect(D, acute, X), increase) :- asked(effect(D, acute, X)).
""")


@pytest.fixture
def kb(make_kb):
    root = make_kb({"up": THEORY}, PAPER, background=MINI_BACKGROUND)
    (root / "findings").mkdir()
    (root / "findings" / "stimulants.lp").write_text(LATER, encoding="utf-8")
    return root


def test_literature_files_load_by_default_and_know_their_origin(kb):
    (kb / "findings" / "aaa.lp").write_text("% nothing yet\n", encoding="utf-8")
    loaded = load_kb(kb)
    assert [(f.id, f.origin) for f in loaded.findings] == [("paper_up", "findings.lp"),
                                                           ("later_down", "findings/stimulants.lp")]


def test_an_error_in_a_literature_file_names_its_file_and_line(kb, cli):
    (kb / "findings" / "bad.lp").write_text(LATER.replace("later_down", "other").replace("cocaine", "cocain"),
                                            encoding="utf-8")
    result = cli("--kb", kb, "lint")
    assert result.exit_code == 2
    assert f"{kb / 'findings' / 'bad.lp'}:5:1: error: unknown drug 'cocain' (did you mean 'cocaine'?)" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("make", ["symlink", "fifo", "folder"])
def test_a_literature_file_that_is_not_a_regular_file_is_refused(kb, cli, make):
    target = kb / "findings" / "odd.lp"
    if make == "symlink":
        os.symlink(kb / "findings.lp", target)
    elif make == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    result = cli("--kb", kb, "run")
    assert result.exit_code == 2
    assert str(target) in result.stderr and "Traceback" not in result.stderr


def test_a_linked_findings_folder_is_refused(make_kb, tmp_path):
    root = make_kb({"up": THEORY}, PAPER, background=MINI_BACKGROUND)
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", root / "findings")
    with pytest.raises(InputError) as err:
        load_kb(root)
    assert str(err.value.diagnostics[0]) == (f"error: {root / 'findings'} is a symbolic link: findings/ must be a "
                                             "folder inside the knowledge base")


def test_matrix_groups_findings_by_source_with_totals_for_each(kb, cli):
    assert cli("--kb", kb, "matrix").exit_code == 0
    text = (kb / "reports" / "compatibility_matrix.md").read_text(encoding="utf-8")
    assert "## Totals by source" in text
    assert "| The 2011 paper (findings.lp)                          |          1 | 1 / 0 / 0 |" in text
    assert "| Later literature: stimulants (findings/stimulants.lp) |          1 | 0 / 0 / 1 |" in text
    paper = text.index("## The 2011 paper (findings.lp)")
    later = text.index("## Later literature: stimulants (findings/stimulants.lp)")
    assert paper < text.index("paper_up") and later < text.index("| later_down")
    report = (kb / "reports" / "up.md").read_text(encoding="utf-8")
    assert ("- Later literature: stimulants (findings/stimulants.lp): 1 findings; explains 0, cannot derive 0, "
            "contradicted by 1.") in report


def test_json_findings_carry_origin_and_source_group(kb, cli):
    result = cli("--kb", kb, "run", "--format", "json")
    found = {f["id"]: (f["origin"], f["source_group"]) for f in json.loads(result.stdout)["findings"]}
    assert found == {"paper_up": ("findings.lp", "paper"), "later_down": ("findings/stimulants.lp", "literature")}


def test_add_appends_to_a_literature_file_which_then_loads_by_default(kb, cli):
    result = cli("--kb", kb, "add", "--id", "later_more", "--title", "More", "--kind", "difference", "--domain",
                 "setting", "--species", "rat", "--paradigm", "self_administration", "--strength", "robust",
                 "--citation", "smith2015", "--locator", "Fig. 2", "--quote", "q",
                 "--observe", "effect(morphine, acute, nac_dopamine)=increase", "--to", kb / "findings" / "stimulants.lp")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (f"added finding 'later_more' to {kb / 'findings' / 'stimulants.lp'}; "
                             "`theorycheck run` checks it against every theory\n")
    assert [f.id for f in load_kb(kb).findings] == ["paper_up", "later_down", "later_more"]


def test_repeated_evidence_is_warned_about_and_counted_once(kb, cli):
    again = LATER.split("\n", 1)[1].replace("later_down", "later_again")  # the same paper, the same key and value
    (kb / "findings" / "stimulants.lp").write_text(LATER + again, encoding="utf-8")
    result = cli("--kb", kb, "lint")
    assert (f"{kb / 'findings' / 'stimulants.lp'}:9:1: warning: finding 'later_again' observes "
            "effect(cocaine,acute,locomotor_activation) = decrease, as finding 'later_down' "
            f"({kb / 'findings' / 'stimulants.lp'}:5) does, from the same source (doi:10.1523/x.2015, ref 1): the same "
            "evidence twice; reports count it once") in result.stderr
    assert cli("--kb", kb, "matrix").exit_code == 0
    text = (kb / "reports" / "compatibility_matrix.md").read_text(encoding="utf-8")
    assert ("1 finding only repeats what an earlier finding observes from the same source (same key, same value, "
            "same work); each such piece of evidence is counted once here, under the earlier finding: later_again "
            "(as later_down).") in text
    assert ("1 finding repeats, in 1 observation, what an earlier finding observes from the same source (same key, "
            "same value, same work; `theorycheck lint` names each): later_again (as later_down). A finding all of whose "
            "observations repeat earlier evidence is counted once, under the earlier finding, in the totals by source "
            "below.") in text


def test_several_literature_files_get_a_row_each_and_one_for_all(kb, cli):
    more = LATER.replace("later_down", "other_down").replace("smith2015", "jones2016").replace("Smith J", "Jones K")
    (kb / "findings" / "opioids.lp").write_text(more.replace("10.1523/x.2015", "10.1523/y.2016"), encoding="utf-8")
    assert cli("--kb", kb, "matrix").exit_code == 0
    text = (kb / "reports" / "compatibility_matrix.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith(("| The 2011", "| Later"))]
    assert [row.split("|")[1].strip() for row in rows] == [
        "The 2011 paper (findings.lp)", "Later literature: opioids (findings/opioids.lp)",
        "Later literature: stimulants (findings/stimulants.lp)", "Later literature, all files (findings/*.lp)"]
    assert rows[-1].split("|")[2:4] == ["          2 ", " 0 / 0 / 2 "]
