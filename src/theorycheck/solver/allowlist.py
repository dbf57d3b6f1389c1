"""The statements a knowledge-base file may hold (rules, facts, constraints) and what their terms may not use.

A KB file is data written by someone else: it may not call into Python (`@name(...)`), name the engine's own
atoms (`_tc_...`), or reach around the rules the engine grounds (`#program`, `#const`, `#show`, `#minimize`, ...).
Every statement clingo parses from a KB file passes through `refuse_statements` before anything else reads it.
"""

from __future__ import annotations

import re

import clingo
from clingo import ast

from ..errors import InputError
from ..model import Diagnostic, Location
from ..textpos import Lines

RESERVED_PREFIX = "_tc_"  # names of the engine's atoms and of the variables its rewriting adds (`_TC_ANON_1`)
MAX_DEPTH = 100  # nesting of a rule's terms and literals; the KB's deepest rule nests 7 (clingo's AST levels)

_T = ast.ASTType
# Each refused statement kind, and why it is no KB statement.
_REFUSED = {
    _T.Program: ("#program", "it would take the rules after it out of the grounding, or into the engine's parts"),
    _T.Definition: ("#const", "it could rename the engine's constants, such as the switch of an axiom"),
    _T.Minimize: ("#minimize, #maximize or a weak constraint (:~)", "it would take over repair's optimisation"),
    _T.Heuristic: ("#heuristic", "it would steer the engine's enumeration of conflict sets"),
    _T.External: ("#external", "the engine's externals switch axioms; a file's own would be free atoms"),
    _T.ShowSignature: ("#show", "the engine shows exactly the atoms it reads"),
    _T.ShowTerm: ("#show", "the engine shows exactly the atoms it reads"),
    _T.ProjectAtom: ("#project", "projection would hide answer sets from the cautious consequences"),
    _T.ProjectSignature: ("#project", "projection would hide answer sets from the cautious consequences"),
    _T.TheoryDefinition: ("#theory", "theory atoms have no meaning for the engine"),
    _T.Edge: ("#edge", "acyclicity constraints have no meaning for the engine"),
    _T.Defined: ("#defined", "an undefined atom is a typo the engine reports, not one to silence"),
    _T.Script: ("#script", "knowledge-base files are data and may not run code"),
}
_COMMENT = getattr(_T, "Comment", None)
_SUSPECT = re.compile(r"[@&]|_tc_", re.IGNORECASE)  # text that may hold what only the walk below sees
_OPERATORS = re.compile(r"[-+*/\\^|~]")
_checked: set[tuple[str, str]] = set()  # (path, text) of files already passed, in this process or its parent


def refuse_statements(path, text: str, statements: list) -> None:
    """Raise an InputError at every statement of a file that is not a rule, fact or constraint, and at every
    `@` call, theory atom, reserved name or too deep nesting in one."""
    if (str(path), text) in _checked:
        return
    problems = []
    suspect = _SUSPECT.search(text) is not None
    walk = suspect or len(_OPERATORS.findall(text)) > MAX_DEPTH // 2
    data = text.encode() if walk and not suspect else b""
    starts = _line_starts(data) if data else None
    for stm in statements:
        kind = stm.ast_type
        if kind == _T.Program and _implicit(stm):
            continue  # the `#program base.` clingo puts before every file
        if kind in _REFUSED:
            what, why = _REFUSED[kind]
            problems.append(Diagnostic("error", f"{what} is not allowed in knowledge-base files ({why}): a file "
                                       "holds rules, facts and constraints only", _place(stm)))
        elif kind != _T.Rule and kind != _COMMENT:
            problems.append(Diagnostic("error", f"`{_short(stm)}` is not allowed in knowledge-base files: a file "
                                       "holds rules, facts and constraints only", _place(stm)))
        elif kind == _T.Rule and walk and (starts is None or _may_nest(stm, data, starts)):
            problems += _term_problems(stm)
    if problems:
        raise InputError(problems)
    _checked.add((str(path), text))


_NESTING = re.compile(rb"[-+*/\\^|~({:]")  # what opens a level of a rule's AST (at most 4 levels each)
_SHALLOW = (MAX_DEPTH - 10) // 4  # a rule with fewer of them nests less than MAX_DEPTH


def _line_starts(data: bytes) -> list[int]:
    return [0] + [m.end() for m in re.finditer(b"\n", data)]


def _may_nest(stm, data: bytes, starts: list[int]) -> bool:
    """Whether a rule's own text (in a file with no `@`, `&` or `_tc_` anywhere) could nest MAX_DEPTH deep: a
    file with many operators in all is walked rule by rule only where one rule holds many (the background's 120
    operators walked all its 350 statements, a third of loading it)."""
    begin, end = stm.location.begin, stm.location.end
    if not (0 < begin.line <= end.line <= len(starts)):
        return True
    code = data[starts[begin.line - 1] + begin.column - 1:starts[end.line - 1] + end.column - 1]  # clingo counts bytes
    return len(_NESTING.findall(code)) >= _SHALLOW


def _implicit(stm) -> bool:
    begin, end = stm.location.begin, stm.location.end
    return (begin.line, begin.column) == (end.line, end.column)


def _term_problems(rule) -> list[Diagnostic]:
    """`@` calls, theory atoms, reserved names and nesting deeper than MAX_DEPTH in one rule (an iterative walk:
    a term nested thousands deep must not exhaust Python's stack, nor reach clingo's)."""
    problems = []
    stack = [(rule, 1)]
    while stack:
        node, depth = stack.pop()
        kind = node.ast_type
        if depth > MAX_DEPTH:
            return [Diagnostic("error", f"this rule nests its terms more than {MAX_DEPTH} deep: write it flatter",
                               _place(rule))]
        if kind == _T.Function and node.external:
            problems.append(Diagnostic("error", f"`@{node.name}(...)` calls a function outside the program: "
                                       "knowledge-base files may not call into the engine (no @ terms)", _place(node)))
        elif kind == _T.TheoryAtom:
            problems.append(Diagnostic("error", "theory atoms (&...) are not allowed in knowledge-base files",
                                       _place(node)))
            continue
        name = None if kind == _T.Function and node.external else _name(node)
        if name is not None and name.lower().startswith(RESERVED_PREFIX):
            problems.append(Diagnostic("error", f"the name '{name}' is reserved for the engine ({RESERVED_PREFIX}...)",
                                       _place(node)))
        for key in node.keys():
            if key == "location":
                continue
            value = getattr(node, key)
            if isinstance(value, ast.AST):
                stack.append((value, depth + 1))
            elif isinstance(value, (list, ast.ASTSequence)):
                stack.extend((item, depth + 1) for item in value if isinstance(item, ast.AST))
    return list(dict.fromkeys(problems))


def _name(node) -> str | None:
    """The identifier or variable a node spells: a function's or variable's name, a constant's outermost name."""
    kind = node.ast_type
    if kind in (_T.Function, _T.Variable):
        return node.name
    if kind == _T.SymbolicTerm and node.symbol.type == clingo.SymbolType.Function:
        reserved = [s.name for s in _symbols(node.symbol) if s.name.lower().startswith(RESERVED_PREFIX)]
        return reserved[0] if reserved else node.symbol.name
    return None


def _symbols(symbol) -> list:
    out, stack = [], [symbol]
    while stack:
        sym = stack.pop()
        if sym.type == clingo.SymbolType.Function:
            out.append(sym)
            stack.extend(sym.arguments)
    return out


def _place(node) -> Location:
    begin = node.location.begin
    return Location(begin.filename, begin.line, begin.column)


def _short(stm) -> str:
    text = " ".join(str(stm).split())
    return text if len(text) <= 60 else text[:57] + "..."


_INCLUDE = "#include"
_LEXER_ERROR = re.compile(r"^<string>:(\d+):(\d+)")


def refuse_includes(path, text: str) -> None:
    """Refuse every `#include` clingo's own lexer reads as code, before clingo parses the file (which would open
    the included file, wherever it is, and quote its tokens in errors).

    The text scan (annotations.refuse_directives) should have refused them already; this asks clingo itself: in a
    copy of the text each `#include` is spelt `#Include`, which clingo's lexer rejects where it reads code and
    ignores in comments and strings, and which opens nothing.
    """
    if _INCLUDE not in text:
        return
    places, lines = set(), Lines(text)
    at = text.find(_INCLUDE)
    while at >= 0:
        places.add(lines.at(at))
        at = text.find(_INCLUDE, at + 1)
    messages: list[str] = []
    try:
        ast.parse_string(text.replace(_INCLUDE, "#Include"), lambda _: None, logger=lambda _, m: messages.append(m),
                         message_limit=len(places) + 1000)
    except RuntimeError:
        pass  # syntax errors are the real parse's to report
    found = {(int(m[1]), int(m[2])) for m in map(_LEXER_ERROR.match, messages) if m} & places
    if found:
        raise InputError([Diagnostic("error", "#include is not allowed: list extra files with --findings instead",
                                     Location(str(path), line, column)) for line, column in sorted(found)])
