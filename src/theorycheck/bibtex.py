"""Provenance helpers: DOI form checks and a small, tolerant BibTeX reader for citation keys."""

from __future__ import annotations

import re
from pathlib import Path

from .annotations import read_text
from .model import Citation, Diagnostic, Location
from .textpos import Lines

# A DOI is `10.` + a registrant code of digits (dot-separated parts allowed) + `/` + a suffix without spaces.
_DOI = re.compile(r"^10\.\d+(?:\.\d+)*/\S+$")
_DOI_PREFIX = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.I)
_ENTRY = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^,\s{}()]+)\s*,")
_FIELD = re.compile(r"\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*")
_SKIPPED = ("comment", "string", "preamble")


def doi_problem(doi: str) -> str | None:
    """Why `doi` is not a DOI of the form `10.NNNN/suffix`, or None if it is (the empty string is not checked)."""
    if not doi:
        return None
    if _DOI_PREFIX.match(doi):
        bare = _DOI_PREFIX.sub("", doi)
        return f"write the DOI without its prefix: '{bare}', not '{doi}'"
    if not _DOI.fullmatch(doi):  # fullmatch: `$` alone would let a DOI end in a newline
        return f"'{doi}' is not a DOI: a DOI has the form 10.NNNN/suffix (e.g. 10.1038/nrn3104)"
    return None


def read_bibtex(path: Path, explicit: bool = False) -> tuple[list[Citation], list[Diagnostic]]:
    """The entries of a BibTeX file as citations, and problems (malformed entries, bad DOIs) at their lines.

    Only the fields a citation needs are read (author, year, title, journal, volume, pages, doi); anything the
    reader does not understand is skipped with a warning, never a crash.

    Example:
        citations, problems = read_bibtex(Path("my-paper.bib"))
    """
    text = read_text(path, explicit)
    citations: list[Citation] = []
    problems: list[Diagnostic] = []
    lines = Lines(text)
    for match in _ENTRY.finditer(text):
        kind, key = match.group(1).lower(), match.group(2)
        where = Location(str(path), lines.at(match.start())[0], 1)
        if kind in _SKIPPED:
            continue
        fields, complete = _fields(text, match.end())
        if not complete:
            problems.append(Diagnostic("warning", f"BibTeX entry '{key}' is not closed; fields after the "
                                       "last complete one are ignored", where))
        doi = fields.get("doi", "").strip()
        problem = doi_problem(doi)
        if problem:
            problems.append(Diagnostic("error", f"BibTeX entry '{key}': {problem}", where))
        citations.append(Citation(key, citation_text(fields) or key, doi, fields.get("refnum", "")))
    return citations, problems


def citation_text(fields: dict[str, str]) -> str:
    """`Author (Year) Title. Journal Volume:Pages` from whichever of these fields are present."""
    head = fields.get("author", "").replace(" and ", ", ")
    if fields.get("year"):
        head = f"{head} ({fields['year']})".strip()
    parts = [p for p in (head, fields.get("title", "").rstrip(".")) if p]
    text = " ".join(parts)
    where = fields.get("journal", "") or fields.get("booktitle", "")
    if fields.get("volume"):
        where = f"{where} {fields['volume']}".strip()
    if fields.get("pages"):
        where = f"{where}:{fields['pages'].replace('--', '-')}"
    return f"{text}. {where}".strip() if where else text


def _fields(text: str, start: int) -> tuple[dict[str, str], bool]:
    """Parse `name = {value}` / `"value"` / bare fields until the entry's closing brace."""
    fields: dict[str, str] = {}
    i = start
    while True:
        closing = re.compile(r"\s*[})]").match(text, i)
        if closing:
            return fields, True
        match = _FIELD.match(text, i)
        if not match:
            return fields, False
        value, i = _value(text, match.end())
        if value is None:
            return fields, False
        fields[match.group(1).lower()] = " ".join(value.replace("{", "").replace("}", "").split())
        comma = re.compile(r"\s*,").match(text, i)
        if comma:
            i = comma.end()


def _value(text: str, i: int) -> tuple[str | None, int]:
    """One field value: a braced group (nested braces allowed), a quoted string or a bare word."""
    if i < len(text) and text[i] == "{":
        depth, j = 0, i
        while j < len(text):
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            if depth == 0:
                return text[i + 1:j], j + 1
            j += 1
        return None, j
    if i < len(text) and text[i] == '"':
        end = text.find('"', i + 1)
        return (None, len(text)) if end < 0 else (text[i + 1:end], end + 1)
    bare = re.compile(r"[A-Za-z0-9_.:-]+").match(text, i)
    return (bare.group(0), bare.end()) if bare else (None, i)
