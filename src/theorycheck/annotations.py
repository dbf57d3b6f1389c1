"""Read `.lp` files as text: refuse `#script` and `#include`, and parse the `%!` annotations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .model import Axiom, Diagnostic, Location

# `%! axiom ID [refs]: claim` or `%! rule ID [refs]: claim`; refs are optional.
_GROUP = re.compile(r"^%!\s*(axiom|rule)\s+([a-z][A-Za-z0-9_]*)\s*(?:\[([^\]]*)\])?\s*:?\s*(.*)$")
_FIELD = re.compile(r"^%!\s*(theory|title|citation)\b\s*:?\s*(.*)$")
_CONTINUATION = re.compile(r"^%!\s+(\S.*)$")
_DIRECTIVE = re.compile(r"#(script|include)\b")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@dataclass
class Annotations:
    """What the `%!` comments of one file say: its header fields and its named rule groups."""

    path: str
    fields: dict[str, str] = field(default_factory=dict)
    groups: list[Axiom] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)  # group id -> "axiom" | "rule"
    _starts: list[int] = field(default_factory=list)

    def group_at(self, line: int) -> str | None:
        """The id of the group a rule starting at `line` belongs to (the last header above it), if any."""
        found = None
        for start, group in zip(self._starts, self.groups):
            if start <= line:
                found = group.id
        return found


def read_text(path: Path) -> str:
    """The file's text, or an InputError naming the file."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError([Diagnostic("error", f"file not found: {path}")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Diagnostic("error", f"cannot read {path}: {exc}")]) from None


def code_only(text: str) -> str:
    """The text with comments and string contents blanked out, keeping every line and column in place."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == "%" and text.startswith("%*", i):
            end = text.find("*%", i + 2)
            end = n if end < 0 else end + 2
            out.append(re.sub(r"[^\n]", " ", text[i:end]))
            i = end
        elif c == "%":
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(" " * (end - i))
            i = end
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"' and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append('"' + " " * (min(j, n) - i - 1) + ('"' if j < n and text[j] == '"' else ""))
            i = j + 1 if j < n and text[j] == '"' else j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def refuse_directives(path: Path, text: str) -> None:
    """Refuse `#script` (it would run code), `#include` (it would read files outside the KB), and characters
    outside ASCII where clingo reads code (its message about them would abort the process)."""
    problems = []
    for number, line in enumerate(code_only(text).splitlines(), start=1):
        odd = _NON_ASCII.search(line)
        if odd:
            char, where = odd.group(0), Location(str(path), number, odd.start() + 1)
            problems.append(Diagnostic("error", f"character {char!r} (U+{ord(char):04X}) outside a string or comment: "
                                       "rules and facts are written in ASCII", where))
        for match in _DIRECTIVE.finditer(line):
            where = Location(str(path), number, match.start() + 1)
            if match.group(1) == "script":
                message = "#script is not allowed: knowledge-base files are data and may not run code"
            else:
                message = "#include is not allowed: list extra files with --findings instead"
            problems.append(Diagnostic("error", message, where))
    if problems:
        raise InputError(problems)


def parse_annotations(path: Path, text: str) -> Annotations:
    """Collect header fields and `axiom`/`rule` groups from the `%!` lines of a file."""
    notes = Annotations(str(path))
    current: dict | None = None
    seen: dict[str, Location] = {}
    problems = []

    def close() -> None:
        if current is not None:
            notes.groups.append(Axiom(current["id"], " ".join(current["claim"]).strip(), current["refs"], current["loc"]))

    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped.startswith("%!"):
            continue
        group = _GROUP.match(stripped)
        if group:
            close()
            kind, ident, refs, claim = group.groups()
            loc = Location(str(path), number, 1)
            if ident in seen:
                problems.append(Diagnostic("error", f"{kind} '{ident}' is named twice (first at {seen[ident]})", loc))
            seen[ident] = loc
            current = {"id": ident, "refs": (refs or "").strip(), "claim": [claim], "loc": loc}
            notes.kinds[ident] = kind
            notes._starts.append(number)
            continue
        header = _FIELD.match(stripped)
        if header and (current is None or header.group(1) == "theory"):
            notes.fields[header.group(1)] = header.group(2).strip()
            continue
        more = _CONTINUATION.match(stripped)
        if more and current is not None:
            current["claim"].append(more.group(1))
    close()
    if problems:
        raise InputError(problems)
    return notes
