"""Duplicate evidence: one source's observation of a key, encoded again by another finding, counts once.

Two findings give the same evidence when they observe one key with the same value from the same work. Two
citations name one work when their DOIs are equal; when one of them has no DOI, when their keys are equal or
their first author and year (read from the citation text) are, so that one paper declared under two keys is still
one work. A source that gives reference numbers (a review citing its primary papers, as findings.lp cites Badiani
et al. 2011 "refs 46, 47") stands for those primary papers: two findings citing the review share a work only when
they share a reference number. The review's references are not resolved to DOIs, so a later finding citing one of
those primary papers directly is not matched with the review's finding.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .model import Citation, Diagnostic, Finding, Location

_YEAR = re.compile(r"\b(19|20)\d\d\b")
_RANGE = re.compile(r"^\s*(\d+)\s*[-–]\s*(\d+)\s*$")
MAX_RANGE = 500  # a reference range wider than this is a typo, not a list of papers


@dataclass(frozen=True)
class Repeat:
    """An observation that repeats, from a common work, one an earlier finding makes."""

    finding: str
    key: str
    value: str
    earlier: str
    work: str
    location: Location | None
    earlier_location: Location | None


def ref_numbers(refs: str) -> list[int]:
    """The reference numbers of a source: "22-25" and "29,39,40" as lists of numbers (anything else is ignored)."""
    numbers: list[int] = []
    for part in re.split(r"[,;]", refs):
        span = _RANGE.match(part)
        if span and 0 <= int(span.group(2)) - int(span.group(1)) <= MAX_RANGE:
            numbers += range(int(span.group(1)), int(span.group(2)) + 1)
        elif part.strip().isdigit():
            numbers.append(int(part.strip()))
    return numbers


def author_year(text: str) -> str | None:
    """`surname year` of a citation text such as "Badiani A, Belin D (2011) ...", or None if either is missing."""
    year = _YEAR.search(text)
    words = re.findall(r"[^\W\d_][^\W\d_'\-]*", text[: year.start()] if year else "")
    if not year or not words:
        return None
    plain = unicodedata.normalize("NFKD", words[0]).encode("ascii", "ignore").decode().lower()
    return f"{plain} {year.group(0)}" if plain else None


@dataclass(frozen=True)
class Work:
    """What one source of a finding cites: the work's DOI, citation key and `surname year`, and the reference
    numbers of the primary papers it stands for (a review's), if any."""

    doi: str
    key: str
    author_year: str | None
    refs: frozenset[int]

    def name(self) -> str:
        return self.doi and f"doi:{self.doi}" or self.author_year or f"citation {self.key}"

    def same_as(self, other: Work) -> str | None:
        """The shared work, named, if the two sources cite one work (one primary paper of a review); else None.
        Two DOIs decide alone: one author can publish two papers in a year."""
        if self.doi and other.doi:
            same = self.doi == other.doi
        else:
            same = self.key == other.key or (self.author_year is not None and self.author_year == other.author_year)
        if not same or bool(self.refs) != bool(other.refs):
            return None  # a review's reference and the review itself are not one work
        if self.refs:
            common = self.refs & other.refs
            return f"{self.name()}, ref {min(common)}" if common else None
        return self.name()


def works(finding: Finding, citations: dict[str, Citation]) -> list[Work]:
    """The works a finding's sources cite (see the module docstring)."""
    found = []
    for source in finding.sources:
        cite = citations.get(source.citation, Citation(source.citation, ""))
        found.append(Work(cite.doi.lower(), cite.key, author_year(cite.text), frozenset(ref_numbers(source.refs))))
    return found


def repeats(findings: list[Finding] | tuple[Finding, ...], citations: list[Citation]) -> list[Repeat]:
    """Each observation that repeats an earlier finding's (same key and value) from a work both cite, in file
    order; the earliest finding giving the evidence is the one it is counted under."""
    by_key = {c.key: c for c in citations}
    seen: dict[tuple[str, str], list[tuple[Finding, list[Work], Location | None]]] = {}
    found = []
    for finding in findings:
        mine = works(finding, by_key)
        for obs in finding.observations:
            earlier = seen.setdefault((obs.key, obs.value), [])
            for other, theirs, where in earlier:
                common = sorted(filter(None, (a.same_as(b) for a in mine for b in theirs)))
                if common and other.id != finding.id:
                    found.append(Repeat(finding.id, obs.key, obs.value, other.id, common[0], obs.location, where))
                    break
            earlier.append((finding, mine, obs.location))
    return found


def repeat_warnings(findings, citations: list[Citation], of: str | None = None) -> list[Diagnostic]:
    """A warning at each repeated observation (only those of finding `of`, if given)."""
    out = []
    for r in repeats(findings, citations):
        if of not in (None, r.finding):
            continue
        where = f" ({r.earlier_location.file}:{r.earlier_location.line})" if r.earlier_location else ""
        out.append(Diagnostic("warning", f"finding '{r.finding}' observes {r.key} = {r.value}, as finding "
                              f"'{r.earlier}'{where} does, from the same source ({r.work}): the same evidence "
                              "twice; reports count it once", r.location))
    return out


def repeated_findings(findings, citations: list[Citation]) -> dict[str, str]:
    """Findings every observation of which repeats earlier evidence: finding id -> the first finding it repeats.
    Reports count each of these once, under the earlier finding."""
    by_finding: dict[str, list[Repeat]] = {}
    for r in repeats(findings, citations):
        by_finding.setdefault(r.finding, []).append(r)
    sizes = {f.id: len(f.observations) for f in findings}
    return {ident: found[0].earlier for ident, found in by_finding.items()
            if len({r.key for r in found}) == sizes.get(ident)}
