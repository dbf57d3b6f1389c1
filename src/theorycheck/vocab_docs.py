"""Descriptions of vocabulary terms, read from the comments of background.lp.

Two conventions, both plain comments (clingo ignores them):

- a term doc line, anywhere in the file: `%- NAME: description`, or `%- TYPE NAME: description` when the name has
  another meaning as another type (`%- predictor impulsivity: ...`); a compound term may show its arguments
  (`%- fos(Region): ...`); lines starting `%-` and two or more spaces continue the description;
- the one-comment-line-per-addition convention: `% Type: description` right above the fact or rule that declares
  the term (`% Exposure: use of the drug by people ...` above `exposure(human_use).`); the description goes to
  every term that the first statement below it with head `type(...)` declares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOC = re.compile(r"^%-\s([a-z][A-Za-z0-9_]*\s+)?([a-z][A-Za-z0-9_]*)(\(.*?\))?\s*:\s+(\S.*)$")
_MORE = re.compile(r"^%-\s{2,}(\S.*)$")
_ADDITION = re.compile(r"^%\s+([A-Z][a-z]+(?: [a-z]+)?):\s+(\S.*)$")
_HEAD = re.compile(r"^\s*([a-z][A-Za-z0-9_]*)\(")
_NAME = re.compile(r"\s*-?([a-z][A-Za-z0-9_]*)")
LOOKAHEAD = 4  # lines below a `% Type: description` comment in which its statement may start


@dataclass(frozen=True)
class TermDoc:
    """The description of a term name (a constant, or a compound term's function name), with its line."""

    name: str
    text: str
    line: int
    type: str = ""  # the type the description is about ("" for every type the name has)
    shown: str = ""  # the term as the doc writes it (`fos(Region)`), else the name


def read_term_docs(text: str) -> dict[str, list[TermDoc]]:
    """Every term description of a background file, by name (see the module docstring)."""
    lines = text.splitlines()
    docs: dict[str, list[TermDoc]] = {}
    for doc in _doc_lines(lines) + _addition_lines(lines):
        docs.setdefault(doc.name, []).append(doc)
    return docs


def describe(docs: dict[str, list[TermDoc]], name: str, kind: str = "") -> str:
    """The description of `name` as a term of type `kind`: one written for that type, else one for any type."""
    found = docs.get(name, [])
    typed = [d for d in found if d.type == kind] if kind else []
    general = [d for d in found if not d.type]
    chosen = typed or general or found
    return chosen[0].text if chosen else ""


def _doc_lines(lines: list[str]) -> list[TermDoc]:
    found: list[TermDoc] = []
    last = 0  # the line the latest doc (or its latest continuation) is on
    for number, line in enumerate(lines, start=1):
        more = _MORE.match(line)
        if more and found and last == number - 1:
            doc = found.pop()
            found.append(TermDoc(doc.name, f"{doc.text} {more.group(1).strip()}", doc.line, doc.type, doc.shown))
            last = number
            continue
        match = _DOC.match(line)
        if match:
            kind, name, args, body = match.groups()
            found.append(TermDoc(name, body.strip(), number, (kind or "").strip(), name + (args or "")))
            last = number
    return found


def _addition_lines(lines: list[str]) -> list[TermDoc]:
    found = []
    for number, line in enumerate(lines, start=1):
        match = _ADDITION.match(line)
        if not match:
            continue
        kind = match.group(1).lower().replace(" ", "_")
        for below in lines[number:number + LOOKAHEAD]:
            if not below.strip():
                break
            head = _HEAD.match(below)
            if head and head.group(1) == kind:
                found += [TermDoc(name, match.group(2).strip(), number, kind)
                          for name in _declared(below[head.end():])]
                break
    return found


def _declared(rest: str) -> list[str]:
    """The names a head `type(a; b(X); c)` declares, from the text after its opening parenthesis."""
    names, depth, part = [], 0, ""
    for char in rest:
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        elif char == ";" and depth == 0:
            names.append(part)
            part = ""
            continue
        part += char
    names.append(part)
    return [m.group(1) for m in map(_NAME.match, names) if m]
