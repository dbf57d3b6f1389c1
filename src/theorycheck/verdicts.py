"""Verdicts from predictions and observations, exactly as DESIGN.md defines them (pure Python)."""

from __future__ import annotations

from collections import defaultdict

from .model import Finding, Incoherence, ObservationVerdict, Prediction, Verdict


def constructor(key: str) -> str:
    """The key's constructor name: `effect` for `effect(heroin,acute,nac_dopamine)`."""
    return key.split("(", 1)[0]


def index_predictions(predictions: list[Prediction]) -> dict[str, list[Prediction]]:
    by_key: dict[str, list[Prediction]] = defaultdict(list)
    for prediction in predictions:
        by_key[prediction.key].append(prediction)
    return by_key


def judge(theory: str, finding: Finding, by_key: dict[str, list[Prediction]], incompatible) -> Verdict:
    """The verdict of one theory on one finding.

    contradicted: some observation has an incompatible predicted value; explained: every observation is
    predicted with its observed value; partial: some are; silent: none is.
    """
    parts = []
    for obs in finding.observations:
        predicted = by_key.get(obs.key, [])
        clashes = tuple(p for p in predicted if incompatible(constructor(obs.key), obs.value, p.value))
        matches = tuple(p for p in predicted if p.value == obs.value)
        if clashes:
            parts.append(ObservationVerdict(obs, "clash", clashes))
        elif matches:
            parts.append(ObservationVerdict(obs, "predicted", matches))
        else:
            parts.append(ObservationVerdict(obs, "unpredicted"))
    statuses = [p.status for p in parts]
    if "clash" in statuses:
        verdict = "contradicted"
    elif statuses and all(s == "predicted" for s in statuses):
        verdict = "explained"
    elif "predicted" in statuses:
        verdict = "partial"
    else:
        verdict = "silent"
    return Verdict(theory, finding.id, verdict, tuple(parts))


def incoherences(by_key: dict[str, list[Prediction]], incompatible) -> list[Incoherence]:
    """Keys for which the theory predicts incompatible values: a defect of the theory, not of the data."""
    out = []
    for key, predictions in sorted(by_key.items()):
        values = {p.value for p in predictions}
        if any(incompatible(constructor(key), a, b) for a in values for b in values):
            out.append(Incoherence(key, tuple(sorted(predictions, key=lambda p: p.value))))
    return out
