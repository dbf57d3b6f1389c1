"""The findings from the literature since 2011 (findings/*.lp): provenance, traceable quotes, documented terms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from theorycheck.findings import read_findings
from theorycheck.model import STRENGTHS
from theorycheck.theories import read_program
from theorycheck.vocabulary import read_vocabulary

ROOT = Path(__file__).resolve().parent.parent
BACKGROUND = ROOT / "theories" / "background.lp"
RECORDS = ROOT / "docs" / "literature-records.md"
LITERATURE = sorted((ROOT / "findings").glob("*.lp"))
SECTION = "%## Vocabulary for the literature since 2011"
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
YEAR = re.compile(r"\((\d{4})\)")
# The unary predicates whose facts in the section declare vocabulary terms.
DECLARING = ("drug", "region", "receptor", "substrate", "cell_type", "gene_product", "process", "measure",
             "nondrug_reward", "exposure", "manipulation", "lesion_method", "condition", "predictor", "outcome",
             "aspect", "domain", "paradigm")


@pytest.fixture(scope="module")
def literature():
    background = read_program(BACKGROUND)
    vocab = read_vocabulary(BACKGROUND, background.text, background.rules)
    return read_findings(LITERATURE, vocab)


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_literature_holds_forty_findings_from_twenty_papers_since_2012(literature):
    findings, citations = literature
    cited = {s.citation for f in findings for s in f.sources}
    assert len(findings) >= 40
    assert len(cited) >= 20
    years = {c.key: int(YEAR.search(c.text).group(1)) for c in citations if c.key in cited}
    assert min(years.values()) >= 2012, years


def test_every_finding_has_complete_provenance(literature):
    findings, citations = literature
    by_key = {c.key: c for c in citations}
    for finding in findings:
        assert finding.sources, finding.id
        assert finding.strength in STRENGTHS, finding.id
        assert finding.quote.strip(), finding.id
        for source in finding.sources:
            citation = by_key[source.citation]
            assert DOI.match(citation.doi), (finding.id, citation.doi)
            assert YEAR.search(citation.text), (finding.id, citation.text)
            assert source.locator.strip(), finding.id


def test_every_quote_is_in_the_literature_records(literature):
    """Each quote was copied from a page the records name: it must appear there word for word."""
    findings, _ = literature
    records = _words(RECORDS.read_text())
    missing = [f.id for f in findings if _words(f.quote).rstrip(".") not in records]
    assert missing == []


def test_every_cited_work_has_its_record(literature):
    findings, citations = literature
    records = RECORDS.read_text()
    for citation in citations:
        assert citation.doi in records, citation.key
        assert re.search(rf"\b{citation.key}\b", records), citation.key


def _declared(section: str) -> set[str]:
    """The term names the facts and rules of the section declare (the leading name of each pooled argument)."""
    names = set()
    code = " ".join(line for line in section.splitlines() if not line.startswith("%"))
    for statement in re.split(r"\.(?=\s|$)", code):
        head = re.match(rf"^\s*({'|'.join(DECLARING)})\(", statement)
        if not head:
            continue
        depth, part, parts = 1, "", []
        for char in statement[head.end():]:
            depth += (char == "(") - (char == ")")
            if depth == 0:
                break
            if char == ";" and depth == 1:
                parts.append(part)
                part = ""
            else:
                part += char
        parts.append(part)
        names.update(m.group(1) for m in (re.match(r"\s*([a-z][A-Za-z0-9_]*)", p) for p in parts) if m)
    return names


def test_every_term_the_literature_adds_is_documented():
    text = BACKGROUND.read_text()
    start = text.index(SECTION)
    section = text[start:text.index("%## ", start + len(SECTION))]
    declared = _declared(section)
    documented = set(re.findall(r"^%-\s(?:[a-z_]+\s)?([a-z][A-Za-z0-9_]*)", text, re.M))
    assert len(declared) > 80
    assert sorted(declared - documented) == []
