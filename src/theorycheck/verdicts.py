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
    clash = some_predicted = False
    every_predicted = True
    for obs in finding.observations:
        predicted = by_key.get(obs.key)  # most keys of a large KB have no prediction: one lookup decides
        if predicted:
            kind = constructor(obs.key)
            clashes = tuple(p for p in predicted if incompatible(kind, obs.value, p.value))
            if clashes:
                parts.append(ObservationVerdict(obs, "clash", clashes))
                clash, every_predicted = True, False
                continue
            matches = tuple(p for p in predicted if p.value == obs.value)
            if matches:
                parts.append(ObservationVerdict(obs, "predicted", matches))
                some_predicted = True
                continue
        parts.append(ObservationVerdict(obs, "unpredicted"))
        every_predicted = False
    if clash:
        verdict = "contradicted"
    elif parts and every_predicted:
        verdict = "explained"
    elif some_predicted:
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
