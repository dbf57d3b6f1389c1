"""Provenance: reference numbers resolve to works from `references/<paper>.bib`; quotes and notes reach the output;
a bad reference list is exit 2 at its file and line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from theorycheck.provenance import ref_numbers

from conftest import MINI_BACKGROUND, finding_block, theory_text

TOOLS = Path(__file__).resolve().parent.parent / "tools"
THEORY = {"up": theory_text("up", """
    %! axiom up [20, 21]: Acute exposure to any drug raises NAc dopamine.
    predicts(effect(D, acute, nac_dopamine), increase) :- asked(effect(D, acute, nac_dopamine)).
""")}
FINDINGS = ('citation(paper, "Someone (2011) A review", "10.1/x").\n'
            + finding_block("f1", [("effect(heroin, acute, nac_dopamine)", "decrease")]).replace(
                'c1, "Fig. 1", "1"', 'paper, "Fig. 1", "20,21-22"')
            + 'quote(f1, "heroin lowered it").\nnote(f1, "Encoded as a decrease.").\n')
BIB = """@article{ettenberg1982,
  refnum = {20}, author = {Ettenberg, A. and Koob, G. F.}, year = {1982},
  title = {Heroin and cocaine self-administration}, journal = {Psychopharmacology}, doi = {10.1007/BF00428151}
}
@article{pettit1984, refnum = {21}, author = {Pettit, H. O.}, year = {1984}, title = {Destruction of dopamine}}
"""


@pytest.fixture
def paper_kb(make_kb):
    root = make_kb(THEORY, FINDINGS, background=MINI_BACKGROUND)
    (root / "references").mkdir()
    (root / "references" / "paper.bib").write_text(BIB, encoding="utf-8")
    return root


def test_reference_numbers_and_ranges():
    assert ref_numbers("20,21") == ["20", "21"]
    assert ref_numbers("22-25") == ["22", "23", "24", "25"]
    assert ref_numbers("12-14, 227, 228") == ["12", "13", "14", "227", "228"]
    assert ref_numbers("Box 1 refs 12–13") == ["1", "12", "13"]
    assert ref_numbers("") == []


def test_json_and_explain_show_the_works_the_numbers_name(cli, paper_kb):
    data = json.loads(cli("--kb", paper_kb, "run", "--format", "json").stdout)
    (finding,) = data["findings"]
    assert finding["quote"] == "heroin lowered it" and finding["notes"] == ["Encoded as a decrease."]
    works = finding["sources"][0]["works"]
    assert [(w["ref"], w["key"], w["doi"]) for w in works] == [
        ("20", "ettenberg1982", "10.1007/BF00428151"), ("21", "pettit1984", None), ("22", None, None)]
    text = cli("--kb", paper_kb, "explain", "--theory", "up", "--finding", "f1").stdout
    assert "- Quote: “heroin lowered it”" in text and "- Note: Encoded as a decrease." in text
    assert "\\[20\\] Ettenberg, A., Koob, G. F. (1982) Heroin and cocaine self-administration" in text
    assert "refs 22 of paper (not in references/paper.bib)" in text


def test_the_theory_report_lists_the_primary_works_of_axioms_and_clashes(cli, paper_kb):
    text = cli("--kb", paper_kb, "run", "--format", "markdown").stdout
    assert "> heroin lowered it" in text
    section = text[text.index("## Primary works"):]
    assert "\\[20\\] Ettenberg" in section and "\\[21\\] Pettit, H. O. (1984) Destruction of dopamine" in section


@pytest.mark.parametrize("bib, message, line", [
    ("@article{a, refnum = {20}, title = {A}}\n\n@article{b, refnum = {20}, title = {B}}\n",
     "BibTeX entry 'b': refnum 20 is also 'a'", 3),
    ("\n@article{a, title = {A}}\n", "BibTeX entry 'a': needs a numeric `refnum` field", 2),
    ("@article{a, refnum = {1}, doi = {doi:10.1/x}}\n", "BibTeX entry 'a': write the DOI without its prefix", 1),
])
def test_a_bad_reference_list_is_exit_2_at_its_line(cli, paper_kb, bib, message, line):
    (paper_kb / "references" / "paper.bib").write_text(bib, encoding="utf-8")
    done = cli("--kb", paper_kb, "run")
    assert (done.exit_code, done.stdout) == (2, "") and "Traceback" not in done.stderr
    assert f"references/paper.bib:{line}:1: error: {message}" in done.stderr


def test_a_reference_list_that_is_not_text_is_exit_2(cli, paper_kb):
    (paper_kb / "references" / "paper.bib").write_bytes(b"@article{a,\n refnum = {1}, title = {\xff\xfe}}\n")
    done = cli("--kb", paper_kb, "run")
    assert done.exit_code == 2 and "paper.bib:2:1: error: the file is not UTF-8 text" in done.stderr


def test_the_converter_reads_nature_style_lists(tmp_path):
    source = tmp_path / "refs.txt"
    source.write_text("# a comment\n20. Ettenberg, A., Pettit, H. O. & Koob, G. F. Heroin and cocaine "
                      "self-administration in rats. Psychopharmacology 78, 204–209 (1982).\n"
                      "   https://doi.org/10.1007/BF00428151\nnot a reference\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(TOOLS / "nature_refs_to_bib.py"), str(source)], capture_output=True,
                          text=True)
    assert done.returncode == 2 and done.stderr == f"{source}:4: not `N. Authors. Title. Journal Volume, pages (Year).`\n"
    assert "@article{ettenberg1982_ref20,\n  refnum = {20},\n  author = {Ettenberg, A. and Pettit, H. O. and Koob, G. F.}" \
        in done.stdout
    assert "title = {Heroin and cocaine self-administration in rats},\n  journal = {Psychopharmacology}" in done.stdout
    assert "doi = {10.1007/BF00428151}" in done.stdout
