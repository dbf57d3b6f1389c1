"""A theory's rules against the vocabulary: typed arguments, and predicates that nothing defines or nothing reads.

A typo in a theory does not fail to parse; it makes an atom that never meets the background's, so the axiom
silently predicts nothing. These checks turn such typos into errors at their line, with the likely term.
"""

from __future__ import annotations

import difflib
import re

from .model import Diagnostic
from .solver import ArgTerm, AtomUse, RuleInfo
from .vocabulary import Vocabulary, closest

BACKGROUND = "background.lp"
ENGINE_INPUT = {("asked", 1)}  # facts the engine adds to every grounding
OUTPUT = ("predicts", 2)  # what every theory derives, read by the engine


def signature_problems(rules: list[RuleInfo], vocab: Vocabulary) -> list[Diagnostic]:
    """Every vocabulary error of a theory's rules: unknown terms, predicates nothing defines or reads.

    A misspelt body atom also leaves the predicate it meant to read unread; only the misspelling is reported.
    """
    undefined = undefined_problems(rules, vocab)
    return argument_problems(rules, vocab) + key_problems(rules, vocab) + (undefined or unread_problems(rules, vocab))


def argument_problems(rules: list[RuleInfo], vocab: Vocabulary) -> list[Diagnostic]:
    """Terms outside their type: at a typed position of a mechanism atom, or in a body atom of a vocabulary predicate.

    A vocabulary predicate is one the background alone decides (drug/1, drug_class/2, region/1, ...): its atoms in
    the background's answer set are all there are, so an argument that occurs in none of them never matches.
    """
    mechanisms = vocab.mechanisms()
    fixed = _fixed_predicates(vocab, {sig for rule in rules for sig in rule.head_predicates})
    problems = []
    for rule in rules:
        for atom in rule.atoms:
            types = mechanisms.get((atom.predicate, atom.arity))
            if types is not None:
                for position, terms in enumerate(atom.args, start=1):
                    kinds = sorted(types.get(position, ()))
                    if kinds:
                        known = set().union(*(vocab.column(kind, 1, 1) for kind in kinds))
                        problems += _outside(atom, position, terms, known, " or ".join(kinds))
            elif not atom.in_head and (atom.predicate, atom.arity) in fixed:
                for position, terms in enumerate(atom.args, start=1):
                    known = vocab.column(atom.predicate, atom.arity, position)
                    kind = atom.predicate if atom.arity == 1 else "value"
                    problems += _outside(atom, position, terms, known, kind)
    return problems


def _outside(atom: AtomUse, position: int, terms: tuple[ArgTerm, ...], known: set[str], kind: str) -> list[Diagnostic]:
    """An error for each term at this position that is not among the known ones (by functor when not ground)."""
    problems = []
    for term in terms:
        if not term.functor and not term.ground:
            continue  # a variable or arithmetic: any value may come
        if term.ground:
            if term.text in known:
                continue
            guess = closest(term.text, known)
        else:
            functors = {_functor(k) for k in known}
            if (term.functor, term.arity) in functors:
                continue
            named = closest(term.functor, {name for name, arity in functors if arity == term.arity})
            guess = named + term.text[len(term.functor):] if named else None
        if guess:
            hint = f"; did you mean '{guess}'?"
        elif len(known) <= 10:
            hint = f" (one of: {', '.join(sorted(known))})"
        else:
            hint = f": declare it in {BACKGROUND} first"
        problems.append(Diagnostic("error", f"unknown {kind} '{term.text}' in {atom.predicate}/{atom.arity} "
                                   f"(argument {position}){hint}", term.location))
    return problems


KEY_ATOMS = {("asked", 1), OUTPUT}  # atoms whose first argument is an observation key
_VARIABLE = re.compile(r"(?<![A-Za-z0-9_'])_*[A-Z][A-Za-z0-9_']*|(?<![A-Za-z0-9_'])_(?![A-Za-z0-9_'])")


def key_problems(rules: list[RuleInfo], vocab: Vocabulary) -> list[Diagnostic]:
    """Observation keys a theory tests (`asked(K)`) or predicts (`predicts(K, V)`) that no finding could ask: an
    unknown key constructor, a wrong number of arguments, a term outside its key_arg/3 type, a value outside the
    constructor's value set. Parts holding a variable are checked by functor only, or not at all."""
    problems = []
    for rule in rules:
        for atom in rule.atoms:
            if (atom.predicate, atom.arity) not in KEY_ATOMS:
                continue
            for key in atom.args[0]:
                if not key.functor:
                    continue  # a variable: any key
                problems += _key_problems(key, vocab)
                if atom.arity == 2 and key.functor in vocab.values:
                    values = vocab.values[key.functor]
                    for value in atom.args[1]:
                        if value.ground and value.text not in values:
                            guess = closest(value.text, values)
                            hint = f"; did you mean '{guess}'?" if guess else f" (one of: {', '.join(sorted(values))})"
                            problems.append(Diagnostic("error", f"unknown value '{value.text}' for {key.functor} "
                                                       f"keys in predicts/2{hint}", value.location))
    return problems


def _key_problems(key: ArgTerm, vocab: Vocabulary) -> list[Diagnostic]:
    signature = vocab.key_args.get(key.functor)
    if signature is None:
        guess = closest(key.functor, vocab.key_args)
        hint = f"; did you mean '{guess}'?" if guess else f" (one of: {', '.join(sorted(vocab.key_args))})"
        return [Diagnostic("error", f"unknown observation key constructor '{key.functor}' in '{key.text}'{hint}",
                           key.location)]
    if key.arity != len(signature):
        return [Diagnostic("error", f"{key.functor} keys take {len(signature)} arguments, not {key.arity}: "
                           f"'{key.text}'", key.location)]
    problems = []
    for position, text in enumerate(top_arguments(key.text), start=1):
        kind = signature[position]
        known = vocab.terms[kind]
        if _VARIABLE.search(_without_strings(text)):
            name, arity = _functor(text)
            if not name or not name[0].islower() or (name, arity) in {_functor(k) for k in known}:
                continue  # a variable or an operation, or a known functor with variables inside
            guess = closest(name, {n for n, a in map(_functor, known) if a == arity})
            unknown = f"{name}/{arity}"
        elif text in known:
            continue
        else:
            guess, unknown = closest(text, known), text
        hint = f"; did you mean '{guess}'?" if guess else f": declare it in {BACKGROUND} first"
        problems.append(Diagnostic("error", f"unknown {kind} '{unknown}' in key '{key.text}' (argument {position})"
                                   f"{hint}", key.location))
    return problems


def _without_strings(text: str) -> str:
    return re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)


def top_arguments(text: str) -> list[str]:
    """The top-level arguments of a function term as clingo prints it: `f(a,g(b,c))` -> ['a', 'g(b,c)']."""
    _, _, rest = text.partition("(")
    args, depth, start, quoted = [], 0, 0, False
    body = rest[:-1]
    for i, char in enumerate(body):
        if char == '"' and (i == 0 or body[i - 1] != "\\"):
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
        elif not quoted and char == "," and depth == 0:
            args.append(body[start:i])
            start = i + 1
    return args + [body[start:]] if body else args


def _functor(text: str) -> tuple[str, int]:
    """Name and arity of a term as clingo prints it (top level only)."""
    return text.partition("(")[0], len(top_arguments(text))


def _fixed_predicates(vocab: Vocabulary, theory_heads: set[tuple[str, int]]) -> set[tuple[str, int]]:
    """The background predicates whose atoms the background alone decides, whatever this theory derives.

    A predicate is open when a theory may add to it: a mechanism predicate, a predicate this theory defines, one
    the background does not define (asked/1), and, through the background's rules, any predicate derived from an
    open one. The rest are fixed.
    """
    open_ = set(vocab.mechanisms()) | theory_heads | ENGINE_INPUT
    defined = {sig for rule in vocab.rules for sig in rule.head_predicates}
    changed = True
    while changed:
        changed = False
        for rule in vocab.rules:
            if any(sig not in defined or sig in open_ for sig in rule.body_predicates):
                fresh = set(rule.head_predicates) - open_
                open_ |= fresh
                changed = changed or bool(fresh)
    return defined - open_


def undefined_problems(rules: list[RuleInfo], vocab: Vocabulary) -> list[Diagnostic]:
    """Body atoms of a predicate that no rule defines, in the background or the theory: the rule never applies.

    Mechanism predicates are exempt: a theory may test one that it leaves empty, as the bridge rules do.
    """
    defined = {sig for rule in vocab.rules + rules for sig in rule.head_predicates}
    defined |= set(vocab.mechanisms()) | ENGINE_INPUT
    problems = []
    for rule in rules:
        for atom in rule.atoms:
            sig = (atom.predicate, atom.arity)
            if atom.in_head or sig in defined:
                continue
            guess = _similar(sig, defined)
            hint = f"; did you mean {guess}?" if guess else ""
            problems.append(Diagnostic("error", f"predicate {_name(sig)} is used but nothing defines it, so this "
                                       f"rule never applies{hint}", atom.location))
    return problems


def unread_problems(rules: list[RuleInfo], vocab: Vocabulary) -> list[Diagnostic]:
    """Rules that define a predicate no rule reads (and that is neither predicts/2 nor a mechanism): they do nothing."""
    mechanisms = set(vocab.mechanisms())
    read = {sig for rule in vocab.rules + rules for sig in rule.body_predicates}
    defined = {sig for rule in vocab.rules + rules for sig in rule.head_predicates}
    useful = read | mechanisms | {OUTPUT}
    problems = []
    for rule in rules:
        for sig in rule.head_predicates:
            if sig in useful:
                continue
            guess = _similar(sig, mechanisms | {OUTPUT} | (read & defined))
            hint = f"; did you mean {guess}?" if guess else ""
            problems.append(Diagnostic("error", f"predicate {_name(sig)} is defined but nothing uses it, so it has "
                                       f"no effect{hint}", rule.location))
    return problems


def _similar(sig: tuple[str, int], known: set[tuple[str, int]]) -> str | None:
    """The known predicate most like `sig` by name, one of the same arity first."""
    names = difflib.get_close_matches(sig[0], sorted({name for name, _ in known}), n=3, cutoff=0.75)
    matches = [(name, arity) for name in names for arity in sorted({a for n, a in known if n == name})]
    if not matches:
        return None
    return _name(min(matches, key=lambda m: (m[1] != sig[1], names.index(m[0]))))


def _name(sig: tuple[str, int]) -> str:
    return f"{sig[0]}/{sig[1]}"
