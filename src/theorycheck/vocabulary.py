"""The controlled vocabulary, read from the answer set of `background.lp` alone."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import solver
from .cache import cached
from .model import Diagnostic, Location
from .sandbox import DEFAULT_TIMEOUT, Job, run_bounded
from .suggest import closest_fix, suggestions
from .vocab_docs import TermDoc, describe, read_term_docs

# Background relations the why-not explanations read.
RELATIONS = ("indexes", "inversely_indexes", "disrupts", "engages", "involves", "reflects", "familiarity")
# The unary predicates of background.lp that declare vocabulary types.
TYPES = ("drug", "manipulation", "measure", "condition", "predictor", "outcome", "aspect", "region",
         "substrate", "process", "domain", "species", "paradigm")


@dataclass
class Vocabulary:
    """Declared terms by type, key signatures and value sets, and the predicates that describe drugs."""

    terms: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    key_args: dict[str, dict[int, str]] = field(default_factory=lambda: defaultdict(dict))
    values: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    drug_classes: dict[str, str] = field(default_factory=dict)
    drug_attributes: set[str] = field(default_factory=set)  # predicates whose facts describe a drug
    relations: dict[str, set[tuple[str, ...]]] = field(default_factory=lambda: defaultdict(set))
    mechanism_args: dict[str, dict[int, list[str]]] = field(default_factory=lambda: defaultdict(dict))
    extension: dict[tuple[str, int], list[solver.Term]] = field(default_factory=lambda: defaultdict(list))
    rules: list[solver.RuleInfo] = field(default_factory=list)  # the background's rules, for the theory checks
    covers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # value -> outcomes it admits
    signs: dict[str, int] = field(default_factory=dict)  # value -> direction (+1, -1, 0), for relational predictions
    relation_kinds: set[str] = field(default_factory=set)  # the relations predicts_relation/3 may name
    docs: dict[str, list[TermDoc]] = field(default_factory=dict)  # term name -> its descriptions (vocab_docs)
    _columns: dict = field(default_factory=dict, repr=False)

    def mechanisms(self) -> dict[tuple[str, int], dict[int, list[str]]]:
        """Each mechanism predicate's signature (its arity is its last typed position) and the types by position."""
        return {(name, max(types)): types for name, types in self.mechanism_args.items()}

    def column(self, name: str, arity: int, position: int) -> set[str]:
        """The terms at `position` of the background's `name/arity` atoms (for a unary type: its members)."""
        key = (name, arity, position)
        if key not in self._columns:
            self._columns[key] = {atom.args[position - 1].text for atom in self.extension.get((name, arity), ())}
        return self._columns[key]

    def related(self, name: str, first: str) -> list[str]:
        """The second arguments of `name(first, X)` facts of the background, sorted."""
        return sorted({args[1] for args in self.relations[name] if args[0] == first})

    def related_any(self, name: str, first: str) -> list[str]:
        """The second arguments of the background's `name(first, X)` atoms, whatever `name` is, sorted."""
        return sorted({a.args[1].text for a in self.extension.get((name, 2), ()) if a.args[0].text == first})

    @property
    def drugs(self) -> set[str]:
        return self.terms["drug"]

    def outcomes(self, value: str) -> set[str]:
        """The outcomes a value admits (`value_covers/2` of background.lp); a value without any admits itself only."""
        return self.covers.get(value) or {value}

    def incompatible(self, constructor: str, a: str, b: str) -> bool:
        """Two values of one key are incompatible when no outcome satisfies both (a small decrease is a decrease;
        a decrease is no increase). Every value set is closed, so a value outside it is never incompatible."""
        allowed = self.values.get(constructor, ())
        return a != b and a in allowed and b in allowed and not (self.outcomes(a) & self.outcomes(b))

    def entails(self, predicted: str, observed: str) -> bool:
        """Whether predicting `predicted` predicts the observation `observed`: every outcome the prediction admits
        is one the observation admits (a large decrease is a decrease). A coarser prediction (a decrease, of an
        observed small decrease) is not contradicted, but does not predict it: the theory does not say it is small."""
        return predicted == observed or self.outcomes(predicted) <= self.outcomes(observed)

    def check_key(self, key: solver.Term, where: Location) -> list[Diagnostic]:
        """Diagnostics for an observation key that is not built from the declared vocabulary."""
        good = self._columns.setdefault("good keys", set())  # keys found good before: most keys recur
        if key.text in good:
            return []
        signature = self.key_args.get(key.name)
        if signature is None:
            return [_unknown("observation key constructor", key.name, self.key_args, where, vocab=self)]
        if len(key.args) != len(signature):
            return [Diagnostic("error", f"{key.name}/{len(signature)} takes {len(signature)} arguments, "
                               f"not {len(key.args)}: {key.text}", where)]
        problems = []
        for position, arg in enumerate(key.args, start=1):
            kind = signature[position]
            if arg.text not in self.terms[kind]:
                problems.append(_unknown(kind, arg.text, self.terms[kind], where, vocab=self))
        if not problems:
            good.add(key.text)
        return problems

    def check_value(self, constructor: str, value: str, where: Location) -> list[Diagnostic]:
        allowed = self.values.get(constructor)
        if allowed is None or value in allowed:
            return []
        return [_unknown(f"value for {constructor}", value, allowed, where,
                         also=f" (one of: {', '.join(sorted(allowed))})", vocab=self)]

    def names(self) -> set[str]:
        """Every constant and predicate name the background uses: no finding may be named like one, or theories
        using the vocabulary would seem to name that finding."""
        if "names" not in self._columns:
            found = {c for rule in self.rules for c in rule.constants}
            for (name, _), atoms in self.extension.items():
                found.add(name)
                found.update(arg.text for atom in atoms for arg in atom.args if arg.name and not arg.args)
            self._columns["names"] = found
        return self._columns["names"]

    def describe(self, name: str, kind: str = "") -> str:
        """The description of a term name (a constant, or a compound term's function name) as a `kind` term."""
        return describe(self.docs, name, kind)

    def class_terms(self) -> set[str]:
        """Constants that single out drugs: drug names and class names."""
        return self.drugs | set(self.drug_classes.values())


def _no_group(line: int) -> None:
    return None


def closest(name: str, known) -> str | None:
    """The known term most like `name`, if one is close enough to be a likely typo of it, and reads as it spelt
    right (never a term that differs in a word of meaning: see suggest.py)."""
    return closest_fix(name, known)


def _unknown(kind: str, name: str, known, where: Location, also: str = "", vocab: Vocabulary | None = None
             ) -> Diagnostic:
    """An unknown term: a spelling fix if there is one, else a different term that looks alike (as such), else
    `also`; with `vocab`, each suggestion with its description, and a drug class given as a drug said to be one."""
    if vocab is not None and kind == "drug" and _class_name(name, vocab):
        cls = _class_name(name, vocab)
        drugs = sorted(d for d, c in vocab.drug_classes.items() if c == cls)
        return Diagnostic("error", f"unknown drug '{name}': '{cls}' is a drug class, not a drug; observations name "
                          f"the drug, and the class comes from {BACKGROUND_NAME}: {', '.join(drugs)}", where)
    found = suggestions(name, known)
    fix = next((s.term for s in found if s.fix), None)
    if fix is not None:
        return Diagnostic("error", f"unknown {kind} '{name}' (did you mean '{fix}'?){_about(vocab, fix, kind)}", where)
    elsewhere = sorted(t for t, members in (vocab.terms.items() if vocab else ()) if name in members)
    if elsewhere:
        return Diagnostic("error", f"unknown {kind} '{name}': '{name}' is a {' and a '.join(elsewhere)}, not a "
                          f"{kind}{_about(vocab, name, elsewhere[0])}", where)
    other = next((s.term for s in found), None)
    if other is not None and vocab is not None:
        return Diagnostic("error", f"unknown {kind} '{name}'; '{other}' is a different term, not a spelling fix"
                          f"{_about(vocab, other, kind)}; if you mean {name}, declare it with a description in "
                          f"{BACKGROUND_NAME} (`theorycheck vocab` lists the terms)", where)
    for other_kind, members in sorted(vocab.terms.items() if vocab else ()):
        fix = closest_fix(name, members) if other_kind != kind else None
        if fix is not None:
            return Diagnostic("error", f"unknown {kind} '{name}'; no {kind} is spelt like it, but the {other_kind} "
                              f"'{fix}' is (a {other_kind}, not a {kind}){_about(vocab, fix, other_kind)}", where)
    return Diagnostic("error", f"unknown {kind} '{name}'{also}", where)


BACKGROUND_NAME = "theories/background.lp"


def _about(vocab: Vocabulary | None, term: str, kind: str) -> str:
    """` — term: its description`, when the vocabulary describes it."""
    text = vocab.describe(term.split("(", 1)[0], kind) if vocab is not None else ""
    return f" — {term}: {text.rstrip('.')}" if text else ""


def _class_name(name: str, vocab: Vocabulary) -> str | None:
    """The drug class `name` names (`opiate`, `opiates`, `psychostimulant`), if any."""
    classes = set(vocab.drug_classes.values())
    for candidate in (name, name.removesuffix("s")):
        if candidate in classes:
            return candidate
    return None


def read_vocabulary(path: Path, text: str, rules: list[solver.RuleInfo] = (),
                    timeout: float = DEFAULT_TIMEOUT) -> Vocabulary:
    """Solve the background on its own and index its vocabulary; `rules` are its rules, if theories are to be read.

    The background is grounded in a worker bounded by `timeout` and the memory limit like every other grounding:
    a rule of it that builds ever new terms ends with an error naming that rule, not with a process that never
    stops.
    """
    vocab = Vocabulary(rules=list(rules), docs=read_term_docs(text))
    source = solver.SourceFile(path, text, _no_group, False)
    job = Job(f"{path}: the background", solver.model_atoms, (path, text), [source])
    atoms = cached("background-model", (str(path), text), lambda: run_bounded([job], timeout=timeout)[0])
    extension = vocab.extension
    for atom in atoms:
        extension[atom.name, len(atom.args)].append(atom)
    drugs = {a.args[0].text for a in extension.get(("drug", 1), ())}
    # Each predicate's atoms at once (a branch per predicate, not per atom: 16,000 atoms on the shipped KB).
    for (name, arity), group in extension.items():
        if name in TYPES and arity == 1:
            vocab.terms[name].update(atom.args[0].text for atom in group)
        elif name == "relation_kind" and arity == 1:
            vocab.relation_kinds.update(atom.args[0].text for atom in group)
        elif arity == 2 and name in ("value_of", "value_covers"):
            table = vocab.values if name == "value_of" else vocab.covers
            for atom in group:
                table[atom.args[0].text].add(atom.args[1].text)
        elif (name, arity) in (("key_arg", 3), ("mechanism_arg", 3), ("value_sign", 2)):
            for atom in group:
                args = atom.args
                if name == "key_arg" and args[1].number is not None:
                    vocab.key_args[args[0].text][args[1].number] = args[2].text
                elif name == "mechanism_arg" and args[1].number is not None:
                    vocab.mechanism_args[args[0].text].setdefault(args[1].number, []).append(args[2].text)
                elif name == "value_sign" and args[1].number is not None:
                    vocab.signs[args[0].text] = args[1].number
        if name in RELATIONS and arity == 2:
            vocab.relations[name].update((atom.args[0].text, atom.args[1].text) for atom in group)
        if name == "drug_class" and arity == 2:
            vocab.drug_classes.update((atom.args[0].text, atom.args[1].text) for atom in group)
        if arity >= 2 and any(atom.args[0].text in drugs for atom in group):
            vocab.drug_attributes.add(name)
    return vocab
