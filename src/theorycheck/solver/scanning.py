"""The fast path for data files: plain facts and comments read with a regular grammar, not clingo's AST.

Gives exactly the Facts, Terms and Locations of `parsing.parse_facts`, or None for any file it is not sure of
(which then goes to clingo, which also gives the precise diagnostics). tests/test_read_facts.py holds the two paths
to each other.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import clingo

from ..model import Location
from .parsing import Fact, Term, _symbol_to_term


# The fast path's grammar, over a file's bytes as clingo reads them: whitespace, comments, and plain facts whose
# arguments are strings, numbers, constants, and functions or tuples of them nested at most _DEPTH deep. A block
# comment may hold no `%` (clingo nests them and reads a `%` inside as a line comment). Whatever else a file holds,
# or whatever reading is in doubt, does not match; the file then takes the precise path.
_DEPTH = 4
_WS = rb"(?:[ \t\n]|\r\n)*"
# A line comment runs to the end of its line: `(?![^\r\n])` stops the regex from backtracking into it and reading
# the rest of the line as a fact.
_SKIP = rb"(?:[ \t\n]|\r\n|%(?!\*)[^\r\n]*(?![^\r\n])|%\*(?:[^*%]|\*(?!%))*\*%)*"
_IDENT = rb"(?!not(?![A-Za-z0-9_']))_*[a-z][A-Za-z0-9_']*"
_STRING = rb'"(?:[^"\\\x00-\x1f]|\\["\\n])*"'
_NUMBER = rb"-?(?:0|[1-9][0-9]{0,8})"


def _term_pattern(depth: int) -> bytes:
    """A string, number, constant, or function or tuple of terms nested at most `depth` deep.

    Inside a function or tuple this admits more than clingo does (`f()`, `f(a,)`); clingo's `parse_term` decides.
    """
    if depth == 0:
        return rb"(?:" + rb"|".join([_STRING, _NUMBER, _IDENT]) + rb")"
    inner = rb"(?:" + _WS + _term_pattern(depth - 1) + _WS + rb"(?:,|(?=\))))*"
    return rb"(?:" + rb"|".join([_STRING, _NUMBER, rb"(?:" + _IDENT + rb")?\(" + inner + _WS + rb"\)", _IDENT]) + rb")"


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """A fact, one argument of a fact, the end of a file: compiled when a file is first scanned (4 ms), which with
    the analysis cache (findings.read_findings) is only when a findings file is new or edited."""
    term = _term_pattern(_DEPTH)
    fact = re.compile(_SKIP + rb"(?P<name>" + _IDENT + rb")(?:\((?P<args>" + _WS + term + _WS + rb"(?:," + _WS + term
                      + _WS + rb")*)\))?" + _WS + rb"\.")
    return fact, re.compile(_WS + rb"(" + term + rb")" + _WS + rb"(?:,|\Z)"), re.compile(_SKIP + rb"\Z")


def scan_facts(path: Path, text: str | None = None) -> list[Fact] | None:
    """The facts of a file of nothing but plain facts and comments, or None if it holds anything else.

    Reads the file's bytes as clingo does (only a newline ends a line, a column counts bytes) with a regular
    grammar, and reads each distinct argument once (`_Terms`), so facts, terms and locations are those of
    `parse_facts`. `text`: the file's text, if the caller has read it already (kbfiles.read_text).
    """
    try:
        data = path.read_bytes() if text is None else text.encode()
        if not data.isascii():
            data.decode()  # text that is not UTF-8 goes to clingo, which says where
    except (OSError, UnicodeDecodeError):
        return None
    fact, _, end = _patterns()
    file, terms, facts = str(path), _Terms(), []
    pos, counted, line = 0, 0, 1
    while (match := fact.match(data, pos)) is not None:
        args = terms.arguments(match["args"])
        if args is None:
            return None
        start = match.start("name")
        line += data.count(b"\n", counted, start)
        counted = start
        column = start - data.rfind(b"\n", 0, start)
        facts.append(Fact(match["name"].decode(), args, Location(file, line, column)))
        pos = match.end()
    return facts if end.match(data, pos) else None


class _Terms:
    """The Terms of argument texts of the fast path, each text read once and each clingo symbol converted once."""

    def __init__(self) -> None:
        self.texts: dict[bytes, Term] = {}
        self.symbols: dict[clingo.Symbol, Term] = {}

    def arguments(self, args: bytes | None) -> tuple[Term, ...] | None:
        """The arguments of a fact that the fact pattern matched; None if one is not a term to clingo."""
        if args is None:
            return ()
        if b'"' in args or b"(" in args:
            texts = _patterns()[1].findall(args)
        else:  # constants and numbers only: every comma separates two of them
            texts = [arg.strip(b" \t\r\n") for arg in args.split(b",")]
        out = []
        for text in texts:
            term = self.texts.get(text)
            if term is None:
                term = self.texts[text] = self.read(text)
                if term is None:
                    return None
            out.append(term)
        return tuple(out)

    def read(self, text: bytes) -> Term | None:
        """One argument that the term pattern matched; None if clingo does not take it as a term.

        A constant, a number or a string without escapes is read here, rendered as clingo renders it; a function, a
        tuple or a string with escapes is parsed by clingo.
        """
        first = text[:1]
        if first == b'"' and b"\\" not in text:
            rendered = text.decode()
            return Term("", (), rendered, string=rendered[1:-1])
        if first != b'"' and b"(" not in text:
            value = text.decode()
            if first in b"-0123456789":
                return Term("", (), str(int(value)), number=int(value))
            return Term(value, (), value)
        try:
            return _symbol_to_term(clingo.parse_term(text.decode(), logger=_ignore), self.symbols)
        except RuntimeError:
            return None


def _ignore(code: clingo.MessageCode, message: str) -> None:
    """A clingo logger that drops the message: a term the fast path cannot read goes to the precise path."""
