"""Read `.lp` files as text: refuse `#script` and `#include`, and parse the `%!` annotations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .kbfiles import read_text  # noqa: F401  (re-exported: callers read KB files through here)
from .model import Axiom, Diagnostic, Location, Version
from .textpos import Lines

# `%! axiom ID [refs]: claim` (theories) or `%! auxiliary ID [refs]: claim` (background.lp); refs are optional.
# `%! rule` is what background.lp called its auxiliaries before they were switchable; it reads as `auxiliary`.
GROUP_KINDS = ("axiom", "auxiliary", "rule")
# An axiom may be marked `core` (the theory's hard core) or `belt` (its protective belt) before the colon:
# `%! axiom incentive_salience [11] core: claim`.
# An axiom of a theory with versions may belong to some of them only, named after `in`:
# `%! axiom ventral_locus [12] belt in ventral, both: claim`.
_NAME = r"[a-z][A-Za-z0-9_]*"
_GROUP = re.compile(rf"^%!\s*(axiom|auxiliary|rule)\s+({_NAME})\s*(?:\[([^\]]*)\])?"
                    rf"(?:\s*(core|belt)(?=\s*(?::|in\s)))?(?:\s*in\s+({_NAME}(?:\s*,\s*{_NAME})*)(?=\s*:))?"
                    r"\s*:?\s*(.*)$")
# `%! version ID [refs]: claim`: one of a theory's alternative versions (Box 1's families), an answer set each.
_VERSION = re.compile(rf"^%!\s*version\s+({_NAME})\s*(?:\[([^\]]*)\])?\s*:\s*(.*)$")
_VERSION_START = re.compile(r"^%!\s*version\b")
_GROUP_START = re.compile(r"^%!\s*(axiom|auxiliary|rule)\b")  # what a line that fails _GROUP meant to be
# `%! contested: why` inside an auxiliary: the hypothesis is disputed (reports mark the verdicts resting on it).
_CONTESTED = re.compile(r"^%!\s*contested\b\s*:?\s*(.*)$")
# A section header (`%#`, `%##`) ends the group above it: the rules after it, until the next group, belong to none.
_SECTION = re.compile(r"^%#")
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
    kinds: dict[str, str] = field(default_factory=dict)  # group id -> "axiom" | "auxiliary"
    contested: dict[str, str] = field(default_factory=dict)  # auxiliary id -> why it is disputed
    versions: list[Version] = field(default_factory=list)  # the theory's alternative versions, if any
    _starts: list[int] = field(default_factory=list)
    _sections: list[int] = field(default_factory=list)  # lines of section headers, which end a group

    def group_at(self, line: int) -> str | None:
        """The id of the group a rule starting at `line` belongs to (the last header above it, unless a section
        header stands between them), if any."""
        found, start_line = None, 0
        for start, group in zip(self._starts, self.groups):
            if start <= line:
                found, start_line = group.id, start
        if found is not None and any(start_line < s <= line for s in self._sections):
            return None
        return found


# clingo's lexer, as far as it decides what is code: a string is `"` ... `"` on one line with the escapes \", \\
# and \n (any other `"` is an error, and lexing goes on after it as code); `%*` ... `*%` block comments nest, and a
# `%` inside one comments out the rest of its line; any other `%`, and `#!` (outside a block comment), starts a line
# comment (libgringo/src/input/nongroundlexer.xch).
_CODE_END = re.compile(r'[%"]|#!')
_STRING = re.compile(r'"(?:[^\\"\n]|\\["\\n])*"')
_STRING_START = re.compile(r'"(?:[^\\"\n]|\\["\\n])*')
_IN_BLOCK = re.compile(r"\*%|%\*|%")


def _spans(text: str):
    """What clingo does not read as code, in order: ("comment" | "string", start, end), and each `"` it rejects
    as ("bad", position, position + 1) (the code after it is read as code)."""
    i, n = 0, len(text)
    while (found := _CODE_END.search(text, i)) is not None:
        i = found.start()
        if text.startswith("%*", i):
            end = _block_end(text, i + 2)
            yield "comment", i, end
            i = end
        elif text[i] in "%#":
            end = text.find("\n", i)
            end = n if end < 0 else end
            yield "comment", i, end
            i = end
        elif (string := _STRING.match(text, i)) is not None:
            yield "string", i, string.end()
            i = string.end()
        else:
            yield "bad", i, i + 1
            i += 1


def _block_end(text: str, i: int) -> int:
    """Where a block comment whose `%*` ends before `i` ends: after its matching `*%`, or at the end of the text."""
    depth = 1
    while (found := _IN_BLOCK.search(text, i)) is not None:
        token, i = found.group(0), found.end()
        if token == "*%":
            depth -= 1
            if depth == 0:
                return i
        elif token == "%*":
            depth += 1
        else:
            end = text.find("\n", i)
            if end < 0:
                break
            i = end
    return len(text)


def code_only(text: str) -> str:
    """The text as clingo reads code: comments and string contents blanked out, every line and column in place."""
    out, last = [], 0
    for kind, start, end in _spans(text):
        out.append(text[last:start])
        if kind == "comment":
            out.append(re.sub(r"[^\n]", " ", text[start:end]))
        elif kind == "string":
            out.append('"' + " " * (end - start - 2) + '"')
        else:
            out.append('"')
        last = end
    out.append(text[last:])
    return "".join(out)


def _bad_string(text: str, i: int) -> tuple[int, str]:
    """Why clingo rejects the `"` at `i`: where, and what to do."""
    end = _STRING_START.match(text, i).end()
    if text.startswith("\\", end):
        escape = text[end:end + 2].rstrip("\n")
        return end, f"invalid escape `{escape}` in a string: the escapes are \\\", \\\\ and \\n"
    return i, "string not closed on its line: end it with \" on the same line"


def refuse_directives(path: Path, text: str) -> None:
    """Refuse `#script` (it would run code), `#include` (it would read files outside the KB), characters outside
    ASCII where clingo reads code (its message quoting them, cut mid-character, would abort the process), and
    statements nested too deep (clingo's parser would build, and free, a tree deep enough to crash the process).

    Linear in the text: each line's start is counted once, never searched for again.
    """
    problems = []
    rejected: dict[int, list[int]] = {}  # line -> columns (0-based) of the `"` clingo rejects there
    lines = Lines(text)
    for kind, start, _ in _spans(text):
        if kind == "bad":
            line, column = lines.at(start)
            rejected.setdefault(line, []).append(column - 1)
    code, raw_lines = code_only(text), None
    # Only "\n" ends a line, for clingo as here: str.splitlines would also split at \x0c, \x85, U+2028, ...
    for number, line_text in enumerate(code.split("\n"), start=1):
        odd = _NON_ASCII.search(line_text)
        if odd:
            char, where = odd.group(0), Location(str(path), number, odd.start() + 1)
            message = (f"character {char!r} (U+{ord(char):04X}) outside a string or comment: rules and facts are "
                       "written in ASCII")
            quote = next((q for q in rejected.get(number, []) if q <= odd.start()), None)
            if quote is not None:  # the character is code because the string around it is broken: say that
                raw_lines = raw_lines or text.split("\n")
                at, message = _bad_string(raw_lines[number - 1], quote)
                where = Location(str(path), number, at + 1)
                message += f" (clingo would read the {char!r} after it as code)"
            problems.append(Diagnostic("error", message, where))
        for match in _DIRECTIVE.finditer(line_text):
            where = Location(str(path), number, match.start() + 1)
            if match.group(1) == "script":
                message = "#script is not allowed: knowledge-base files are data and may not run code"
            else:
                message = "#include is not allowed: list extra files with --findings instead"
            problems.append(Diagnostic("error", message, where))
    problems += _nesting_problems(path, code)
    if problems:
        raise InputError(problems)


MAX_NESTING = 50  # brackets open at once in one statement
MAX_OPERATORS = 100  # arithmetic operators (and `|`, `~`) in one statement
_STRUCTURE = re.compile(r"[(\[{]|[)\]}]|(?<!\.)\.(?!\.)|[-+*/\\^|~]")


def _nesting_problems(path: Path, code: str) -> list[Diagnostic]:
    """One error per statement (of the code, comments and strings blanked) whose brackets nest deeper than
    MAX_NESTING or that chains more than MAX_OPERATORS operators: the depth of the term clingo would build."""
    problems, depth, operators, reported = [], 0, 0, False
    lines = Lines(code)
    for match in _STRUCTURE.finditer(code):
        token = match.group(0)
        if token == ".":
            depth, operators, reported = 0, 0, False
            continue
        if token in "([{":
            depth += 1
        elif token in ")]}":
            depth = max(0, depth - 1)
        else:
            operators += 1
        if not reported and (depth > MAX_NESTING or operators > MAX_OPERATORS):
            where = Location(str(path), *lines.at(match.start()))
            what = f"brackets nested more than {MAX_NESTING} deep" if depth > MAX_NESTING else \
                f"more than {MAX_OPERATORS} operators"
            problems.append(Diagnostic("error", f"this statement has {what}: write it as several rules or terms",
                                       where))
            reported = True
            if len(problems) == 20:
                break  # enough to show the file is not meant for this tool
    return problems


def parse_annotations(path: Path, text: str) -> Annotations:
    """Collect header fields and `axiom`/`rule` groups from the `%!` lines of a file."""
    notes = Annotations(str(path))
    current: dict | None = None
    seen: dict[str, Location] = {}
    problems = []

    def close() -> None:
        if current is not None:
            contested = " ".join(current["contested"]).strip()
            if current["contested"]:
                notes.contested[current["id"]] = contested or "disputed"
            notes.groups.append(Axiom(current["id"], " ".join(current["claim"]).strip(), current["refs"], current["loc"],
                                     notes.contested.get(current["id"], ""), current["role"], current["versions"]))

    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if _SECTION.match(stripped):
            notes._sections.append(number)
            close()
            current = None
            continue
        if not stripped.startswith("%!"):
            continue
        group = _GROUP.match(stripped)
        if group:
            close()
            kind, ident, refs, role, members, claim = group.groups()
            loc = Location(str(path), number, 1)
            if ident in seen:
                problems.append(Diagnostic("error", f"{kind} '{ident}' is named twice (first at {seen[ident]})", loc))
            seen[ident] = loc
            current = {"id": ident, "refs": (refs or "").strip(), "claim": [claim], "loc": loc, "contested": [],
                       "role": role or "",
                       "versions": tuple(m.strip() for m in members.split(",")) if members else ()}
            current["more"] = current["claim"]  # where continuation lines go: the claim, or the contested note
            notes.kinds[ident] = "auxiliary" if kind == "rule" else kind
            notes._starts.append(number)
            continue
        version = _VERSION.match(stripped)
        if version:
            close()
            current = None
            ident, refs, claim = version.groups()
            loc = Location(str(path), number, 1)
            if ident in seen:
                problems.append(Diagnostic("error", f"version '{ident}' is named twice (first at {seen[ident]})", loc))
            seen[ident] = loc
            notes.versions.append(Version(ident, claim.strip(), (refs or "").strip(), loc))
            continue
        if _VERSION_START.match(stripped):
            problems.append(Diagnostic("error", "malformed version line: write `%! version ID [refs]: claim`, e.g. "
                                       "`%! version dorsal [14]: ...`", Location(str(path), number, 1)))
            continue
        if _GROUP_START.match(stripped):
            problems.append(Diagnostic("error", f"malformed {_GROUP_START.match(stripped).group(1)} line: write "
                                       "`%! axiom ID [refs]: claim` with ID a name (a lower-case letter, then letters, "
                                       "digits or underscores), e.g. `%! axiom dopamine_reward [10, 11]: ...`",
                                       Location(str(path), number, 1)))
            continue
        contested = _CONTESTED.match(stripped)
        if contested and current is not None and notes.kinds[current["id"]] == "auxiliary":
            current["more"] = current["contested"]
            current["contested"].append(contested.group(1).strip())
            continue
        header = _FIELD.match(stripped)
        if header and (current is None or header.group(1) == "theory"):
            notes.fields[header.group(1)] = header.group(2).strip()
            continue
        more = _CONTINUATION.match(stripped)
        if more and current is not None:
            current["more"].append(more.group(1))
    close()
    problems += version_problems(notes)
    if problems:
        raise InputError(problems)
    return notes


def version_problems(notes: Annotations) -> list[Diagnostic]:
    """A theory's versions are alternatives: at least two, each axiom's versions declared in the file, and no
    auxiliary belongs to a version (the background serves every version alike)."""
    declared = {v.id for v in notes.versions}
    problems = []
    if len(declared) == 1:
        problems.append(Diagnostic("error", "a theory with versions declares at least two (a single version is the "
                                   "theory itself: drop the `%! version` line)", notes.versions[0].location))
    for group in notes.groups:
        unknown = [v for v in group.versions if v not in declared]
        if notes.kinds.get(group.id) == "auxiliary" and group.versions:
            problems.append(Diagnostic("error", f"auxiliary '{group.id}' belongs to versions, but only a theory's "
                                       "axioms may: the background serves every version alike", group.location))
        elif unknown:
            known = ", ".join(sorted(declared)) or "none (declare them with `%! version ID [refs]: claim`)"
            problems.append(Diagnostic("error", f"axiom '{group.id}' belongs to undeclared version(s) "
                                       f"{', '.join(unknown)}; this file's versions: {known}", group.location))
    return problems
