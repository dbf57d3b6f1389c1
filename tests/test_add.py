"""Adding a finding: validated as lint validates, appended atomically, safe under crashes and concurrency."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

import theorycheck
from theorycheck.adding import NewFinding, add_finding
from theorycheck.errors import InputError
from theorycheck.findings import read_findings
from theorycheck.vocabulary import read_vocabulary

from conftest import CITATION, MINI_BACKGROUND, finding_block, theory_text

GOOD_THEORY = theory_text("t", """
    %! axiom up [1]: Acute exposure to any drug raises NAc dopamine.
    predicts(effect(D, acute, nac_dopamine), increase) :- asked(effect(D, acute, nac_dopamine)), addictive(D).
""")
START = CITATION + finding_block("f0", [("effect(heroin, acute, nac_dopamine)", "increase")]) + 'quote(f0, "q").\n'
NEW = NewFinding(id="cocaine_up", title="Cocaine raises NAc dopamine", kind="similarity", domain="setting",
                 species=["rat"], paradigms=["self_administration"], strength="robust", citation="c1",
                 locator="Fig. 3", observations=["effect(cocaine, acute, nac_dopamine)=increase"], quote="a quote")
# A child process that adds findings f<start>, f<start+1>, ... and acknowledges each on stdout once add returns.
ADDER = """
import sys
from theorycheck.adding import NewFinding, add_finding
root, start, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(start, start + count):
    add_finding(root, NewFinding(f"f{i}", f"Finding {i}", "similarity", "setting", ["rat"], ["self_administration"],
                                 "robust", "c1", "Fig. 1", [f"effect(cocaine, acute, nac_dopamine)=increase"],
                                 quote="q" * (i % 50 + 1)))
    print(f"f{i}", flush=True)
"""


@pytest.fixture
def kb(make_kb) -> Path:
    return make_kb({"t": GOOD_THEORY}, START, background=MINI_BACKGROUND)


def ids_in(path: Path) -> list[str]:
    """The finding ids of a findings file, which must load without any error."""
    background = path.parent / "theories" / "background.lp"
    vocab = read_vocabulary(background, background.read_text(encoding="utf-8"))
    findings, _ = read_findings([path], vocab)
    return [f.id for f in findings]


def test_add_appends_the_block_and_every_theory_judges_it(kb):
    added = add_finding(kb, NEW)
    assert added.written and added.warnings == []
    text = (kb / "findings.lp").read_text(encoding="utf-8")
    assert text.startswith(START) and text.endswith(added.block)
    assert added.block.splitlines()[:2] == ["finding(cocaine_up).", 'title(cocaine_up, "Cocaine raises NAc dopamine").']
    result = theorycheck.check(theorycheck.load_kb(kb))
    assert [(v.theory, v.verdict) for v in result.verdicts(finding="cocaine_up")] == [("t", "explained")]


def test_dry_run_writes_nothing(kb):
    before = (kb / "findings.lp").read_bytes()
    added = add_finding(kb, NEW, dry_run=True)
    assert not added.written and "observed(cocaine_up, effect(cocaine, acute, nac_dopamine), increase)." in added.block
    assert (kb / "findings.lp").read_bytes() == before
    assert sorted(p.name for p in kb.iterdir()) == ["findings.lp", "theories"]


@pytest.mark.parametrize("change, message", [
    ({"observations": ["effect(cocain, acute, nac_dopamine)=increase"]},
     "--observe 'effect(cocain, acute, nac_dopamine)=increase': unknown drug 'cocain' (did you mean 'cocaine'?)"),
    ({"kind": "similarty"}, "--kind similarty: unknown kind 'similarty' (did you mean 'similarity'?)"),
    ({"id": "f0"}, "--id f0: duplicate finding id 'f0' (first declared at {findings}:2:1)"),
    ({"citation": "smith2024"}, "--citation smith2024: no citation/3 fact or BibTeX entry declares it; declare it "
                                'with --cite-text "Author (Year) Title. Journal" and --doi'),
    ({"cite_text": "Again"}, "--cite-text: citation 'c1' is already declared; leave out --cite-text and --doi"),
    ({"id": "Bad Id"}, "--id 'Bad Id': not a name: a lower-case letter, then letters, digits or underscores "
                       "(e.g. cocaine_setting_reward)"),
    ({"observations": ["effect(cocaine, acute)"]}, "--observe 'effect(cocaine, acute)': write KEY=VALUE, "
                                                   "e.g. 'effect(cocaine, acute, nac_dopamine)=increase'"),
    ({"observations": ["effect(D, acute, nac_dopamine)=increase"]},
     "--observe 'effect(D, acute, nac_dopamine)=increase': 'effect(D, acute, nac_dopamine)' is not a ground term "
     "such as effect(cocaine, acute, nac_dopamine)"),
    ({"observations": []}, "--observe: give at least one observation, e.g. --observe "
                           "'effect(cocaine, acute, nac_dopamine)=increase'"),
    ({"locator": " "}, "--locator: must not be empty"),
    ({"citation": "new", "cite_text": "New (2024)", "doi": "doi:10.1/x"},
     "--doi: write the DOI without its prefix: '10.1/x', not 'doi:10.1/x'"),
    ({"kind": "x). #script (python) import os #end. kind(y"}, "--kind 'x). #script (python) import os #end. kind(y'"),
])
def test_a_mistake_writes_nothing_and_names_the_option(kb, change, message):
    before = (kb / "findings.lp").read_bytes()
    with pytest.raises(InputError) as err:
        add_finding(kb, replace(NEW, **change))
    assert any(str(d).startswith("error: " + message.format(findings=kb / "findings.lp"))
               for d in err.value.diagnostics), err.value
    assert (kb / "findings.lp").read_bytes() == before


def test_a_broken_target_is_reported_at_its_own_line(kb):
    (kb / "findings.lp").write_text(START + "finding(f9)\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        add_finding(kb, NEW)
    first, error = err.value.diagnostics
    assert str(first) == "error: the findings have errors already; fix them before adding one"
    assert (error.location.file, error.location.line) == (str(kb / "findings.lp"), 7)  # the line lacking its '.'
    assert error.message.startswith("missing '.' at the end of this line")


def test_strings_are_escaped_so_nothing_can_be_injected(kb):
    title = 'He said "no" \\ then #script (python) import os #end. finding(evil).'
    add_finding(kb, replace(NEW, title=title, notes=["two\nlines"]))
    (finding,) = [f for f in theorycheck.load_kb(kb).findings if f.id == "cocaine_up"]
    assert finding.title == title
    assert ids_in(kb / "findings.lp") == ["f0", "cocaine_up"]


def test_new_citation_and_new_file(kb, tmp_path):
    target = tmp_path / "paper" / "my-paper.lp"
    target.parent.mkdir()
    new = replace(NEW, citation="dichiara1988", cite_text="Di Chiara G, Imperato A (1988) PNAS 85:5274",
                  doi="10.1073/pnas.85.14.5274")
    added = add_finding(kb, new, target=target)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("%# Findings added with `theorycheck add`\n\ncitation(dichiara1988, ")
    assert (kb / "findings.lp").read_text(encoding="utf-8") == START
    kb_with = theorycheck.load_kb(kb, findings=[target])
    assert [f.id for f in kb_with.findings] == ["f0", "cocaine_up"] and added.warnings == []
    with pytest.raises(InputError):  # the id is taken now, in the other file
        add_finding(kb, NEW, findings=[target])


def test_citation_from_a_bibtex_file_beside_the_target(kb):
    (kb / "findings.bib").write_text("@article{smith2024, author = {Smith, J.}, year = {2024}, doi = {10.1/x}}\n",
                                     encoding="utf-8")
    add_finding(kb, replace(NEW, citation="smith2024"))
    (finding,) = [f for f in theorycheck.load_kb(kb).findings if f.id == "cocaine_up"]
    assert finding.sources[0].citation == "smith2024"


def test_warnings_do_not_stop_an_add(kb):
    added = add_finding(kb, replace(NEW, quote="", citation="new", cite_text="New (2024)"))
    assert [str(w) for w in added.warnings] == [
        "warning: --id cocaine_up: finding 'cocaine_up' has no quote/2 (at most 15 words from the source)",
        "warning: --cite-text: citation 'new' has no DOI (--doi)"]
    assert added.written


def test_findings_never_go_into_the_theories_folder(kb):
    with pytest.raises(InputError) as err:
        add_finding(kb, NEW, target=kb / "theories" / "paper.lp")
    assert "is in theories/, which holds theory files" in str(err.value)
    assert not (kb / "theories" / "paper.lp").exists()


def test_file_mode_is_kept(kb):
    os.chmod(kb / "findings.lp", 0o640)
    add_finding(kb, NEW)
    assert (kb / "findings.lp").stat().st_mode & 0o777 == 0o640


def _adder(kb: Path, start: int, count: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", ADDER, str(kb), str(start), str(count)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_crash_at_any_moment_leaves_a_whole_file_with_every_acknowledged_finding(kb):
    rng = random.Random(6)
    acknowledged: set[str] = set()
    killed = 0
    for _ in range(30):
        present = ids_in(kb / "findings.lp")
        assert acknowledged <= set(present)
        start = max(int(i[1:]) for i in present) + 1
        child = _adder(kb, start, 1000)
        first = child.stdout.readline()  # the child is in its loop of adds: kill it at a random moment in there
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        killed += child.returncode == -signal.SIGKILL
        acknowledged |= set((first + out).split())
    present = ids_in(kb / "findings.lp")
    assert acknowledged <= set(present) and len(present) == len(set(present))
    assert killed == 30 and len(acknowledged) >= 30
    leftovers = [p.name for p in kb.iterdir() if p.name.startswith(".findings.lp.") and p.name != ".findings.lp.lock"]
    assert len(leftovers) <= 1  # the next add sweeps away what a killed one left behind


def test_concurrent_adds_lose_nothing(kb):
    children = [_adder(kb, 100 * n, 4) for n in range(1, 9)]
    for child in children:
        out, err = child.communicate(timeout=120)
        assert (child.returncode, err) == (0, "")
        assert len(out.split()) == 4
    present = ids_in(kb / "findings.lp")
    assert sorted(present) == sorted(["f0"] + [f"f{100 * n + i}" for n in range(1, 9) for i in range(4)])
