"""Why-not: for an observation a theory does not predict, the bridge rules that could and the missing premise."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Observation
from .solver import parse_term
from .vocabulary import Vocabulary

_PREDICTS_HEAD = re.compile(r"^predicts\((\w+)\(")


@dataclass(frozen=True)
class WhyNot:
    """An unpredicted observation, the bridge rules that could derive such a key, and what no axiom supplies."""

    observation: Observation
    bridges: tuple[str, ...]
    missing: tuple[str, ...]


_TRIGGERS = ("involves", "disrupts", "acts_on", "engages", "intracranial", "treatment", "sedating")


@dataclass(frozen=True)
class Bridge:
    """A bridge rule group and the manipulation predicates its rules test (to show only the relevant ones)."""

    id: str
    triggers: frozenset[str]


def bridges_by_constructor(background) -> dict[str, list[Bridge]]:
    """Bridge rule groups of background.lp by the key constructor their `predicts/2` heads build."""
    texts: dict[tuple[str, str], list[str]] = {}
    for rule in background.rules:
        match = _PREDICTS_HEAD.match(rule.text)
        group = background.notes.group_at(rule.location.line)
        if match and group:
            texts.setdefault((match.group(1), group), []).append(rule.text)
    found: dict[str, list[Bridge]] = {}
    for (constructor, group), bodies in texts.items():
        triggers = frozenset(t for t in _TRIGGERS if any(f"{t}(" in body for body in bodies))
        found.setdefault(constructor, []).append(Bridge(group, triggers))
    return found


def _applies(bridge: Bridge, args: list[str], vocab: Vocabulary) -> bool:
    """Whether a bridge for effect keys can fire for this key's manipulation at all."""
    if not bridge.triggers:
        return True
    manipulation = args[1]
    present = set()
    if vocab.related("involves", manipulation):
        present.add("involves")
    if vocab.related("disrupts", manipulation):
        present |= {"disrupts", "acts_on", "sedating"}
    if vocab.related("engages", manipulation):
        present |= {"engages", "acts_on"}
    present |= {t for t in ("intracranial", "treatment") if manipulation.startswith(t + "(")}
    return bool(bridge.triggers & present)


class Mechanisms:
    """The mechanism atoms a theory derives (depends_on/3, adapts/4, ...), indexed for look-ups."""

    def __init__(self, atoms: tuple[str, ...]):
        self.facts: set[tuple[str, tuple[str, ...]]] = set()
        for text in atoms:
            term = parse_term(text)
            self.facts.add((term.name, tuple(a.text for a in term.args)))

    def has(self, name: str, *pattern: str | None) -> bool:
        """Whether some `name(...)` atom matches the pattern (None matches anything)."""
        return any(n == name and len(args) == len(pattern) and all(p is None or p == a for p, a in zip(pattern, args))
                   for n, args in self.facts)


def explain_unpredicted(obs: Observation, vocab: Vocabulary, mech: Mechanisms,
                        bridges: dict[str, list[Bridge]]) -> WhyNot:
    """The premises no axiom supplies for this observation, in the vocabulary of the knowledge base."""
    key = parse_term(obs.key)
    args = [a.text for a in key.args]
    reason = _REASONS.get(key.name, lambda *_: [])(args, vocab, mech)
    usable = [b.id for b in bridges.get(key.name, []) if key.name != "effect" or _applies(b, args, vocab)]
    fallback = "the theory derives none of their premises for this key" if usable else "no bridge rule reaches this key"
    return WhyNot(obs, tuple(usable), tuple(reason or [fallback]))


def _processes(measure: str, vocab: Vocabulary) -> list[str]:
    return sorted(set(vocab.related("indexes", measure)) | set(vocab.related("inversely_indexes", measure)))


def _effect(args, vocab: Vocabulary, mech: Mechanisms) -> list[str]:
    drug, manipulation, measure = args
    processes = _processes(measure, vocab)
    if not processes:
        return [f"`{measure}` indexes no process in background.lp, so no bridge rule can reach it"]
    regimens = vocab.related("involves", manipulation)
    acted = vocab.related("disrupts", manipulation) + vocab.related("engages", manipulation)
    missing = []
    for process in processes:
        if regimens and not any(mech.has("adapts", drug, r, process, None) for r in regimens) \
                and not mech.has("activates", drug, process):
            missing.append(f"no axiom says how {', '.join(regimens)} exposure changes `{process}` for {drug}")
        if acted and not any(mech.has("depends_on", drug, process, s) or mech.has("independent_of", drug, process, s)
                             for s in acted):
            shown = ", ".join(acted[:6]) + (", ..." if len(acted) > 6 else "")
            missing.append(f"no axiom says whether `{process}` of {drug} depends on what `{manipulation}` acts on "
                           f"({shown})")
    return missing


def _compare(args, vocab: Vocabulary, mech: Mechanisms) -> list[str]:
    drug, measure, first, second = args
    if not (vocab.related("familiarity", first) and vocab.related("familiarity", second)):
        return [f"no bridge rule compares `{first}` with `{second}` (only settings of different familiarity)"]
    if measure.startswith("preference_over("):  # the choice bridge compares the two drugs' rewards by setting
        other = measure[len("preference_over("):-1]
        if not mech.has("favoured_in", drug, "reward", None):
            return [f"no axiom says that the setting modulates the `reward` of {drug}"]
        return [f"the setting modulates the `reward` of {other} as it does that of {drug}, so neither is preferred"]
    return [f"no axiom says that the setting modulates `{p}` of {drug}" for p in _processes(measure, vocab)
            if not mech.has("favoured_in", drug, p, None)]


def _contrast(args, vocab: Vocabulary, mech: Mechanisms) -> list[str]:
    first, second, manipulation, measure = args
    regimens = vocab.related("involves", manipulation)
    return [f"no axiom says how `{manipulation}` changes `{measure}` for {drug}" for drug in (first, second)
            if not any(mech.has("adapts", drug, r, p, None) for r in regimens for p in _processes(measure, vocab))]


def _relation(args, vocab: Vocabulary, mech: Mechanisms) -> list[str]:
    first, second, aspect = args
    return [f"no axiom gives {first} and {second} a common or a distinct `{aspect}`"]


def _cross(args, vocab: Vocabulary, mech: Mechanisms) -> list[str]:
    first, second, outcome = args
    return [f"no axiom says what drives `{outcome}` with {drug}" for drug in (first, second)
            if not mech.has("drives", drug, outcome, None)]


def _predictor(args, vocab: Vocabulary, mech: Mechanisms) -> list[str]:
    trait, drug, outcome = args
    if not mech.has("drives", drug, outcome, None):
        return [f"no axiom says what drives `{outcome}` with {drug}"]
    reflected = vocab.related("reflects", trait)
    if not reflected:
        return [f"background.lp does not say what `{trait}` reflects"]
    return [f"`{trait}` reflects {', '.join(reflected)}, which no axiom makes a driver of `{outcome}` with {drug}"]


_REASONS = {"effect": _effect, "compare": _compare, "contrast": _contrast, "relation": _relation,
            "cross_predicts": _cross, "predictor": _predictor}
