"""Verdicts under many settings of the switches, on one grounding per theory (sensitivity, effects of repairs)."""

from __future__ import annotations

from .engine import asked_and_targets, relation_targets
from .kb import KB
from .model import Prediction, RelationPrediction
from .sandbox import DEFAULT_TIMEOUT, Job, run_bounded
from .verdicts import index_predictions, index_relations, judge

Verdicts = dict[str, str]  # finding id -> verdict


def _sweep(files, facts, switches, drop_sets, theory_axioms=()):
    """Runs in a worker process: ground once, then solve cautiously with each set of switches off in turn, and
    again with the theory's axioms off too (what the auxiliaries predict alone is not the theory's).

    Each solve is propagation on the same grounding (a few milliseconds on the shipped KB), where a grounding per
    setting would cost a tenth of a second each."""
    from .solver import Grounding

    grounding = Grounding(files, facts, switches)
    outputs = []
    for dropped in drop_sets:
        out = grounding.solve(tuple(dropped), fired=False)
        base = grounding.solve(tuple(dict.fromkeys([*dropped, *theory_axioms])), fired=False) if out else None
        outputs.append(None if out is None else (sorted(set(out.predictions) - set(base.predictions)),
                                                 sorted(set(out.relations) - set(base.relations))))
    return outputs


def sweep_jobs(kb: KB, theories: list[str], drop_sets: list[tuple[str, ...]]) -> list[Job]:
    """One worker job per theory: its verdicts with each of `drop_sets` switched off (ids it lacks are ignored)."""
    from .solver import check_facts

    asked, targets = asked_and_targets(kb)
    facts = check_facts(asked, targets, relation_targets(kb))
    jobs = []
    for name in theories:
        switches = kb.switches(name)
        sets = [tuple(a for a in dropped if a in switches) for dropped in drop_sets]
        files = kb.sources(name)
        axioms = [a.id for a in kb.theory(name).axioms]
        jobs.append(Job(f"{kb.theory(name).path}: theory '{name}'", _sweep, (files, facts, switches, sets, axioms),
                        files))
    return jobs


def sweep_results(kb: KB, outputs: list) -> list[list[Verdicts | None]]:
    """The verdicts of each job's solves (None where a setting leaves the theory without an answer set)."""
    return [[None if out is None else verdicts_of(kb, *out) for out in job] for job in outputs]


def verdicts_of(kb: KB, predictions, relations) -> Verdicts:
    """Each finding's verdict from bare predictions (no derivations: only the verdict is wanted)."""
    by_key = index_predictions([Prediction(k, v) for k, v in predictions])
    by_pair = index_relations([RelationPrediction(a, b, r) for a, b, r in relations])
    return {f.id: judge("", f, by_key, kb.vocabulary, by_pair).verdict for f in kb.findings}


def sweep(kb: KB, theories: list[str], drop_sets: list[tuple[str, ...]], timeout: float = DEFAULT_TIMEOUT
          ) -> dict[str, list[Verdicts | None]]:
    """theory -> its verdicts with each of `drop_sets` switched off, in order."""
    outputs = run_bounded(sweep_jobs(kb, theories, drop_sets), timeout=timeout)
    return dict(zip(theories, sweep_results(kb, outputs)))
