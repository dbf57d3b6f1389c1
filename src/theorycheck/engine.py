"""Check theories against findings: one grounding per theory, cautious consequences, verdicts, conflict sets."""

from __future__ import annotations

import os

from .derivation import Derivations
from .errors import InputError
from .heap import steady
from .kb import KB
from .model import Diagnostic, Location
from .results import CheckResult, ConflictSet, FindingConflicts, Prediction, RelationPrediction, TheoryResult
from .sandbox import DEFAULT_TIMEOUT, Job, run_bounded
from .verdicts import (RELATIONS, constructor, incoherences, index_predictions, index_relations, judge, judge_all,
                       relation_holds)

DEFAULT_EXPLAIN_TIMEOUT = 20.0


def _solve(files, facts, switches, dropped, targets, explain_timeout, trees=True, theory_axioms=(),
           relations=(), part=None):
    """Runs in a worker process: ground once, solve cautiously, and (if asked) enumerate minimal conflict sets,
    each with its clash (and, with `trees`, the clash's derivation).

    Also solves with every axiom of the theory off (`theory_axioms`): what the auxiliaries predict alone is the
    background's, never the theory's. `relations`: (finding, key, other key, relation they violate).

    `part` splits the work between two workers (see `check`): "verdicts" is the cautious solve with its rule
    firings alone; "rest" is everything else, on a grounding without tracing (nothing it solves reads a firing when
    `trees` is false). `_merged` puts the two back together."""
    from .solver import clash_facts
    from .solver.grounding import BATCH_SIZE, Grounding

    traced = part != "rest"
    # A grounding that may enumerate the conflict sets of more than one batch of findings keeps its ground
    # program, to solve each batch on the part its clashes depend on (Grounding's `cones`): for one batch the
    # whole program is solved once either way, and keeping it costs a Python call per ground statement.
    cones = part != "verdicts" and explain_timeout is not None and len(targets) > BATCH_SIZE
    grounding = Grounding(files, facts, switches, traced=traced, cones=cones)
    out = grounding.solve(tuple(dropped), fired=traced)
    if out is None or part == "verdicts":
        return out
    base = grounding.solve(tuple(dict.fromkeys([*dropped, *theory_axioms])), fired=False)
    out.background = (base.predictions, base.relations) if base is not None else ([], [])
    for version in grounding.versions:  # each version's own consequences, beside the theory's (every version's)
        alone = grounding.solve(tuple(dropped), fired=False, version=version)
        out.versions[version] = (alone.predictions, alone.relations) if alone is not None else None
    if explain_timeout is None:
        return out
    cells, live, live_relations = _clashing(out, targets, relations)
    grounding.add_clashes(clash_facts(targets, relations, live, live_relations))
    # All cells in one enumeration, with the time the cells would have had one by one.
    batch, complete = grounding.all_minimal_conflicts(cells, explain_timeout * max(1, len(cells)), tuple(dropped))
    alone: dict[tuple[str, ...], object] = {}  # switch set -> the solve with only it on; cells share most sets
    for finding in sorted(cells):
        sets = [s for s in batch[finding] if set(s) & set(theory_axioms)]  # a set of auxiliaries alone: background
        for switch_set in sets:
            if switch_set not in alone:
                alone[switch_set] = grounding.solve(tuple(a for a in switches if a not in switch_set), fired=trees)
        out.conflicts[finding] = ([(switch_set, alone[switch_set]) for switch_set in sets], complete)
    return out


def _merged(verdicts, rest):
    """The output of one whole `_solve` from its two parts: the firings of the first, everything else of the second
    (the cautious predictions are the same in both groundings)."""
    if verdicts is None or rest is None:
        return None
    verdicts.background, verdicts.versions, verdicts.conflicts = rest.background, rest.versions, rest.conflicts
    return verdicts


def _clashing(out, targets, relations) -> tuple[set[str], list, list]:
    """The findings a solve's own predictions (those the background does not make alone) clash with, and the
    clashing predictions and violated relations themselves."""
    predicted, related = out.beyond(out.background)
    live = sorted({(key, value) for observations in targets.values() for key, values in observations
                   for value in values if (key, value) in predicted})
    live_relations = sorted({(a, b, r) for _, a, b, r in relations if (a, b, r) in related})
    cells = {finding for finding, observations in targets.items()
             if any((key, value) in predicted for key, values in observations for value in values)}
    cells |= {finding for finding, a, b, relation in relations if (a, b, relation) in related}
    return cells, live, live_relations


def clash_targets(kb: KB) -> dict[str, list[tuple[str, list[str]]]]:
    """For each finding, each observed key with the values that would contradict the observation."""
    vocab = kb.vocabulary
    clashing: dict[tuple[str, str], list[str]] = {}  # (constructor, observed value) -> the values that clash

    def values(key: str, value: str) -> list[str]:
        kind = constructor(key)
        if (kind, value) not in clashing:
            clashing[kind, value] = sorted(v for v in vocab.values.get(kind, set()) if vocab.incompatible(kind, value, v))
        return clashing[kind, value]

    return {f.id: [(o.key, values(o.key, o.value)) for o in f.observations] for f in kb.findings}


def relation_targets(kb: KB, holds: bool = False) -> list[tuple[str, str, str, str]]:
    """For each finding, each ordered pair of its observed keys with each relation their values violate (or, with
    `holds`, satisfy)."""
    signs = kb.vocabulary.signs
    return [(f.id, a.key, b.key, relation) for f in kb.findings for a in f.observations for b in f.observations
            if a.key != b.key for relation in RELATIONS if relation_holds(relation, a.value, b.value, signs) is holds]


@steady
def check(kb: KB, theories: list[str] | None = None, drop: list[str] = (), timeout: float = DEFAULT_TIMEOUT,
          explain: bool = False, explain_timeout: float = DEFAULT_EXPLAIN_TIMEOUT, trees: bool = True) -> CheckResult:
    """Verdicts of the named theories (all by default) on every finding of the KB.

    `drop` switches axioms or auxiliaries off by id, without editing any file. With `explain`, every contradicted
    finding also gets all its subset-minimal conflict sets (over axioms and auxiliaries), each with the derivation
    of the clash from those members alone (unless `trees` is false).

    Example:
        result = check(load_kb("."), theories=["incentive_sensitization"], drop=["sensitization"])
    """
    # A core left idle by fewer theories than cores takes half of each theory's work (`_solve`'s parts): the
    # grounding with tracing and the solve whose firings the verdicts read, beside a grounding without tracing for
    # the rest (conflict sets, versions, the background alone). Only where no derivation tree is shown: a tree of a
    # conflict set's clash needs the firings of that solve too.
    split = explain and not trees and len(_selected(kb, theories)) < (os.cpu_count() or 1)
    jobs = check_jobs(kb, theories, drop, explain, explain_timeout, trees, split=split)
    outputs = run_bounded(jobs, timeout=timeout)
    if split:
        outputs = [_merged(*pair) for pair in zip(outputs[::2], outputs[1::2])]
    return check_results(kb, theories, drop, outputs)


def asked_and_targets(kb: KB, asked: list[str] | None = None, targets: dict | None = None) -> tuple[list, dict]:
    """`kb.asked_keys()` and `clash_targets(kb)`, each unless the caller has it already (see bundle.py)."""
    return (kb.asked_keys() if asked is None else asked), (clash_targets(kb) if targets is None else targets)


def check_jobs(kb: KB, theories: list[str] | None = None, drop: list[str] = (), explain: bool = False,
               explain_timeout: float = DEFAULT_EXPLAIN_TIMEOUT, trees: bool = True,
               asked: list[str] | None = None, targets: dict | None = None, relations: list | None = None,
               facts=None, split: bool = False) -> list[Job]:
    """The worker jobs of `check`, one per theory, for a caller that runs them with others (see bundle.py).

    `trees=False` leaves out the derivations of the conflict sets' clashes, for reports that do not show them.
    `asked`, `targets`, `relations` and `facts`, if the caller has them: `kb.asked_keys()`, `clash_targets(kb)`,
    `relation_targets(kb)` and the `check_facts` of the asked keys (see bundle.py). The clash targets serve the
    conflict-set enumeration only (with `explain`): each worker grounds those of the clashes its theory derives.
    With `split`, two jobs per theory, its two parts (see `check`).
    """
    from .solver import check_facts
    from .solver.grounding import prepare

    selected = _selected(kb, theories)
    _check_drops(kb, selected, drop)
    if explain:
        asked, targets = asked_and_targets(kb, asked, targets)
        relations = relation_targets(kb) if relations is None else relations
    else:  # verdicts alone enumerate no conflict sets: no clash targets to derive
        asked, targets, relations = (kb.asked_keys() if asked is None else asked), {}, []
    facts = check_facts(asked) if facts is None else facts  # once: the forked workers inherit it
    jobs = []
    for theory in selected:
        switches = kb.switches(theory.name)
        dropped = [a for a in drop if a in switches]
        files = kb.sources(theory.name)
        prepare(files)  # rewritten here, once for every theory's background: the forked workers inherit it
        args = (files, facts, switches, dropped, targets, explain_timeout if explain else None, trees,
                [a.id for a in theory.axioms], relations)
        label = f"{theory.path}: theory '{theory.name}'"
        if split:  # the untraced rewriting is left to its worker, which ends well before the traced one
            jobs += [Job(label, _solve, (*args, part), files) for part in ("verdicts", "rest")]
        else:
            jobs.append(Job(label, _solve, args, files))
    return jobs


def check_results(kb: KB, theories: list[str] | None, drop: list[str], outputs: list) -> CheckResult:
    """The CheckResult from the outputs of `check_jobs(kb, theories, drop, ...)`, in the same order."""
    selected = _selected(kb, theories)
    results = []
    blank: dict = {}  # what every theory shares in judging the findings (verdicts.judge_all)
    for theory, output in zip(selected, outputs):
        if output is None:
            raise InputError(no_answer_set(kb, theory.name))
        switches = set(kb.switches(theory.name))
        results.append(_result(kb, theory, tuple(a for a in drop if a in switches), output, blank))
    background = ()
    if outputs:  # the background's own verdicts: the same in every theory's grounding, read from the first
        by_key, by_pair = _indexed_bare(*outputs[0].background)
        background = judge_all("(auxiliaries alone)", kb.findings, by_key, kb.vocabulary, by_pair, blank)
    return CheckResult(tuple(kb.findings), tuple(results), background)


def no_answer_set(kb: KB, theory: str) -> list[Diagnostic]:
    """Why a theory cannot be checked when background and theory together have no answer set: at each of the
    theory's integrity constraints (one of them, with what the theory derives, excludes every model), or at the
    theory's file when it has none (then a constraint of the background does)."""
    program = kb.programs[theory]
    message = f"theory '{theory}' has no answer set, so nothing can be checked against it"
    constraints = [r for r in program.rules if r.text.startswith("#false :-")]  # clingo renders `:- B.` so
    if not constraints:
        return [Diagnostic("error", f"{message}: what it derives violates a constraint of "
                           f"{kb.background.path.name}", Location(str(program.path), 1, 1))]
    return [Diagnostic("error", f"{message}: this constraint, with what the theory derives, may exclude every "
                       f"model: {r.text.removeprefix('#false ')}", r.location) for r in constraints]


def _selected(kb: KB, theories: list[str] | None) -> list:
    """The named theories (all by default); an unknown name is an InputError listing the known ones."""
    return [kb.theory(name) for name in (list(theories) if theories else list(kb.theories))]


def _check_drops(kb: KB, selected, drop) -> None:
    known = {a.id for t in selected for a in t.axioms} | set(kb.auxiliary_ids())
    unknown = [a for a in drop if a not in known]
    if unknown:
        listing = "; ".join(f"{t.name}: {', '.join(a.id for a in t.axioms)}" for t in selected)
        raise InputError(f"unknown axiom or auxiliary {', '.join(repr(a) for a in unknown)} (axioms: {listing}; "
                         f"auxiliaries of {kb.background.path.name}: {', '.join(kb.auxiliary_ids()) or 'none'})")


def predictions_of(output, axiom_ids: set[str], auxiliary_ids: set[str] = frozenset()
                   ) -> tuple[list[Prediction], list[RelationPrediction]]:
    """The predictions and predicted relations of one solve, each with its derivation tree and the axioms and
    auxiliaries that tree uses."""
    derivations = Derivations(output.fired, output.rules)

    def used(atom: str) -> tuple[tuple[str, ...], object, tuple[str, ...]]:
        groups = derivations.groups(atom)
        return tuple(sorted(groups & axiom_ids)), derivations.tree(atom), tuple(sorted(groups & auxiliary_ids))

    predictions = [Prediction(key, value, *used(f"predicts({key},{value})")) for key, value in output.predictions]
    relations = [RelationPrediction(a, b, r, *used(f"predicts_relation({a},{b},{r})"))
                 for a, b, r in output.relations]
    return predictions, relations


def _indexed(output, axiom_ids, auxiliary_ids):
    """The theory's own predictions and relations, indexed: those the auxiliaries make alone are left out."""
    predictions, relations = predictions_of(output, axiom_ids, auxiliary_ids)
    base, base_relations = output.background
    base, base_relations = set(base), set(base_relations)
    return (index_predictions([p for p in predictions if (p.key, p.value) not in base]),
            index_relations([r for r in relations if (r.first, r.second, r.relation) not in base_relations]))


def _indexed_bare(predictions, relations):
    return (index_predictions([Prediction(k, v) for k, v in predictions]),
            index_relations([RelationPrediction(a, b, r) for a, b, r in relations]))


def _result(kb: KB, theory, dropped, output, blank: dict | None = None) -> TheoryResult:
    axiom_ids = {a.id for a in theory.axioms}
    auxiliary_ids = set(kb.auxiliary_ids())
    by_key, by_pair = _indexed(output, axiom_ids, auxiliary_ids)
    values = kb.vocabulary
    verdicts = judge_all(theory.name, kb.findings, by_key, values, by_pair, blank)
    conflicts = []
    indexed: dict[int, dict] = {}  # id of a shared sub-solve -> its predictions by key, computed once
    by_id = {f.id: f for f in kb.findings} if output.conflicts else {}  # verdicts alone have no conflicts
    for finding_id, (details, complete) in sorted(output.conflicts.items()):
        finding = by_id[finding_id]
        sets = []
        for axiom_set, sub in details:
            if id(sub) not in indexed:
                indexed[id(sub)] = _indexed(sub, axiom_ids, auxiliary_ids)
            sub_keys, sub_pairs = indexed[id(sub)]
            parts = [part for part in judge(theory.name, finding, sub_keys, values, sub_pairs).observations
                     if part.status == "clash"]
            clashes = [p for part in parts for p in part.predictions]
            relations = list(dict.fromkeys(r for part in parts for r in part.relations))
            sets.append(ConflictSet(tuple(a for a in axiom_set if a in axiom_ids), tuple(clashes),
                                    tuple(a for a in axiom_set if a in auxiliary_ids), tuple(relations)))
        conflicts.append(FindingConflicts(finding_id, tuple(sets), complete))
    return TheoryResult(theory, dropped, verdicts, tuple(incoherences(by_key, values, by_pair)), tuple(conflicts),
                        tuple(output.mechanisms), _version_verdicts(kb, theory, output))


def _version_verdicts(kb: KB, theory, output) -> tuple:
    """Each version's verdicts on every finding, from its own consequences (those the background makes alone left
    out, as for the theory); a version with no answer set judges nothing."""
    base, base_relations = set(output.background[0]), set(output.background[1])
    out = []
    for version in (v.id for v in theory.versions):  # in the order the theory declares them
        consequences = output.versions.get(version)
        if consequences is None:
            continue
        predictions, relations = consequences
        by_key, by_pair = _indexed_bare([p for p in predictions if tuple(p) not in base],
                                        [r for r in relations if tuple(r) not in base_relations])
        out.append((version, judge_all(theory.name, kb.findings, by_key, kb.vocabulary, by_pair)))
    return tuple(out)
