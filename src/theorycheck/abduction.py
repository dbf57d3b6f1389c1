"""Why-not by abduction: each candidate premise is switched on alone in the theory's grounding, and kept only if the
unpredicted observation then is predicted (one grounding per theory, however many findings are explained)."""

from __future__ import annotations

from .engine import _indexed
from .kb import KB
from .results import CheckResult
from .sandbox import DEFAULT_TIMEOUT, Job, run_bounded
from .verdicts import judge
from .whynot import Mechanisms, WhyNot, candidates, explain, unpredicted


def _verify(files, facts, switches, dropped, axiom_ids, auxiliary_ids, values, tasks):
    """Runs in a worker process: for each (finding, observation, candidates), the candidates that make the
    observation predicted when switched on alone, each with the auxiliaries its derivation uses."""
    from .solver import Grounding

    premises = list(dict.fromkeys(atom for _, _, atoms in tasks for atom in atoms))
    index = {atom: i for i, atom in enumerate(premises)}
    grounding = Grounding(files, facts, switches, premises)
    base = grounding.solve(tuple(dict.fromkeys([*dropped, *axiom_ids])), fired=False)
    background = (base.predictions, base.relations) if base is not None else ([], [])
    indexed: dict[tuple[int, bool], tuple | None] = {}

    def status(i: int, obs, finding, traced: bool):
        """The observation's part of the verdict with premise i on; derivations (for the auxiliaries used) only when
        `traced`: reading the rule firings is most of a solve, and most candidates predict nothing."""
        if (i, traced) not in indexed:
            out = grounding.solve(tuple(dropped), fired=traced, premise=i)
            if out is not None:
                out.background = background
            indexed[i, traced] = _indexed(out, set(axiom_ids), set(auxiliary_ids)) if out is not None else None
        if indexed[i, traced] is None:
            return None
        by_key, by_pair = indexed[i, traced]
        return next(p for p in judge("", finding, by_key, values, by_pair).observations if p.observation == obs)

    results = []
    for finding, obs, atoms in tasks:
        verified = []
        for atom in atoms:
            part = status(index[atom], obs, finding, False)
            if part is not None and part.status == "predicted":
                part = status(index[atom], obs, finding, True)
                used = {a for q in (*part.predictions, *part.relations) for a in q.auxiliaries}
                verified.append((atom, tuple(sorted(used))))
        results.append((verified, len(atoms)))
    return results


def why_not(kb: KB, result: CheckResult, theory: str, findings: list[str] | None = None, drop: list[str] = (),
            timeout: float = DEFAULT_TIMEOUT) -> dict[str, list[WhyNot]]:
    """finding id -> a WhyNot for each observation of it the theory does not predict (all findings by default)."""
    tr = result.theory(theory)
    verdicts = {v.finding: v for v in tr.verdicts}
    chosen = [f for f in kb.findings if findings is None or f.id in findings]
    mech = Mechanisms(tr.mechanisms)
    tasks = [(f, obs, candidates(obs, kb.vocabulary, mech)) for f, obs in unpredicted(chosen, verdicts)]
    if not tasks:
        return {f.id: [] for f in chosen}
    from .solver import check_facts

    facts = check_facts(kb.asked_keys())  # no conflict sets are enumerated: the asked keys alone
    switches = kb.switches(theory)
    files = kb.sources(theory)
    args = (files, facts, switches, [a for a in drop if a in switches], [a.id for a in tr.theory.axioms],
            kb.auxiliary_ids(), kb.vocabulary, tasks)
    (outcome,) = run_bounded([Job(f"{tr.theory.path}: theory '{theory}'", _verify, args, files)], timeout=timeout)
    out: dict[str, list[WhyNot]] = {f.id: [] for f in chosen}
    for (finding, obs, _), (verified, tried) in zip(tasks, outcome):
        out[finding.id].append(explain(obs, verified, tried))
    return out
