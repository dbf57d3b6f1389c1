"""Lint: the bad-input corpus, undefined atoms, grounding bounds, BibTeX and DOI checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import theorycheck
from theorycheck.bibtex import doi_problem, read_bibtex
from theorycheck.errors import InputError
from theorycheck.lint import classify, lint
from theorycheck.model import Location

from conftest import CITATION, CORPUS, MINI_BACKGROUND, finding_block, findings_text, theory_text

CASES = sorted(p for p in CORPUS.glob("*.lp") if not p.name.startswith("_"))
_EXPECT = re.compile(r"^% expect(-warning)?: (\d+): (.+)$")
GOOD_THEORY = theory_text("t", """
    %! axiom up [1]: Acute exposure to any drug raises NAc dopamine.
    predicts(effect(D, acute, nac_dopamine), increase) :- asked(effect(D, acute, nac_dopamine)), addictive(D).
""")
HEROIN_UP = [("effect(heroin, acute, nac_dopamine)", "increase")]


def quoted(blocks: dict[str, list[tuple[str, str]]]) -> str:
    """A findings file as conftest's findings_text writes it, with a quote for each finding (lint wants one)."""
    return findings_text(blocks) + "".join(f'quote({ident}, "a quote").\n' for ident in blocks)


def expectation(case: Path) -> tuple[str, int, str]:
    """(severity, line, message fragment) from the case's first line."""
    match = _EXPECT.match(case.read_text(encoding="utf-8").splitlines()[0])
    assert match, f"{case.name}: the first line must be `% expect: LINE: FRAGMENT`"
    return ("warning" if match.group(1) else "error"), int(match.group(2)), match.group(3)


def lint_case(root: Path, case: Path, **kwargs):
    if classify(case) == "theory":
        return lint(root, theory_files=[case], **kwargs)
    return lint(root, findings=[case], **kwargs)


def test_the_corpus_is_large_and_its_kb_is_clean(corpus_kb):
    assert len(CASES) >= 50
    assert lint(corpus_kb) == []


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_input_is_reported_at_its_line(corpus_kb, case):
    severity, line, fragment = expectation(case)
    found = lint_case(corpus_kb, case, timeout=20)
    here = [d for d in found if d.location and d.location.file == str(case) and d.location.line == line]
    assert any(d.severity == severity and fragment in d.message for d in here), "\n".join(map(str, found))
    if severity == "warning":
        assert [d for d in found if d.severity == "error"] == []


def test_script_in_a_theory_never_runs(corpus_kb, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    found = lint(corpus_kb, theory_files=[CORPUS / "t01_script_python.lp"])
    assert [d.severity for d in found] == ["error"]
    assert not (tmp_path / "SCRIPT_RAN").exists()


def test_clean_kb_has_no_diagnostics(make_kb):
    root = make_kb({"t": GOOD_THEORY}, quoted({"f1": HEROIN_UP}), background=MINI_BACKGROUND)
    assert lint(root) == []


def test_every_problem_of_every_file_at_once(make_kb, tmp_path):
    root = make_kb({"t": GOOD_THEORY}, quoted({"f1": [("effect(cocain, acute, nac_dopamine)", "increase")]}),
                   background=MINI_BACKGROUND)
    theory = tmp_path / "u.lp"
    theory.write_text(theory_text("u", "%! axiom a: No references.\np(1).\n"), encoding="utf-8")
    found = [str(d) for d in lint(root, theory_files=[theory])]
    assert found == [f"{root / 'findings.lp'}:5:1: error: unknown drug 'cocain' (did you mean 'cocaine'?)",
                     f"{theory}:4:1: error: axiom 'a' has no citation: give the reference numbers in brackets, "
                     "e.g. [11]"]


def test_undefined_predicate_in_a_theory_is_an_error_with_a_suggestion(make_kb):
    theory = theory_text("t", """
        %! axiom up [1]: Drugs raise dopamine.
        raises(D, dopamine) :- addictive(D).
        %! axiom use [2]: What raises dopamine raises NAc dopamine.
        predicts(effect(D, acute, nac_dopamine), increase) :- asked(effect(D, acute, nac_dopamine)), raise(D, dopamine).
    """)
    root = make_kb({"t": theory}, quoted({"f1": HEROIN_UP}), background=MINI_BACKGROUND)
    (error,) = lint(root)
    assert str(error) == (f"{root / 'theories' / 't.lp'}:7:94: error: predicate raise/2 is used but nothing defines "
                          "it, so this rule never applies; did you mean raises/2?")


def test_background_atoms_a_theory_leaves_undefined_are_its_choice(make_kb):
    background = MINI_BACKGROUND + "predicts(K, increase) :- asked(K), activates(K).\n"
    root = make_kb({"t": GOOD_THEORY}, quoted({"f1": HEROIN_UP}), background=background)
    (nobody,) = lint(root)  # no theory defines activates/1: the bridge can never fire
    assert (nobody.severity, nobody.location.file) == ("warning", str(root / "theories" / "background.lp"))
    assert nobody.message.startswith("atom undefined: activates(K)")
    other = theory_text("o", "%! axiom a [1]: A claim.\nactivates(x).\n")
    root = make_kb({"t": GOOD_THEORY, "o": other}, quoted({"f1": HEROIN_UP}), background=background)
    assert lint(root) == []


def test_a_drug_the_background_does_not_describe(make_kb, cli):
    background = MINI_BACKGROUND + "drug(nicotine).\n"
    root = make_kb({"t": GOOD_THEORY}, quoted({"f1": [("effect(nicotine, acute, nac_dopamine)", "increase")]}),
                   background=background)
    (error,) = lint(root)
    assert error.location.line == 5 and "observes nicotine" in error.message
    done = cli("--kb", root, "run")
    assert (done.exit_code, done.stdout) == (2, "")
    assert "drug_class(nicotine, Class)" in done.stderr


@pytest.mark.parametrize("text, where, fragment", [
    ('"\u00e9', "1:1", "string not closed on its line: end it with \" on the same line (clingo would read the "
                     "'\u00e9' after it as code)"),
    ('%* a %* nested *% comment *% \u00e9.', "1:30", "character '\u00e9' (U+00E9) outside a string or comment"),
    ('p("#script (python)\nimport os\n#end.', "1:4", "#script is not allowed"),
    ('p("a\\\u00e9").', "1:5", "invalid escape `\\\u00e9` in a string"),
    ('p("\u00b5 \\) b", "x").', "1:6", "invalid escape `\\)` in a string: the escapes are"),
    ("p(1).\n\x85", "2:1", "character '\\x85' (U+0085) outside a string or comment"),
    ('% a page\x0cbreak and a line\u2028separator in a comment\nq("\u00b5").\n\u00b5.', "3:1",
     "character '\u00b5' (U+00B5) outside a string or comment"),
])
def test_text_clingo_cannot_quote_is_refused_at_its_line(make_kb, tmp_path, cli, text, where, fragment):
    # A string clingo's lexer rejects (left open, or with a bad escape) makes it read the rest of the line as code
    # and quote it in an error cut inside a UTF-8 character, which cannot be decoded: the process aborts. Such
    # text is refused before clingo reads it. Only "\n" ends a line.
    root = make_kb({"t": GOOD_THEORY}, quoted({"f1": HEROIN_UP}), background=MINI_BACKGROUND)
    paper = tmp_path / "paper.lp"
    paper.write_text(text, encoding="utf-8")
    for command in ("lint", "run"):
        done = cli("--kb", root, "--findings", paper, command)
        assert done.exit_code == 2 and "Traceback" not in done.stderr, done.stderr
        assert f"{paper}:{where}" in done.stderr and fragment in done.stderr, done.stderr


def test_two_theories_with_one_name(make_kb, tmp_path, cli):
    root = make_kb({"t": GOOD_THEORY}, quoted({"f1": HEROIN_UP}), background=MINI_BACKGROUND)
    for folder in ("elsewhere", "drafts"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "t.lp").write_text("% A revised copy.\n" + GOOD_THEORY, encoding="utf-8")
    copy, other = tmp_path / "elsewhere" / "t.lp", tmp_path / "drafts" / "t.lp"
    # A copy outside theories/ replaces the KB's own theory of its name: how a revision is checked.
    assert lint(root, theory_files=[copy]) == []
    assert theorycheck.load_kb(root, theory_files=[copy]).theories["t"].path == str(copy)
    first = root / "theories" / "t.lp"
    assert lint(root, theory_files=[first]) == []  # the KB's own file is not a second theory
    # Two copies: which one is meant? Both places: the second's `%! theory` line, and the first's.
    expected = f"{other}:2:1: error: two theories are named 't' (first at {copy}:2:1); a theory is named after its file"
    (error,) = lint(root, theory_files=[copy, other])
    assert str(error).startswith(expected)
    done = cli("--kb", root, "run", "--theory-file", copy, "--theory-file", other)
    assert (done.exit_code, done.stdout) == (2, "")
    assert done.stderr.startswith(expected) and "Traceback" not in done.stderr
    with pytest.raises(InputError) as err:
        theorycheck.load_kb(root, theory_files=[copy, other])
    assert [str(d) for d in err.value.diagnostics] == [str(error)]


def test_grounding_is_bounded_and_names_the_theory(make_kb):
    # Too large to ground in a second, but no rule builds ever new terms: lint grounds it, and the time limit speaks.
    huge = theory_text("huge", "%! axiom big [1]: Everything.\n"
                               "big(X, Y, Z) :- X = 1..3000, Y = 1..3000, Z = 1..3000.\n"
                               "predicts(K, increase) :- asked(K), big(1, 1, 1).\n")
    root = make_kb({"huge": huge}, quoted({"f1": HEROIN_UP}), background=MINI_BACKGROUND)
    (error,) = lint(root, timeout=1)
    assert "theory 'huge'" in error.message and "did not finish within 1 s" in error.message
    assert "(such as p(X+1) :- p(X))" in error.message and error.location is None


def test_a_rule_that_may_never_stop_grounding_is_a_warning_not_grounded(make_kb):
    endless = theory_text("endless", "%! axiom grow [1]: Numbers grow.\nn(0).\nn(X + 1) :- n(X).\n")
    root = make_kb({"endless": endless, "t": GOOD_THEORY}, quoted({"f1": HEROIN_UP}), background=MINI_BACKGROUND)
    (warning,) = lint(root, timeout=30)  # grounded, the theory would fail at the time limit with an error
    assert (warning.severity, warning.location) == ("warning", Location(str(root / "theories" / "endless.lp"), 6, 1))
    assert warning.message == ("rule 'n(X + 1) :- n(X).' may build ever new terms (its head makes a new term from its "
                               "own body): unless a condition bounds them, grounding never ends; lint did not ground it, and `run` stops it at "
                               "--timeout")


def test_enormous_grounding_fails_cleanly(make_kb):
    from theorycheck.lint import _ground_messages, load_parts
    from theorycheck.sandbox import Job, run_bounded
    from theorycheck.solver import check_facts

    huge = theory_text("huge", "%! axiom big [1]: Everything.\n"
                               "big(X, Y, Z) :- X = 1..3000, Y = 1..3000, Z = 1..3000.\n"
                               "predicts(K, increase) :- asked(K), big(1, 1, 1).\n")
    root = make_kb({"huge": huge}, quoted({"f1": HEROIN_UP}), background=MINI_BACKGROUND)
    kb = load_parts(root, [], []).kb
    files = [kb.background.source(False), kb.programs["huge"].source(True)]
    in_use = next(int(line.split()[1]) * 1024 for line in Path("/proc/self/status").read_text().splitlines()
                  if line.startswith("VmSize:"))  # the child starts as a copy of this process
    with pytest.raises(InputError) as err:
        run_bounded([Job("theory 'huge'", _ground_messages, (files, check_facts([]), ["big"]))], timeout=60,
                    memory=in_use + 512 * 1024**2)
    (error,) = err.value.diagnostics
    assert error.message.startswith("theory 'huge': ran out of memory: grounding or solving exceeded the memory limit of ")


def test_not_a_knowledge_base(tmp_path):
    with pytest.raises(InputError) as err:
        lint(tmp_path)
    assert "not a knowledge base" in str(err.value)


@pytest.mark.parametrize("text, kind", [("%! theory x\n", "theory"), ("p(1).\n%! axiom a [1]: c\n", "theory"),
                                        ("finding(f).\n", "findings"), ("% %! axiom in a comment\n", "findings")])
def test_classify(tmp_path, text, kind):
    path = tmp_path / "x.lp"
    path.write_text(text, encoding="utf-8")
    assert classify(path) == kind


@pytest.mark.parametrize("doi, problem", [
    ("10.1038/nrn3104", None), ("10.1523/JNEUROSCI.0000-24.2024", None), ("10.1000.10/abc(1)", None), ("", None),
    ("nrn3104", "is not a DOI"), ("10.1038", "is not a DOI"), ("10.abc/x", "is not a DOI"),
    ("10.1038/ x", "is not a DOI"),
    ("doi:10.1038/nrn3104", "without its prefix: '10.1038/nrn3104'"),
    ("https://doi.org/10.1038/nrn3104", "without its prefix: '10.1038/nrn3104'"),
])
def test_doi_form(doi, problem):
    found = doi_problem(doi)
    assert (found is None) if problem is None else (problem in found)


BIB = """\
@comment{ tolerated }
@string{ jn = "J Neurosci" }
@Article{dichiara1988,
  author = {Di Chiara, G. and Imperato, A.},
  title = {Drugs abused by humans preferentially increase synaptic dopamine concentrations in the
           mesolimbic system of freely moving rats},
  journal = "Proc Natl Acad Sci {USA}",
  year = 1988, volume = {85}, pages = {5274--5278},
  doi = {10.1073/pnas.85.14.5274},
}
@book{nodoi, title = {A {Nested {Brace}} Title}, year = {2001}}
@article{baddoi, doi = {doi:10.1/x}}
@article{broken, title = {never closed
"""


def test_bibtex_reader_is_tolerant(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    citations, problems = read_bibtex(path)
    by_key = {c.key: c for c in citations}
    assert sorted(by_key) == ["baddoi", "broken", "dichiara1988", "nodoi"]
    assert by_key["dichiara1988"].doi == "10.1073/pnas.85.14.5274"
    assert by_key["dichiara1988"].text.startswith("Di Chiara, G., Imperato, A. (1988) Drugs abused by humans")
    assert by_key["dichiara1988"].text.endswith("Proc Natl Acad Sci USA 85:5274-5278")
    assert by_key["nodoi"].text == "(2001) A Nested Brace Title"
    assert [(d.severity, d.location.line) for d in problems] == [("error", 12), ("warning", 13)]
    assert "without its prefix" in problems[0].message


def test_findings_resolve_citations_against_a_bibtex_file_beside_them(make_kb, tmp_path, cli):
    root = make_kb({"t": GOOD_THEORY}, quoted({"f1": HEROIN_UP}), background=MINI_BACKGROUND)
    paper = tmp_path / "paper.lp"
    paper.write_text(finding_block("f2", HEROIN_UP).replace("c1,", "dichiara1988,") + 'quote(f2, "q").\n',
                     encoding="utf-8")
    assert [d.message for d in lint(root, findings=[paper])] == [
        "source cites 'dichiara1988', which no citation/3 fact declares"]
    (tmp_path / "paper.bib").write_text(BIB, encoding="utf-8")
    found = lint(root, findings=[paper])
    assert [(d.location.file, d.location.line) for d in found] == [(str(tmp_path / "paper.bib"), 12)]
    (tmp_path / "paper.bib").write_text(BIB.replace("doi:10.1/x", "10.1/x"), encoding="utf-8")
    assert [d for d in lint(root, findings=[paper]) if d.severity == "error"] == []
    done = cli("--kb", root, "--findings", paper, "run", "--format", "json")
    assert done.exit_code == 0, done.stderr


def test_citation_warnings(make_kb):
    text = CITATION + 'citation(c2, "No DOI (1999)", "").\n' + finding_block("f1", HEROIN_UP) + 'quote(f1, "q").\n'
    root = make_kb({"t": GOOD_THEORY}, text, background=MINI_BACKGROUND)
    found = [(d.severity, d.location.line, d.message) for d in lint(root)]
    assert found == [("warning", 2, "citation 'c2' has no DOI; give one where it exists"),
                     ("warning", 2, "citation 'c2' is declared but no source cites it")]


def test_references_a_report_cites(make_kb):
    from theorycheck.references import render_references

    text = CITATION + 'citation(c2, "Unused (1999).", "").\n' + finding_block("f1", HEROIN_UP)
    root = make_kb({"t": GOOD_THEORY}, text, background=MINI_BACKGROUND)
    kb = theorycheck.load_kb(root)
    assert render_references(kb.findings, kb.citations) == [
        "## References", "", "- `c1`: Someone 2020. [doi:10.1/x](https://doi.org/10.1/x)", ""]
    assert render_references([], kb.citations) == []


def test_an_axiom_may_be_marked_core_or_belt(tmp_path):
    from theorycheck.annotations import parse_annotations

    text = ("%! axiom a [1] core: The hard core.\n%! axiom b [2] belt: The protective belt.\n"
            "%! axiom c [3]: Unmarked.\n%! axiom d [4]: core ideas are not a mark without the colon after it.\n")
    notes = parse_annotations(tmp_path / "t.lp", text)
    assert [(g.id, g.role, g.claim) for g in notes.groups] == [
        ("a", "core", "The hard core."), ("b", "belt", "The protective belt."), ("c", "", "Unmarked."),
        ("d", "", "core ideas are not a mark without the colon after it.")]
