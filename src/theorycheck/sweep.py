"""Verdicts under many settings of the switches, on one grounding per theory (sensitivity, effects of repairs)."""

from __future__ import annotations

from .kb import KB
from .results import Prediction, RelationPrediction
from .sandbox import DEFAULT_TIMEOUT, After, Job, run_bounded
from .verdicts import index_predictions, index_relations, judge, keys_index

Verdicts = dict[str, str]  # finding id -> verdict


def _sweep(files, facts, switches, drop_sets, theory_axioms=(), findings=(), values=None, shared=None,
           version_sets=()):
    """Runs in a worker process: ground once, then solve cautiously with each set of switches off in turn, and
    again with the theory's axioms off too (what the auxiliaries predict alone is not the theory's).

    Each solve is propagation on the same grounding (a few milliseconds on the shipped KB), where a grounding per
    setting would cost a tenth of a second each. `shared`, if given: the background's own consequences under each
    set of auxiliaries off (`_background`), the same for every theory, solved once for all of them.

    Returns the verdicts of each drop set, and for each of `version_sets` (drop sets among them) each version's own
    verdicts (version -> verdicts, None where it has no answer set), as `engine._version_verdicts` judges them."""
    from .solver import Grounding

    grounding = Grounding(files, facts, switches, traced=False)  # no solve reads a firing
    solved: dict[tuple[str, ...], object] = {}  # a set met twice (another theory's axiom ignored) is solved once
    bases: dict[tuple[str, ...], tuple] = {}
    judged = _Judged(findings, values)
    for dropped in drop_sets:
        if dropped in solved:
            continue
        out = grounding.solve(tuple(dropped), fired=False)
        if out is not None and shared is not None:
            bases[dropped] = shared[_auxiliaries_of(dropped, theory_axioms)] or ((), ())
        elif out is not None:
            alone = grounding.solve(tuple(dict.fromkeys([*dropped, *theory_axioms])), fired=False)
            bases[dropped] = (alone.predictions, alone.relations)
        solved[dropped] = None if out is None else judged(*out.beyond(bases[dropped]))
    by_version = {v: _Judged(findings, values) for v in grounding.versions}
    versions = {}
    for dropped in dict.fromkeys(version_sets):
        versions[dropped] = {}
        for version, judge_version in by_version.items():
            alone = grounding.solve(tuple(dropped), fired=False, version=version) if dropped in bases else None
            versions[dropped][version] = None if alone is None else judge_version(*alone.beyond(bases[dropped]))
    return [solved[dropped] for dropped in drop_sets], versions


class _Judged:
    """The verdicts of one theory under setting after setting, each judged against the first: a finding none of
    whose keys gained or lost a prediction or relation keeps the first setting's verdict (at 10,000 findings,
    judging every named finding anew was three quarters of a sweep)."""

    def __init__(self, findings, values):
        self.findings, self.values = findings, values
        self.by_id = {f.id: f for f in findings}
        self.index = keys_index(findings)
        self.first: tuple | None = None  # (predictions, relations, verdicts) of the first setting

    def __call__(self, predictions: set, relations: set) -> Verdicts:
        if self.first is None:
            named = {k for k, _ in predictions} | {k for r in relations for k in r[:2]}
            verdicts = _judged(self._of(named), self.values, predictions, relations)
            self.first = (predictions, relations, verdicts)
            return verdicts
        first_predictions, first_relations, first = self.first
        changed = {k for k, _ in predictions ^ first_predictions} | {k for r in relations ^ first_relations
                                                                      for k in r[:2]}
        touched = self._of(changed)
        ids = {f.id for f in touched}
        out = {f: v for f, v in first.items() if f not in ids}
        out.update(_judged(touched, self.values, predictions, relations))
        return out

    def _of(self, keys: set) -> list:
        """The findings that observe any of `keys` (in no particular order: verdicts are keyed by finding)."""
        return [self.by_id[i] for i in {f for key in keys for f in self.index.get(key, ())}]


def _auxiliaries_of(dropped, theory_axioms) -> tuple[str, ...]:
    """The auxiliaries of a set of switches off (with every axiom off, which of the theory's are off is moot)."""
    return tuple(a for a in dropped if a not in theory_axioms)


def _background(files, facts, auxiliaries, drop_sets):
    """Runs in a worker process: the background's own consequences (predictions, relations) under each set of
    auxiliaries off, on one grounding of it with the asked keys; None where there is no answer set. With every
    axiom of a theory off, a theory's grounding derives exactly these (every rule of a theory is an axiom's)."""
    from .solver import Grounding

    grounding = Grounding(files, facts, auxiliaries, traced=False)
    out = {}
    for dropped in dict.fromkeys(drop_sets):
        alone = grounding.solve(dropped, fired=False)
        out[dropped] = None if alone is None else (alone.predictions, alone.relations)
    return out


def _judged(findings, values, predictions, relations) -> Verdicts:
    """The verdicts of `findings` that are not "silent" (the rest are): judged in the worker, where the cores are.
    The caller passes the findings a prediction or relation names (most findings of a large KB are silent)."""
    by_key = index_predictions([Prediction(k, v) for k, v in predictions])
    by_pair = index_relations([RelationPrediction(a, b, r) for a, b, r in relations])
    out = {}
    for f in findings:
        verdict = judge("", f, by_key, values, by_pair).verdict
        if verdict != "silent":
            out[f.id] = verdict
    return out


def background_job(kb: KB, theories: list[str], drop_sets, facts) -> Job:
    """The job that solves the background alone under every set of auxiliaries off that `sweep_jobs(kb, theories,
    drop_sets, ...)` meets: its output is their `shared`."""
    auxiliaries = kb.auxiliary_ids()
    sets = {tuple(a for a in dropped if a in auxiliaries)
            for name in theories for dropped in (drop_sets(name) if callable(drop_sets) else drop_sets)}
    files = kb.sources(theories[0])[:1] if theories else []
    return Job(f"{kb.background.path}: the background", _background, (files, facts, auxiliaries, sorted(sets)), files)


def sweep_jobs(kb: KB, theories: list[str], drop_sets, asked: list[str] | None = None,
               targets: dict | None = None, facts=None, shared=None, version_sets=None) -> list[Job]:
    """One worker job per theory: its verdicts with each of `drop_sets` switched off (ids it lacks are ignored).

    `drop_sets`: one list for every theory, or a function from a theory's name to its own list. `asked`:
    `kb.asked_keys()`, if the caller has it; `targets` is not needed (a sweep enumerates no conflict
    sets, so its groundings hold the asked keys alone: at 10,000 findings the clash targets were 0.4 s of each
    0.75 s grounding); `facts`: `sweep_facts(kb, asked)`, if the caller has it; `shared`: the output of
    `background_job`, run before these; `version_sets`: a function from a theory's name to the drop sets whose
    version verdicts its job also returns (none by default)."""
    from .solver.grounding import prepare

    facts = sweep_facts(kb, asked) if facts is None else facts
    jobs = []
    for name in theories:
        switches = kb.switches(name)
        own = drop_sets(name) if callable(drop_sets) else drop_sets
        sets = [tuple(a for a in dropped if a in switches) for dropped in own]
        files = kb.sources(name)
        prepare(files, traced=False)
        axioms = [a.id for a in kb.theory(name).axioms]
        wanted = [tuple(a for a in d if a in switches) for d in (version_sets(name) if version_sets else ())]
        jobs.append(Job(f"{kb.theory(name).path}: theory '{name}'", _sweep,
                        (files, facts, switches, sets, axioms, kb.findings, kb.vocabulary, shared, wanted), files))
    return jobs


def sweep_results(kb: KB, outputs: list) -> list[list[Verdicts | None]]:
    """The verdicts of each job's solves, every finding (None where a setting leaves no answer set)."""
    silent = dict.fromkeys((f.id for f in kb.findings), "silent")
    return [[None if out is None else {**silent, **out} for out in runs] for runs, _ in outputs]


def sweep(kb: KB, theories: list[str], drop_sets: list[tuple[str, ...]], timeout: float = DEFAULT_TIMEOUT
          ) -> dict[str, list[Verdicts | None]]:
    """theory -> its verdicts with each of `drop_sets` switched off, in order."""
    return dict(zip(theories, sweep_results(kb, run_sweep(kb, theories, drop_sets, timeout))))


def sweep_facts(kb: KB, asked: list[str] | None = None):
    """The generated facts of a sweep's groundings: the asked keys (`kb.asked_keys()`, unless given)."""
    from .solver import check_facts

    return check_facts(kb.asked_keys() if asked is None else asked)


def run_sweep(kb: KB, theories: list[str], drop_sets, timeout: float = DEFAULT_TIMEOUT, version_sets=None) -> list:
    """The outputs of `sweep_jobs`, the background solved first, once for every theory (in the same pool: the
    sweeps start as soon as it is done)."""
    if not theories:
        return []
    facts = sweep_facts(kb)
    jobs = [background_job(kb, theories, drop_sets, facts),
            *sweep_jobs(kb, theories, drop_sets, facts=facts, shared=After(0), version_sets=version_sets)]
    return run_bounded(jobs, timeout=timeout)[1:]
