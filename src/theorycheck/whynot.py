"""Why-not: for an observation a theory does not predict, the premises that would predict it, each checked by the solver.

Candidates are mechanism atoms built from the observation's own terms and the vocabulary (what its measure indexes,
what its manipulation acts on, which regimens it involves). Each is then added, one at a time, to the theory's
grounding (as an external switched on), and kept only if the observation is then predicted: a suggestion is never a
guess about which premise is missing, but a premise shown to be sufficient.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Finding, Observation
from .solver import parse_term
from .vocabulary import Vocabulary

DIRECTIONS = ("increase", "decrease")
MAX_CANDIDATES = 60  # per observation: enough for every combination of the key's own terms in the shipped vocabulary


@dataclass(frozen=True)
class WhyNot:
    """An unpredicted observation; `premises`: mechanism atoms each of which, added alone, makes it predicted;
    `bridges`: the auxiliaries those derivations pass through; `missing`: the same in words."""

    observation: Observation
    bridges: tuple[str, ...]
    missing: tuple[str, ...]
    premises: tuple[str, ...] = ()


class Mechanisms:
    """The mechanism atoms a theory derives (depends_on/3, adapts/4, ...), indexed for look-ups."""

    def __init__(self, atoms: tuple[str, ...]):
        self.facts: set[tuple[str, tuple[str, ...]]] = set()
        self.texts = set(atoms)
        for text in atoms:
            term = parse_term(text)
            self.facts.add((term.name, tuple(a.text for a in term.args)))

    def args(self, name: str, *pattern: str | None) -> list[tuple[str, ...]]:
        """The arguments of the `name(...)` atoms that match the pattern (None matches anything)."""
        return [args for n, args in self.facts if n == name and len(args) == len(pattern)
                and all(p is None or p == a for p, a in zip(pattern, args))]


def _processes(measure: str, vocab: Vocabulary) -> list[str]:
    return sorted(set(vocab.related("indexes", measure)) | set(vocab.related("inversely_indexes", measure)))


def _atom(name: str, *args: str) -> str:
    return f"{name}({','.join(args)})"


def candidates(obs: Observation, vocab: Vocabulary, mech: Mechanisms) -> list[str]:
    """Mechanism atoms that might, alone, make the observation predicted (the solver decides which do)."""
    key = parse_term(obs.key)
    args = [a.text for a in key.args]
    make = _CANDIDATES.get(key.name)
    found = make(args, vocab, mech) if make else []
    return [a for a in dict.fromkeys(found) if a not in mech.texts][:MAX_CANDIDATES]


def _effect(args, vocab: Vocabulary, mech: Mechanisms) -> list[str]:
    drug, manipulation, measure = args
    processes = _processes(measure, vocab)
    if measure in ("sa_intake", "sa_intake_trend"):
        processes += ["reward", "operant_reward"]
    regimens = vocab.related("involves", manipulation)
    acted = vocab.related("disrupts", manipulation) + vocab.related("engages", manipulation)
    out = []
    for process in processes:
        out += [_atom("adapts", drug, r, process, d) for r in regimens for d in DIRECTIONS]
        if "acute" in regimens:
            out.append(_atom("activates", drug, process))
        out += [_atom(p, drug, process, s) for s in acted for p in ("depends_on", "independent_of")]
        if manipulation.startswith("treatment("):
            agent = manipulation[len("treatment("):-1]
            out += [_atom(p, drug, process, s) for s in vocab.related("agonist_at", agent)
                    for p in ("depends_on", "independent_of")]
    return out


def _compare(args, vocab: Vocabulary, mech: Mechanisms) -> list[str]:
    drug, measure, _, _ = args
    levels = sorted({level for _, level in vocab.relations["familiarity"]})
    out = [_atom("setting_favours", drug, p, f) for p in _processes(measure, vocab) for f in levels]
    if measure.startswith("preference_over("):
        other = measure[len("preference_over("):-1]
        out += [_atom("setting_favours", d, "reward", f) for d in (drug, other) for f in levels]
    return out


def _reinforces(args, vocab: Vocabulary, mech: Mechanisms) -> list[str]:
    drug, measure = args
    return [_atom("activates", drug, p) for p in _processes(measure, vocab)]


def _choice(args, vocab: Vocabulary, mech: Mechanisms) -> list[str]:
    first, second, _ = args
    return [_atom("depends_on", drug, "reward", s) for drug, other in ((first, second), (second, first))
            for (_, _, s) in mech.args("depends_on", other, "reward", None)]


def _contrast(args, vocab: Vocabulary, mech: Mechanisms) -> list[str]:
    first, second, manipulation, measure = args
    return [_atom("adapts", drug, r, p, d) for drug in (first, second) for r in vocab.related("involves", manipulation)
            for p in _processes(measure, vocab) for d in DIRECTIONS]


def _relation(args, vocab: Vocabulary, mech: Mechanisms) -> list[str]:
    first, second, aspect = args
    return [_atom("common_basis", first, second, aspect), _atom("distinct_basis", first, second, aspect)]


def _cross(args, vocab: Vocabulary, mech: Mechanisms) -> list[str]:
    first, second, outcome = args
    return [_atom("drives", drug, outcome, p) for drug, other in ((first, second), (second, first))
            for (_, _, p) in mech.args("drives", other, outcome, None)]


def _predictor(args, vocab: Vocabulary, mech: Mechanisms) -> list[str]:
    trait, drug, outcome = args
    return [_atom("drives", drug, outcome, p) for p in vocab.related("reflects", trait)]


_CANDIDATES = {"effect": _effect, "compare": _compare, "reinforces": _reinforces, "choice": _choice,
               "contrast": _contrast, "relation": _relation, "cross_predicts": _cross, "predictor": _predictor}


def explain(obs: Observation, verified: list[tuple[str, tuple[str, ...]]], tried: int) -> WhyNot:
    """The why-not of one observation from the premises the solver verified (each with the auxiliaries it used)."""
    premises = tuple(atom for atom, _ in verified)
    bridges = tuple(sorted({a for _, used in verified for a in used}))
    if premises:
        missing = (f"no axiom gives any of: {', '.join(f'`{p}`' for p in premises)}; any one of them, added alone, "
                   "makes the theory predict this observation",)
    elif tried:
        missing = (f"none of the {tried} premises built from this key's own terms would predict it alone: it needs "
                   "more than one new claim, or an auxiliary that reaches it",)
    else:
        missing = ("the vocabulary offers no mechanism premise for this key: no auxiliary reaches it from one claim",)
    return WhyNot(obs, bridges, missing, premises)


def unpredicted(findings: list[Finding], verdicts: dict[str, object]) -> list[tuple[Finding, Observation]]:
    """The observations the theory does not predict (neither predicted nor clashing), finding by finding."""
    return [(f, part.observation) for f in findings for part in verdicts[f.id].observations
            if part.status == "unpredicted"]
