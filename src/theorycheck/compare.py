"""Compare two theories, and design experiments that would separate them."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from .engine import check
from .errors import InputError
from .heap import steady
from .kb import KB
from .sandbox import DEFAULT_TIMEOUT, Job, run_bounded
from .solver import parse_term
from .verdicts import constructor


@dataclass(frozen=True)
class Comparison:
    """Where two theories disagree, and whether the predictions of one contain the other's."""

    first: str
    second: str
    disagreements: tuple[tuple[str, str, str], ...]  # (finding, verdict of first, verdict of second)
    conflicting_keys: tuple[tuple[str, str, str], ...]  # (key, value of first, value of second)
    first_subsumes_second: bool
    second_subsumes_first: bool
    shared: int


@dataclass(frozen=True)
class Experiment:
    """An observation key no finding covers, with what each theory predicts for it."""

    key: str
    predictions: tuple[tuple[str, str], ...]  # (theory, value)
    separated_pairs: int


def _two(kb: KB, first: str, second: str) -> None:
    """Two known, different theories (an unknown name lists the known ones)."""
    kb.theory(first), kb.theory(second)
    if first == second:
        raise InputError(f"name two different theories, not '{first}' twice")


@steady
def compare(kb: KB, first: str, second: str, timeout: float = DEFAULT_TIMEOUT) -> Comparison:
    """Findings on which the two theories' verdicts differ, and how their predictions relate.

    Example:
        compare(load_kb("."), "psychomotor_stimulant", "drug_class_specific")
    """
    _two(kb, first, second)
    result = check(kb, theories=[first, second], timeout=timeout)
    verdicts = [{v.finding: v.verdict for v in result.verdicts(theory=t)} for t in (first, second)]
    disagreements = tuple((f.id, verdicts[0][f.id], verdicts[1][f.id]) for f in kb.findings
                          if verdicts[0][f.id] != verdicts[1][f.id])
    predicted = [{(p.key, p.value) for v in result.verdicts(theory=t) for o in v.observations for p in o.predictions}
                 for t in (first, second)]
    one, two = ({k: v for k, v in p} for p in predicted)
    conflicting = tuple(sorted((k, one[k], two[k]) for k in one.keys() & two.keys() if one[k] != two[k]))
    return Comparison(first, second, disagreements, conflicting, predicted[1] <= predicted[0],
                      predicted[0] <= predicted[1], len(predicted[0] & predicted[1]))


def _predict(files, keys, axioms):
    """Runs in a worker process: the cautious predictions of one theory for the given keys."""
    from .solver import Grounding, check_facts

    output = Grounding(files, check_facts(keys), axioms, traced=False).solve((), fired=False)
    return [] if output is None else output.predictions


def candidate_keys(kb: KB) -> list[str]:
    """Keys no finding observes: every finding's key with each drug argument replaced by each other drug."""
    asked = set(kb.asked_keys())
    drugs = sorted(kb.vocabulary.drugs)
    found = set()
    for key in asked:
        term = parse_term(key)
        positions = [i for i, t in kb.vocabulary.key_args.get(term.name, {}).items() if t == "drug"]
        args = [a.text for a in term.args]
        for position in positions:
            for drug in drugs:
                new = args[:position - 1] + [drug] + args[position:]
                if len(set(new[p - 1] for p in positions)) == len(positions):
                    found.add(f"{term.name}({','.join(new)})")
    return sorted(found - asked)


@steady
def design(kb: KB, first: str, second: str, timeout: float = DEFAULT_TIMEOUT, limit: int = 20) -> list[Experiment]:
    """Candidate experiments on which `first` and `second` predict incompatible values, ranked by how many
    pairs of theories (of all in the KB) they separate.

    Example:
        design(load_kb("."), "psychomotor_stimulant", "drug_class_specific")
    """
    _two(kb, first, second)
    keys = candidate_keys(kb)
    names = list(kb.theories)
    jobs = [Job(f"{kb.theory(n).path}: theory '{n}'", _predict,
                (kb.sources(n), keys, kb.switches(n)), kb.sources(n))
            for n in names]
    predictions = {}
    for name, pairs in zip(names, run_bounded(jobs, timeout=timeout)):
        for key, value in pairs:
            predictions.setdefault(key, {}).setdefault(name, set()).add(value)
    experiments = []
    for key, by_theory in predictions.items():
        single = {t: next(iter(v)) for t, v in by_theory.items() if len(v) == 1}
        if first not in single or second not in single or single[first] == single[second]:
            continue
        separated = sum(1 for a, b in combinations(sorted(single), 2)
                        if kb.vocabulary.incompatible(constructor(key), single[a], single[b]))
        experiments.append(Experiment(key, tuple(sorted(single.items())), separated))
    experiments.sort(key=lambda e: (-e.separated_pairs, e.key))
    return experiments[:limit]
