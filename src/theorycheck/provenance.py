"""Provenance: a paper's reference numbers resolved to the works they cite, from `references/<paper>.bib` in the KB.

A finding's `source(F, badiani2011, "Fig. 1", "20,21")` and an axiom's `[20, 21]` name works by their number in the
reference list of a paper; `references/badiani2011.bib` holds that list as BibTeX entries with a `refnum` field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .bibtex import read_bibtex
from .errors import InputError
from .kbfiles import present
from .model import Citation, Finding

FOLDER = "references"
_RANGE = re.compile(r"(\d+)\s*[-–]\s*(\d+)|(\d+)")


@dataclass(frozen=True)
class Work:
    """A reference number of a paper and the work it names (None: not in that paper's reference list file)."""

    paper: str
    number: str
    work: Citation | None

    def text(self) -> str:
        if self.work is None:
            return f"ref. {self.number} of {self.paper} (not in {FOLDER}/{self.paper}.bib)"
        doi = f" doi:{self.work.doi}" if self.work.doi else ""
        return f"[{self.number}] {self.work.text}.{doi}"


def read_reference_lists(root: Path) -> dict[str, dict[str, Citation]]:
    """paper key -> reference number -> work, from every `references/<paper>.bib` of the KB; an error in a file
    (a bad DOI, an entry without `refnum`, a number given twice) is an InputError at its file and line."""
    folder = root / FOLDER
    lists: dict[str, dict[str, Citation]] = {}
    problems = []
    for path in sorted(folder.glob("*.bib")) if folder.is_dir() else []:
        if not present(path):
            continue
        entries, issues = read_bibtex(path)
        problems += [d for d in issues if d.severity == "error"]
        numbers: dict[str, Citation] = {}
        for entry in entries:
            if entry.number in numbers:
                problems.append(_problem(path, entry.key, f"refnum {entry.number} is also '{numbers[entry.number].key}'"))
            elif not entry.number.isdigit():
                problems.append(_problem(path, entry.key, "needs a numeric `refnum` field (its number in the paper)"))
            else:
                numbers[entry.number] = entry
        lists[path.stem] = numbers
    if problems:
        raise InputError(problems)
    return lists


def _problem(path: Path, key: str, message: str):
    from .model import Diagnostic, Location
    from .textpos import Lines

    text = path.read_text(encoding="utf-8")
    at = text.find(key)
    line = Lines(text).at(at)[0] if at >= 0 else 1
    return Diagnostic("error", f"BibTeX entry '{key}': {message}", Location(str(path), line, 1))


def ref_numbers(refs: str) -> list[str]:
    """The numbers in `"20,21"`, `"22-25"`, `"12-14, 227"`: ranges expanded, order kept, each once."""
    numbers: list[str] = []
    for match in _RANGE.finditer(refs):
        first, last, single = match.groups()
        span = range(int(first), int(last) + 1) if first and int(last) - int(first) < 50 else [int(single or first)]
        numbers += [str(n) for n in span]
    return list(dict.fromkeys(numbers))


def works(paper: str, refs: str, lists: dict[str, dict[str, Citation]]) -> list[Work]:
    """The works that reference numbers `refs` of `paper` name (an unresolved number keeps its number)."""
    known = lists.get(paper)
    if known is None:
        return []
    return [Work(paper, n, known.get(n)) for n in ref_numbers(refs)]


def works_text(cited_works: list[Work]) -> str:
    """The resolved works in full, then the numbers not (yet) in a reference list file, in one line."""
    found = [w.text() for w in cited_works if w.work is not None]
    missing: dict[str, list[str]] = {}
    for w in cited_works:
        if w.work is None:
            missing.setdefault(w.paper, []).append(w.number)
    found += [f"refs {', '.join(numbers)} of {paper} (not in {FOLDER}/{paper}.bib)" for paper, numbers in missing.items()]
    return "; ".join(found)


def axiom_works(refs: str, lists: dict[str, dict[str, Citation]]) -> list[Work]:
    """The works an axiom's `[refs]` name: numbers of the KB's one paper reference list (none when there are more)."""
    return works(next(iter(lists)), refs, lists) if len(lists) == 1 else []


def render_works(cited_works: list[Work]) -> list[str]:
    """A `## Primary works` Markdown section: each resolved number once, in numeric order."""
    from .escaping import markdown_text

    found = {(w.paper, int(w.number)): w for w in cited_works if w.work is not None}
    if not found:
        return []
    return ["## Primary works", "", "Works the paper's reference numbers name (from `references/`):", ""] + [
        f"- {markdown_text(found[k].text())}" for k in sorted(found)] + [""]


def finding_works(finding: Finding, lists: dict[str, dict[str, Citation]]) -> list[Work]:
    """The primary works a finding's sources cite by number."""
    return [w for s in finding.sources for w in works(s.citation, s.refs, lists)]


def provenance_lines(finding: Finding, citations: dict[str, Citation], lists: dict[str, dict[str, Citation]]
                     ) -> list[str]:
    """A finding's provenance as plain lines: each source with its locator and the works it cites, quote, notes."""
    out = []
    for s in finding.sources:
        work = citations.get(s.citation)
        doi = f" doi:{work.doi}" if work and work.doi else ""
        refs = f"; refs {s.refs}" if s.refs else ""
        out.append(f"Source: {s.citation}, {s.locator}{refs}.{doi}")
        cited_works = works(s.citation, s.refs, lists)
        out += [f"  {works_text(cited_works)}"] if cited_works else []
    if finding.quote:
        out.append(f"Quote: \u201c{finding.quote}\u201d")
    out += [f"Note: {n}" for n in finding.notes]
    return out


def provenance_markdown(finding: Finding, references: dict) -> list[str]:
    """The quote as a block quote, then the primary works the source's reference numbers name (Markdown)."""
    from .escaping import markdown_text

    out = [f"> {markdown_text(finding.quote)}", ""] if finding.quote else []
    cited_works = finding_works(finding, references)
    if cited_works:
        out += ["Primary works: " + markdown_text(works_text(cited_works)), ""]
    return out
