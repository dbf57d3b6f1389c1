"""Check theories against findings: one grounding per theory, cautious consequences, verdicts."""

from __future__ import annotations

from .derivation import Derivations
from .errors import InputError
from .kb import KB
from .model import CheckResult, Diagnostic, Prediction, TheoryResult
from .sandbox import DEFAULT_TIMEOUT, Job, run_bounded
from .verdicts import incoherences, index_predictions, judge


def _solve(files, asked, axioms, dropped):
    """Runs in a worker process: ground once, solve cautiously, return plain data."""
    from .solver import Grounding

    grounding = Grounding(files, asked, axioms)
    return grounding.solve(tuple(dropped))


def check(kb: KB, theories: list[str] | None = None, drop: list[str] = (), timeout: float = DEFAULT_TIMEOUT) -> CheckResult:
    """Verdicts of the named theories (all by default) on every finding of the KB.

    `drop` switches axioms off by id, without editing any file.

    Example:
        result = check(load_kb("."), theories=["incentive_sensitization"], drop=["sensitization"])
    """
    names = list(theories) if theories else list(kb.theories)
    selected = [kb.theory(name) for name in names]
    _check_drops(selected, drop)
    asked = kb.asked_keys()
    jobs = []
    for theory in selected:
        axioms = [a.id for a in theory.axioms]
        dropped = [a for a in drop if a in axioms]
        files = [kb.background.source(False), kb.programs[theory.name].source(True)]
        jobs.append(Job(f"{theory.path}: theory '{theory.name}'", _solve, (files, asked, axioms, dropped)))
    outputs = run_bounded(jobs, timeout=timeout)
    results = []
    for theory, output in zip(selected, outputs):
        if output is None:
            raise InputError(Diagnostic("error", f"theory '{theory.name}' has no answer set: its constraints exclude "
                                        "every model", None))
        results.append(_result(kb, theory, tuple(a for a in drop if theory.axiom(a)), output))
    return CheckResult(tuple(kb.findings), tuple(results))


def _check_drops(selected, drop) -> None:
    known = {a.id for t in selected for a in t.axioms}
    unknown = [a for a in drop if a not in known]
    if unknown:
        listing = "; ".join(f"{t.name}: {', '.join(a.id for a in t.axioms)}" for t in selected)
        raise InputError(f"unknown axiom {', '.join(repr(a) for a in unknown)} (axioms: {listing})")


def _result(kb: KB, theory, dropped, output) -> TheoryResult:
    derivations = Derivations(output.fired, output.rules)
    axiom_ids = {a.id for a in theory.axioms}
    predictions = []
    for key, value in output.predictions:
        atom = f"predicts({key},{value})"
        used = derivations.groups(atom)
        predictions.append(Prediction(key, value, tuple(sorted(used & axiom_ids)), derivations.tree(atom)))
    by_key = index_predictions(predictions)
    incompatible = kb.vocabulary.incompatible
    verdicts = tuple(judge(theory.name, f, by_key, incompatible) for f in kb.findings)
    return TheoryResult(theory, dropped, verdicts, tuple(incoherences(by_key, incompatible)))
