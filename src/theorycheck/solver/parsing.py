"""Parsing `.lp` text with clingo: facts, terms, rule ASTs with real locations, and clingo's messages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import clingo
from clingo import ast

from ..errors import InputError
from ..model import Diagnostic, Location
from .facts import NO_CALLS, CallRefused
from .allowlist import refuse_includes, refuse_statements

_MESSAGE = re.compile(r"^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+)(?:-\d+(?::\d+)?)?:\s*(?P<sev>error|warning|info):\s*(?P<msg>.*)$", re.S)
_COMMENT = getattr(ast.ASTType, "Comment", None)


@dataclass(frozen=True, slots=True)
class Term:
    """A ground term as plain data: `text` is clingo's own rendering; `string` is set for string constants."""

    name: str
    args: tuple["Term", ...]
    text: str
    string: str | None = None
    number: int | None = None

    @property
    def value(self) -> str | int:
        """The term as a Python value: the string's content, the number, or the term's text."""
        if self.string is not None:
            return self.string
        return self.number if self.number is not None else self.text

    def __reduce__(self):  # pickled by its fields: a tenth of the time of slots' setstate (cache.py, workers)
        return Term, (self.name, self.args, self.text, self.string, self.number)


@dataclass(frozen=True, slots=True)
class Fact:
    """A ground fact of a data file and where it stands."""

    predicate: str
    args: tuple[Term, ...]
    location: Location

    def __reduce__(self):  # pickled by its fields, as Term is (cache.py keeps a findings file's facts)
        return Fact, (self.predicate, self.args, self.location)


def to_diagnostic(message: str, severity: str | None = None) -> Diagnostic:
    """Turn one clingo log message into a Diagnostic with a location."""
    text = message.strip()
    match = _MESSAGE.match(text)
    if not match:
        return Diagnostic(severity or "error", text.replace("\n", " "))
    msg = " ".join(line.strip() for line in match["msg"].splitlines() if line.strip())
    sev = severity or ("warning" if match["sev"] == "info" else match["sev"])
    return Diagnostic(sev, msg, Location(match["file"], int(match["line"]), int(match["col"])))


class _Log:
    """Collects clingo's messages instead of letting them reach the terminal."""

    def __init__(self) -> None:
        self.messages: list[Diagnostic] = []

    def __call__(self, code: clingo.MessageCode, message: str) -> None:
        self.messages.append(to_diagnostic(message))

    def errors(self) -> list[Diagnostic]:
        return [m for m in self.messages if m.severity == "error"]


def _location(node_location) -> Location:
    begin = node_location.begin
    return Location(begin.filename, begin.line, begin.column)


_PARSED: dict[tuple[str, str], tuple] = {}  # (path, text) -> its statements: each file is parsed once per process
_PARSED_MAX = 256


def _parse(path: Path, text: str, log: _Log) -> list:
    """The statements of a file, comments dropped, with real `file:line:col` locations (a list to read, not change).

    Parsed once per process for one (path, text): loading (rule analysis), the growing-rule check, lint and every
    grounding share the statements, and the forked workers inherit those the parent parsed. Only a parse that
    passed every check below is kept; a failing one is parsed, and refused, again.

    The text has already been read and scanned for `#script` and `#include` (annotations.refuse_directives), and
    clingo's own lexer is asked about every `#include` in it before clingo opens anything (`refuse_includes`);
    clingo parses the file by path so that every location, and every later message, names it. Should the file
    have changed since the scan, what clingo read is checked again: no script, nothing from another file. Every
    statement must be of a kind a KB file may hold, with no `@` call and no reserved name (`refuse_statements`).
    """
    key = (str(path), text)
    if key in _PARSED:
        return _PARSED[key]
    statements: list = []
    refuse_includes(path, text)
    try:
        ast.parse_files([str(path)], statements.append, logger=log, message_limit=50)
    except RuntimeError:
        errors = log.errors() or [Diagnostic("error", "syntax error", Location(str(path), 1, 1))]
        raise InputError([_missing_period(e, text) for e in errors]) from None
    for stm in statements:
        where = _location(stm.location)
        if stm.ast_type == ast.ASTType.Script or where.file != str(path):
            raise InputError(Diagnostic("error", f"{path} changed while it was read (it now holds a #script block or "
                                        "an #include); nothing was run: check the file and run again", where))
    refuse_statements(path, text, statements)
    if len(_PARSED) >= _PARSED_MAX:
        _PARSED.pop(next(iter(_PARSED)))
    _PARSED[key] = [stm for stm in statements if stm.ast_type != _COMMENT]
    return _PARSED[key]


_CODE_END = re.compile(r'(?:"(?:[^"\\]|\\.)*"|[^"%])*')  # a line up to its comment (a `%` outside strings)


def _missing_period(error: Diagnostic, text: str) -> Diagnostic:
    """A syntax error at the first token of a line whose previous statement line does not end with `.`: clingo
    reports the next line ("unexpected <IDENTIFIER>"); the error is moved to the end of the line that lacks its
    period, where an editor should take the user, and keeps clingo's words and place."""
    where = error.location
    if not error.message.startswith("syntax error") or where is None or where.line < 2:
        return error
    lines = text.split("\n")
    if where.line > len(lines) or lines[where.line - 1][:where.column - 1].strip():
        return error  # the error is not at the line's first token
    for number in range(where.line - 1, 0, -1):
        line = lines[number - 1]
        if "*%" in line or "%*" in line:
            return error  # in or next to a block comment: not sure where the statement ends
        code = _CODE_END.match(line).group().rstrip()
        if code.strip():
            if code.endswith((".", ":-", ",", ";", "(")):
                return error
            end = Location(where.file, number, len(code) + 1)
            return Diagnostic(error.severity, f"missing '.' at the end of this line: every rule and fact ends with a "
                              f"period (clingo: {error.message} at line {where.line})", end)
    return error


def _symbol_to_term(sym: clingo.Symbol, memo: dict | None = None) -> Term:
    """The Term of a symbol; `memo` (symbol -> Term) shares the conversion of subterms that repeat."""
    if memo is not None and sym in memo:
        return memo[sym]
    kind = sym.type
    if kind == clingo.SymbolType.String:
        term = Term("", (), str(sym), string=sym.string)
    elif kind == clingo.SymbolType.Number:
        term = Term("", (), str(sym), number=sym.number)
    elif kind == clingo.SymbolType.Function:
        term = Term(sym.name, tuple(_symbol_to_term(a, memo) for a in sym.arguments), str(sym))
    else:
        term = Term("", (), str(sym))
    if memo is not None:
        memo[sym] = term
    return term


def read_facts(path: Path, text: str) -> list[Fact]:
    """The ground facts of a data file; anything that is not a plain ground fact is an error at its line.

    A file of nothing but plain facts and comments takes the fast path (`scan_facts`); any other file, and any
    file with an error, is parsed statement by statement with clingo's AST (`parse_facts`), which gives the same
    facts and the precise diagnostics.
    """
    from .scanning import scan_facts

    facts = scan_facts(path, text)
    return parse_facts(path, text) if facts is None else facts


def parse_facts(path: Path, text: str) -> list[Fact]:
    """`read_facts` through clingo's AST: slow, but every statement that is not a plain fact gets its error."""
    log = _Log()
    memo: dict = {}
    facts, problems = [], []
    for stm in _parse(path, text, log):
        if stm.ast_type == ast.ASTType.Program:
            continue
        loc = _location(stm.location)
        head = getattr(stm, "head", None)
        if stm.ast_type != ast.ASTType.Rule or stm.body or head.ast_type != ast.ASTType.Literal \
                or head.atom.ast_type != ast.ASTType.SymbolicAtom:
            problems.append(Diagnostic("error", f"only facts are allowed here, not `{_short(stm)}`", loc))
            continue
        term = str(head.atom.symbol)
        try:
            sym = None if divides(term) else clingo.parse_term(term)
        except RuntimeError:
            sym = None
        if sym is None or sym.type != clingo.SymbolType.Function or not _is_ground_text(term):
            problems.append(Diagnostic("error", f"a fact must be ground and plain (no variables, pools or arithmetic): `{_short(stm)}`", loc))
            continue
        facts.append(Fact(sym.name, tuple(_symbol_to_term(a, memo) for a in sym.arguments), loc))
    if problems:
        raise InputError(problems)
    return facts


_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
_DIVISION = re.compile(r"[/\\]")


def _is_ground_text(text: str) -> bool:
    return ";" not in _STRINGS.sub("", text)


def divides(text: str) -> bool:
    """Whether a term's text divides (`/`) or takes a modulo (`\\`) outside its strings. clingo 5.8 dies of SIGFPE
    evaluating -2147483648 / -1 (and its modulo), in parse_term as in grounding, taking the process with it: no such
    text reaches parse_term (a fact or a key must be plain anyway)."""
    return _DIVISION.search(_STRINGS.sub("", text)) is not None


def _short(stm) -> str:
    text = " ".join(str(stm).split())
    return text if len(text) <= 80 else text[:77] + "..."


def dividing_lines(text: str) -> list[tuple[int, str]]:
    """The lines (number, text) of a program that divide or take a modulo outside strings and comments."""
    return [(number, line) for number, line in enumerate(text.splitlines(), 1)
            if divides(_STRINGS.sub('""', line).split("%", 1)[0])]


def parse_term(text: str) -> Term:
    """Parse one ground term (an observation key given on the command line, say)."""
    if not divides(text):
        try:
            return _symbol_to_term(clingo.parse_term(text))
        except RuntimeError:
            pass
    raise InputError(f"not a ground term: {text}")


def model_atoms(path: Path, text: str) -> list[Term]:
    """Ground and solve one file on its own; the atoms of its (first) answer set."""
    log = _Log()
    statements = _parse(path, text, log)
    ctl = clingo.Control(["--warn=none"], logger=log, message_limit=50)
    with ast.ProgramBuilder(ctl) as builder:
        for stm in statements:
            builder.add(stm)
    _ground(ctl, log)
    atoms: list[Term] = []
    memo: dict = {}  # shared subterms: fewer objects to build, and to pickle from a worker (vocabulary.py)
    ctl.solve(on_model=lambda m: atoms.extend(_symbol_to_term(s, memo) for s in m.symbols(atoms=True)))
    return atoms


def _ground(ctl: clingo.Control, log: _Log, context: object = NO_CALLS) -> None:
    try:
        ctl.ground([("base", [])], context=context)
    except CallRefused as call:
        raise InputError(f"a program called @{call}(...): knowledge-base files may not call into the engine "
                         "(no @ terms)") from None
    except RuntimeError:
        raise InputError(_one_per_place(log.errors()) or [Diagnostic("error", "grounding failed")]) from None
    if log.errors():
        raise InputError(_one_per_place(log.errors()))


_UNSAFE_NOTE = re.compile(r"'([A-Z_][A-Za-z0-9_']*)' is unsafe")


def in_words(message: Diagnostic) -> Diagnostic:
    """clingo's unsafe-variable message by the variables' names (clingo quotes its internal form of the rule)."""
    if not message.message.startswith("unsafe variables in"):
        return message
    names = list(dict.fromkeys(_UNSAFE_NOTE.findall(message.message)))
    which = ", ".join(f"'{n}'" for n in names)
    return Diagnostic("error", f"unsafe variable{'s' * (len(names) != 1)} {which}: every variable of a rule must "
                      "occur in a positive body atom", message.location)


def _one_per_place(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """One message per location, preferring the user's own rule over the engine's rewritten twin of it."""
    best: dict = {}
    for diag in map(in_words, diagnostics):
        key = diag.location
        twin = "_tc_" in diag.message
        if key not in best or ("_tc_" in best[key].message and not twin):
            best[key] = diag
    return list(best.values())
