"""Verdicts from predictions and observations, exactly as DESIGN.md defines them (pure Python)."""

from __future__ import annotations

from collections import defaultdict
from typing import Protocol

from .model import Finding
from .results import Incoherence, ObservationVerdict, Prediction, RelationPrediction, Verdict

RELATIONS = ("same_direction", "opposite_direction", "no_difference")


class Values(Protocol):
    """What the verdicts need to know of the value sets (the Vocabulary has it, from background.lp)."""

    signs: dict[str, int]

    def incompatible(self, constructor: str, a: str, b: str) -> bool: ...

    def entails(self, predicted: str, observed: str) -> bool: ...


def constructor(key: str) -> str:
    """The key's constructor name: `effect` for `effect(heroin,acute,nac_dopamine)`."""
    return key.split("(", 1)[0]


def index_predictions(predictions: list[Prediction]) -> dict[str, list[Prediction]]:
    by_key: dict[str, list[Prediction]] = defaultdict(list)
    for prediction in predictions:
        by_key[prediction.key].append(prediction)
    return by_key


def index_relations(relations: list[RelationPrediction]) -> dict[tuple[str, str], list[RelationPrediction]]:
    """Predicted relations by the pair of keys they relate, in both orders (every relation is symmetric)."""
    by_pair: dict[tuple[str, str], list[RelationPrediction]] = defaultdict(list)
    for relation in relations:
        by_pair[relation.first, relation.second].append(relation)
        if relation.first != relation.second:
            by_pair[relation.second, relation.first].append(relation)
    return by_pair


def relation_holds(relation: str, a: str, b: str, signs: dict[str, int]) -> bool | None:
    """Whether two observed values satisfy a relation (True), violate it (False) or neither (None).

    same_direction: both rise or both fall (violated when one rises and the other falls); opposite_direction: one
    rises and the other falls (violated when both move the same way); no_difference: the same value (violated by
    different values). A value without a direction (no change, no difference) neither satisfies nor violates a
    relation of directions: "the setting modulates both in the same direction" says nothing when one is unmodulated.
    """
    if relation == "no_difference":
        return a == b
    sa, sb = signs.get(a), signs.get(b)
    if not sa or not sb:
        return None
    same = sa == sb
    return same if relation == "same_direction" else not same


def judge(theory: str, finding: Finding, by_key: dict[str, list[Prediction]], values: Values,
          by_pair: dict[tuple[str, str], list[RelationPrediction]] | None = None) -> Verdict:
    """The verdict of one theory on one finding.

    contradicted: some observation has an incompatible predicted value, or two observations violate a predicted
    relation; explained: every observation is predicted, with its observed value (or a more specific one) or by a
    predicted relation that it and another observation satisfy; partial: some are; silent: none is.
    """
    parts = []
    for obs in finding.observations:
        predicted = by_key.get(obs.key, ())  # most keys of a large KB have no prediction: one lookup decides
        kind = constructor(obs.key)
        clashes = tuple(p for p in predicted if values.incompatible(kind, obs.value, p.value))
        violated, satisfied = _relations(obs, finding, by_pair, values.signs) if by_pair else ((), ())
        if clashes or violated:
            parts.append(ObservationVerdict(obs, "clash", clashes, violated))
            continue
        matches = tuple(p for p in predicted if values.entails(p.value, obs.value))
        if matches or satisfied:
            parts.append(ObservationVerdict(obs, "predicted", matches, satisfied))
        else:
            parts.append(ObservationVerdict(obs, "unpredicted"))
    statuses = {p.status for p in parts}
    if "clash" in statuses:
        verdict = "contradicted"
    elif statuses == {"predicted"}:
        verdict = "explained"
    elif "predicted" in statuses:
        verdict = "partial"
    else:
        verdict = "silent"
    return Verdict(theory, finding.id, verdict, tuple(parts))


def judge_all(theory: str, findings, by_key: dict[str, list[Prediction]], values: Values,
              by_pair: dict[tuple[str, str], list[RelationPrediction]] | None = None,
              blank: dict | None = None) -> tuple[Verdict, ...]:
    """`judge` of every finding. A finding none of whose keys a prediction or a relation names is silent, with
    every observation unpredicted, without asking more (most findings of a large KB are: at 10,000 findings,
    judging them one by one was most of what `check` did after solving); `blank`, a dict the caller keeps for
    the same `findings`, shares between theories the findings of each key and each finding's silent parts."""
    related = {key for pair in (by_pair or {}) for key in pair}
    if blank is None:
        blank = {}
    if "by key" not in blank:  # once for every theory: the findings that observe each key, each one's silent parts
        blank["by key"] = keys_index(findings)
        blank["silent"] = [(f, f.id, tuple(ObservationVerdict(o, "unpredicted") for o in f.observations))
                           for f in findings]
    named = {f for key in [*by_key, *related] for f in blank["by key"].get(key, ())}
    return tuple(judge(theory, finding, by_key, values, by_pair) if ident in named
                 else Verdict(theory, ident, "silent", parts) for finding, ident, parts in blank["silent"])


def keys_index(findings) -> dict[str, set[str]]:
    """Observation key -> the ids of the findings that observe it."""
    index: dict[str, set[str]] = defaultdict(set)
    for finding in findings:
        for o in finding.observations:
            index[o.key].add(finding.id)
    return index


def _relations(obs, finding: Finding, by_pair, signs) -> tuple[tuple, tuple]:
    """The predicted relations between `obs` and the finding's other observations: (violated, satisfied)."""
    violated, satisfied = [], []
    for other in finding.observations:
        if other.key == obs.key:
            continue
        for relation in by_pair.get((obs.key, other.key), ()):
            holds = relation_holds(relation.relation, obs.value, other.value, signs)
            if holds is False:
                violated.append(relation)
            elif holds:
                satisfied.append(relation)
    return tuple(violated), tuple(satisfied)


def incoherences(by_key: dict[str, list[Prediction]], values: Values,
                 by_pair: dict[tuple[str, str], list[RelationPrediction]] | None = None) -> list[Incoherence]:
    """Keys for which the theory predicts incompatible values, or values that violate a relation it also predicts:
    a defect of the theory, not of the data."""
    out = []
    for key, predictions in sorted(by_key.items()):
        found = {p.value for p in predictions}
        if any(values.incompatible(constructor(key), a, b) for a in found for b in found):
            out.append(Incoherence(key, tuple(sorted(predictions, key=lambda p: p.value))))
    for (first, second), relations in sorted((by_pair or {}).items()):
        if first > second:
            continue  # each pair once (index_relations holds both orders)
        for relation in relations:
            pairs = [(a, b) for a in by_key.get(first, ()) for b in by_key.get(second, ())
                     if relation_holds(relation.relation, a.value, b.value, values.signs) is False]
            if pairs:
                both = tuple(dict.fromkeys(p for pair in pairs for p in pair))
                out.append(Incoherence(first, both, (relation,)))
    return out
