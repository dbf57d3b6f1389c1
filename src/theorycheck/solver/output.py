"""What one cautious solve yields (`SolveOutput`), read from a model's symbols with as few calls into clingo as
possible: each symbol is rendered once and its arguments are cut from the text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import clingo

from ..model import Location
from .rewriting import FIRED

_PREDICTS, _RELATION, _FIRED = "predicts(", "predicts_relation(", FIRED + "("


@dataclass
class SolveOutput:
    """The cautious consequences of one program: predictions and the rule instances that fired."""

    predictions: list[tuple[str, str]] = field(default_factory=list)
    relations: list[tuple[str, str, str]] = field(default_factory=list)  # predicts_relation(K1, K2, R)
    fired: list[tuple[int, str, tuple[str, ...]]] = field(default_factory=list)
    rules: list[tuple[str, Location]] = field(default_factory=list)  # rule index -> (group id, location)
    mechanisms: list[str] = field(default_factory=list)  # mechanism atoms true in every answer set
    conflicts: dict = field(default_factory=dict)  # finding -> ([(switch set, SolveOutput with only them on)], complete)
    background: tuple = ((), ())  # (predictions, relations) with every axiom of the theory off
    versions: dict = field(default_factory=dict)  # version -> (predictions, relations) of that version alone

    def beyond(self, base: tuple) -> tuple[set, set]:
        """The predictions and the relations of this solve that `base` (predictions, relations: what the background
        derives alone) lacks: the theory's own."""
        return set(self.predictions) - set(base[0]), set(self.relations) - set(base[1])


def read_consequences(out: SolveOutput, symbols: list[clingo.Symbol], memo: dict) -> None:
    """The predictions, predicted relations and mechanism atoms among a model's shown symbols, sorted.

    One rendering per symbol: a prediction's value is a constant or number in all but odd programs, so it is what
    follows the last comma (clingo renders arguments without spaces); a compound or string value, and the three
    arguments of a relation, are asked of clingo. Reading every argument through clingo cost six calls a symbol,
    most of a sensitivity sweep's time on the shipped KB. `memo`, kept by the caller across the solves of one
    grounding: each symbol is read once, however many solves show it (a sweep's settings share most of them).
    """
    lists = (out.predictions, out.relations, out.mechanisms)
    for sym in symbols:
        # clingo interns symbols: `_rep` (the symbol's 64-bit value) is one per symbol, read without a call into
        # clingo, where hashing or comparing a Symbol is one call each (the Symbol itself serves, slower, without it).
        key = getattr(sym, "_rep", sym)
        read = memo.get(key)
        if read is None:
            read = memo[key] = _read_shown(sym)
        if read[0] >= 0:
            lists[read[0]].append(read[1])
    out.predictions.sort()
    out.relations.sort()
    out.mechanisms.sort()


def _read_shown(sym: clingo.Symbol) -> tuple[int, object]:
    """(0, (key, value)) for a prediction, (1, (key, key, relation)) for a relation, (2, text) for a mechanism
    atom, (-1, None) for a rule firing."""
    text = str(sym)
    if text.startswith(_PREDICTS):
        if text[-2] in ')"':
            key, value = sym.arguments
            return 0, (str(key), str(value))
        key, _, value = text[len(_PREDICTS):-1].rpartition(",")
        return 0, (key, value)
    if text.startswith(_RELATION):
        key, other, relation = sym.arguments
        return 1, (str(key), str(other), str(relation))
    if text.startswith(_FIRED):
        return -1, None
    return 2, text


def read_fired(out: SolveOutput, symbols: list[clingo.Symbol]) -> None:
    """The rule instances that fired (`_tc_fired(Index, Head, (Premises))`) among a model's shown symbols, sorted:
    each symbol rendered once and cut at its top-level commas (asking clingo for every argument was the costliest
    part of a check's worker on the shipped KB)."""
    for sym in symbols:
        text = str(sym)
        if text.startswith(_FIRED):
            index, head, premises = split_arguments(text[len(_FIRED):-1])
            inner = split_arguments(premises[1:-1]) if premises != "()" else []
            out.fired.append((int(index), head, tuple(p for p in inner if p)))  # `(a,)`: a one-element tuple
    out.fired.sort()


_SPECIAL = re.compile(r'[(),"]')
_STRING_END = re.compile(r'\\.|"')


def split_arguments(text: str) -> list[str]:
    """A rendered argument list cut at its top-level commas (`f(a,b),c` -> `f(a,b)`, `c`); strings are skipped."""
    if '"' not in text:  # the common case: pieces between commas, joined again while a parenthesis is open
        out, open_ = [], 0
        for piece in text.split(","):
            if open_:
                out[-1] += "," + piece
            else:
                out.append(piece)
            open_ += piece.count("(") - piece.count(")")
        return out
    out, depth, start, at = [], 0, 0, 0
    while (found := _SPECIAL.search(text, at)) is not None:
        char, at = found.group(), found.end()
        if char == '"':
            while (end := _STRING_END.search(text, at)) is not None:
                at = end.end()
                if end.group() == '"':
                    break
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:
            out.append(text[start:found.start()])
            start = at
    out.append(text[start:])
    return out
