"""Lint's reach warnings: vocabulary that no rule reads, and observation keys that no theory can ever predict.

Both are over-approximations, so that a warning is never wrong (a term or key they pass may still go unused):

- a term of a finding-facing type (measure, manipulation, condition, predictor, outcome, aspect) is read when a
  rule of the background or of a theory names it, or reads a predicate (with a pattern that matches it) whose
  atoms in the background hold it; rules that only declare vocabulary (unary heads: `substrate(R) :- region(R)`)
  read for whatever reads what they declare;
- a key is reachable when the background and every theory, grounded together with their negative conditions,
  aggregates and constraints dropped (solver/relaxed.py), predict or relate it.
"""

from __future__ import annotations

import re

from . import solver
from .annotations import code_only
from .errors import InputError
from .kb import KB
from .model import Diagnostic, Location
from .sandbox import Job, run_bounded
from .signatures import top_arguments
from .textpos import Lines

FACING = ("measure", "manipulation", "condition", "predictor", "outcome", "aspect")
REACH_TIMEOUT = 60.0  # seconds for the relaxed grounding: past it, lint says nothing about reach
_TOKEN = re.compile(r'\s*(?:([A-Z_][A-Za-z0-9_\']*)|([a-z][A-Za-z0-9_\']*|-?\d+|"(?:[^"\\]|\\.)*")|([(),]))')


def reach_problems(kb: KB, flagged: set[str] = frozenset(), timeout: float = REACH_TIMEOUT,
                   declarations: bool = False) -> list[Diagnostic]:
    """A warning at each observation that no theory of the KB can ever predict, naming the term no rule reads when
    that is why; with `declarations`, also one at the declaration of each finding-facing term no rule reads.

    The keys are found by a relaxed grounding, skipped (no warning) when a theory may build ever new terms
    (`flagged`), or when that grounding fails or takes longer than `timeout`.
    """
    unread = unread_terms(kb)
    out = [_declaration_warning(kind, shown, where) for kind, shown, where, _ in unread] if declarations else []
    reached = _reached_keys(kb, flagged, timeout)
    if reached is None:
        return out
    by_term = {member: (kind, shown) for kind, shown, _, members in unread for member in members}
    for finding in kb.findings:
        for obs in finding.observations:
            if obs.key in reached:
                continue
            terms = [by_term[t] for t in _subterm_texts(obs.key) if t in by_term]
            if terms:
                why = "; ".join(f"no auxiliary or theory rule reads the {kind} '{shown}'" for kind, shown in terms)
            else:
                why = "no rule reaches it, with any axiom or auxiliary on"
            out.append(Diagnostic("warning", f"no theory of this knowledge base can predict {obs.key}: {why}; "
                                  f"finding '{finding.id}' can only be silent on this observation",
                                  obs.location or finding.location))
    return out


def _reached_keys(kb: KB, flagged: set[str], timeout: float) -> set[str] | None:
    if not kb.findings or flagged:
        return None
    files = [kb.background.source(False)] + [kb.programs[name].source(False) for name in kb.theories]
    job = Job(f"{kb.root}: what any theory can reach", solver.reachable_keys,
              (files, solver.check_facts(kb.asked_keys())), files)
    try:
        return run_bounded([job], timeout=timeout)[0]
    except InputError:
        return None


def _subterm_texts(key: str) -> list[str]:
    """The key's arguments and their subterms, as text."""
    found, stack = [], list(solver.parse_term(key).args)
    while stack:
        term = stack.pop(0)
        found.append(term.text)
        stack.extend(term.args)
    return found


def _declaration_warning(kind: str, shown: str, where: Location) -> Diagnostic:
    return Diagnostic("warning", f"{kind} '{shown}' is read by no auxiliary or theory rule: an observation using it "
                      "can never be predicted (give it a bridge auxiliary, or use a term the theories read)", where)


def unread_terms(kb: KB) -> list[tuple[str, str, Location, list[str]]]:
    """Each finding-facing term (compound terms once per function name) that no rule of the background or of a
    theory reads: (type, name as shown, where background.lp declares it, the member terms)."""
    vocab = kb.vocabulary
    rules = [r for r in solver.analyse_rules(kb.background.path, kb.background.text, atoms=True) if not r.is_fact]
    rules += [rule for name in kb.theories for rule in kb.programs[name].rules]  # a theory's facts are claims
    read = _read_terms(rules, vocab.extension) | _open_positions(rules, vocab)
    lines, code = Lines(kb.background.text), code_only(kb.background.text)
    out = []
    for kind in FACING:
        groups: dict[tuple[str, int], list[str]] = {}
        for atom in vocab.extension.get((kind, 1), ()):
            term = atom.args[0]
            groups.setdefault((term.name or term.text, len(term.args)), []).append(term.text)
        for (name, arity), members in sorted(groups.items()):
            if not read.intersection(members) and (f"{name}/{arity}" if arity else name) not in read:
                shown = f"{name}(...)" if arity else name
                out.append((kind, shown, _declared_at(name, code, lines, kb), members))
    return out


def _declared_at(name: str, code: str, lines: Lines, kb: KB) -> Location:
    """Where the background first names `name` in its code (not in a comment)."""
    match = re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", code)
    line, column = lines.at(match.start()) if match else (1, 1)
    return Location(str(kb.background.path), line, column)


def _read_terms(rules: list, extension: dict) -> set[str]:
    """The terms some rule reads: named in a rule that is not a pure declaration, or held by an atom that such a
    rule's body (or, transitively, a declaration it reads) matches. `rules`: the background's rules without its
    facts (data, which the extension holds), and every rule and fact of the theories."""
    declaring = [r for r in rules if r.atoms and r.body_predicates and all(a.arity == 1 for a in r.atoms if a.in_head)]
    readers = [r for r in rules if r.atoms and r not in declaring]
    read_atoms = [a for r in readers for a in r.atoms if not a.in_head]
    named = {t.text for r in readers for a in r.atoms for alts in a.args for t in alts if t.ground}
    # Names inside patterns (`effect(D, intracranial(R), X)` names intracranial/1): a compound name with its arity.
    named |= {_shape(p) for r in readers for a in r.atoms for alts in a.args for t in alts
              for p in _subpatterns(_pattern(t.text))}
    pending = list(declaring)
    changed = True
    while changed:  # a declaration is read when a reader's atom matches its head
        changed = False
        for rule in list(pending):
            heads = [a for a in rule.atoms if a.in_head]
            if any(_atoms_meet(h, r) for h in heads for r in read_atoms):
                read_atoms += [a for a in rule.atoms if not a.in_head]
                pending.remove(rule)
                changed = True
    found = set(named)
    for use in read_atoms:
        if use.predicate == "asked":
            continue
        patterns = [[_pattern(t.text) for t in alts] for alts in use.args]
        for atom in extension.get((use.predicate, use.arity), ()):
            if all(any(_match(p, arg) for p in alts) for alts, arg in zip(patterns, atom.args)):
                found.update(arg.text for arg in atom.args)
    return found


def _open_positions(rules: list, vocab) -> set[str]:
    """Every term of a key position that some rule reads from `asked/1` without constraining it further (its
    variable occurs in no other positive atom of the body): such a rule reads whatever a finding puts there."""
    found: set[str] = set()
    for rule in rules:
        body = [a for a in rule.atoms if not a.in_head]
        for use in (a for a in body if a.predicate == "asked" and a.arity == 1):
            others = " ".join(t.text for a in body if a is not use and (a.predicate, a.arity) not in
                              set(rule.nonmonotone_predicates) for alts in a.args for t in alts)
            for key in (_pattern(t.text) for t in use.args[0]):
                if key is None:
                    continue
                signature = vocab.key_args.get(key[0], {})
                for position, arg in enumerate(key[1], start=1):
                    kind = signature.get(position)
                    if kind and arg is None and not _mentions(others, _variable_at(use, position)):
                        found |= {t for t in vocab.terms[kind]}
    return found


def _variable_at(use, position: int) -> str:
    """The text of the argument at `position` of the key an `asked/1` atom reads (a variable's name)."""
    parts = top_arguments(use.args[0][0].text)
    return parts[position - 1].strip() if position <= len(parts) else ""


def _mentions(text: str, variable: str) -> bool:
    return variable in ("", "_") or re.search(rf"(?<![A-Za-z0-9_']){re.escape(variable)}(?![A-Za-z0-9_'])", text) is not None


def _subpatterns(pattern) -> list:
    found, stack = [], [pattern]
    while stack:
        top = stack.pop()
        if top is not None:
            found.append(top)
            stack.extend(top[1])
    return found


def _shape(pattern) -> str:
    """How a group of terms is named when a rule names its function: `intracranial/1` (a constant: its name)."""
    name, args = pattern
    return f"{name}/{len(args)}" if args else name


def _atoms_meet(head, body) -> bool:
    """Whether a declaration's head atom and a reading atom may stand for one atom (same predicate, each position's
    patterns compatible at their top: a variable, or the same function name and arity)."""
    if head.predicate != body.predicate or head.arity != body.arity:
        return False
    return all(any(_tops_meet(_pattern(h.text), _pattern(b.text)) for h in hs for b in bs)
               for hs, bs in zip(head.args, body.args))


def _tops_meet(a, b) -> bool:
    return a is None or b is None or (a[0] == b[0] and len(a[1]) == len(b[1]))


def _pattern(text: str):
    """A term's text as (name, [argument patterns]), None for a variable or anything not a plain term (arithmetic,
    intervals): a pattern that matches everything."""
    tokens = _TOKEN.findall(text)
    if "".join("".join(t) for t in tokens) != re.sub(r"\s", "", text):
        return None
    parsed, rest = _parse(tokens)
    return parsed if not rest else None


def _parse(tokens):
    if not tokens:
        return None, tokens
    variable, name, punct = tokens[0]
    if variable:
        return None, tokens[1:]
    if punct == "(" or name:
        rest = tokens[1:] if name else tokens
        args = []
        if rest and rest[0][2] == "(":
            rest = rest[1:]
            while rest and rest[0][2] != ")":
                arg, rest = _parse(rest)
                args.append(arg)
                if rest and rest[0][2] == ",":
                    rest = rest[1:]
            rest = rest[1:]
        return (name, args), rest
    return None, tokens[1:]


def _match(pattern, term) -> bool:
    if pattern is None:
        return True
    name, args = pattern
    if not args:
        return term.text == name
    return term.name == name and len(term.args) == len(args) and all(_match(p, a) for p, a in zip(args, term.args))
