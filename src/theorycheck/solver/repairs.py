"""Repairs by ASP optimisation: which axioms to drop, or to restrict to one drug class, so nothing is contradicted."""

from __future__ import annotations

from dataclasses import dataclass

import clingo
from clingo import ast

from .encodings import encoding, facts_of
from .facts import Facts
from .facts import Target
from .grounding import SourceFile, version_program
from .parsing import _ground, _Log, _location, _parse
from .rewriting import _SHOW, GUARD, _ScopedRewriter

SCOPE = "_tc_scope"


@dataclass
class RepairModel:
    """One repair: the axioms (or, in the auxiliary search, auxiliaries) switched off, the axioms restricted
    (axiom, class), and the findings then explained."""

    dropped: tuple[str, ...]
    restricted: tuple[tuple[str, str], ...]
    explained: tuple[str, ...]


def _mentions(key_shapes: dict[str, tuple[int, list[int]]]) -> list[str]:
    """Rules `_tc_mentions(K, D)`: asked key K names drug D, one per key constructor and drug position of key_arg/3
    (a drug mentions itself: encodings/repair.lp). ASP cannot take the Nth argument of any term, so they are made
    here from the data."""
    lines = []
    for name, (arity, positions) in sorted(key_shapes.items()):
        args = [f"X{i}" for i in range(1, arity + 1)]
        key = f"{name}({', '.join(args)})"
        lines += [f"_tc_mentions({key}, X{p}) :- asked({key})." for p in positions]
    return lines


MODES = ("cardinality", "subset", "restrict", "auxiliary")  # the searches; "background" is the first solve


def repair_facts(asked: list[str], targets: Target, observed: dict[str, list[tuple[str, str]]],
                 relations: list[tuple[str, str, str, str]] = (), satisfied: list[tuple[str, str, str, str]] = ()
                 ) -> Facts:
    """The generated facts of a repair program: `asked(K)`; `_tc_finding(F)`; `_tc_clashes(K, V)` for each value V
    that would contradict an observation of key K; `_tc_rclashes(K1, K2, R)` for each relation R two observed
    values of one finding violate; `_tc_observed(F, K, V)` for each observation of finding F and each value V whose
    prediction predicts it; `_tc_rsatisfies(F, K1, K2, R)` for each relation R two of its observations satisfy."""
    clashes = sorted({(key, value) for observations in targets.values() for key, values in observations
                      for value in values})
    return Facts({"asked": [(key,) for key in asked], "_tc_finding": [(f,) for f in sorted(targets)],
                  "_tc_clashes": clashes, "_tc_rclashes": sorted({(a, b, r) for _, a, b, r in relations}),
                  "_tc_observed": [(f, k, v) for f, observations in observed.items() for k, v in observations],
                  "_tc_rsatisfies": sorted(satisfied)})


def repair_program(axioms: list[str], classes: list[str], key_shapes: dict[str, tuple[int, list[int]]],
                   auxiliaries: list[str] = ()) -> str:
    """The engine's part of a repair program (encodings/repair.lp) with the theory's axioms, the classes an axiom
    may be restricted to, and the `_tc_mentions` rules of the key constructors; the generated facts' rules
    (`Facts.rules`) and the theory's own files come on top."""
    return (encoding("repair") + facts_of("_tc_axiom", axioms) + facts_of("_tc_class", classes)
            + facts_of("_tc_aux", list(auxiliaries)) + "\n".join(_mentions(key_shapes)) + "\n")


class RepairGrounding:
    """Background and theory with every axiom a choice; no finding may clash. One grounding, three searches:

    mode "subset" or "cardinality": the choices switch axioms on or off, and the enumeration yields the
    subset-maximal (domRec) or cardinality-maximal (optN) sets of axioms kept, i.e. the minimal drop repairs.
    mode "restrict": every axiom stays on and may be restricted to one drug class: its rules then fire only when
    the drugs that the first argument of their head names (a drug, or the drugs of an observation key) are all of
    that class; optN yields the restrictions with the fewest restricted axioms and, of those, the ones that keep
    the most findings explained (a lower priority; encodings/repair.lp says why).
    mode "auxiliary": every axiom stays on and the background's auxiliaries are switched instead; optN yields the
    fewest auxiliaries to drop.
    """

    def __init__(self, files: list[SourceFile], facts: Facts, axioms: list[str], classes: list[str] = (),
                 key_shapes: dict[str, tuple[int, list[int]]] | None = None, auxiliaries: list[str] = ()):
        self.log = _Log()
        self.ctl = clingo.Control(["--heuristic=Domain", "--warn=none"], logger=self.log, message_limit=50)
        with ast.ProgramBuilder(self.ctl) as builder:
            for source in files:
                for stm in _parse(source.path, source.text, self.log):
                    if stm.ast_type in _SHOW:
                        continue  # the engine shows what it reads
                    group = source.group_of(_location(stm.location).line) if stm.ast_type == ast.ASTType.Rule else None
                    scoped = _ScopedRewriter(group, source.restrictable, group in source.members)
                    builder.add(scoped.rewrite(stm) if source.switchable and group else stm)
            for rule in facts.rules():
                builder.add(rule)
        self.ctl.add("base", [], repair_program(axioms, list(classes), key_shapes or {}, list(auxiliaries))
                     + version_program(files))
        _ground(self.ctl, self.log, facts.context())
        self.axioms = list(axioms)
        self.auxiliaries = list(auxiliaries)
        self._excuse_background()

    def _excuse_background(self) -> None:
        """Switch on `_tc_bg`/`_tc_rbg` for what the auxiliaries predict with every axiom off: not the theory's."""
        self._set_mode("background")
        self.ctl.configuration.solve.enum_mode = "cautious"
        self.ctl.configuration.solve.models = 0
        last: list = []
        self.ctl.solve(on_model=lambda m: last.__setitem__(slice(None), m.symbols(shown=True)))
        for sym in last:
            if sym.name in ("_tc_bg", "_tc_rbg"):
                self.ctl.assign_external(sym, True)

    def _set_mode(self, mode: str) -> None:
        for other in (*MODES, "background"):
            self.ctl.assign_external(clingo.Function("_tc_mode", [clingo.Function(other)]), other == mode)

    def enumerate(self, mode: str, timeout: float) -> tuple[list[RepairModel], bool]:
        """The minimal repairs of `mode`, and whether the search finished within `timeout` seconds."""
        self._set_mode(mode)
        self.mode = mode
        optimising = mode != "subset"
        config = self.ctl.configuration.solve
        config.models = 0
        config.enum_mode = "auto" if optimising else "domRec"
        config.opt_mode = "optN" if optimising else "ignore"
        found: list[tuple[RepairModel, bool]] = []

        def on_model(model: clingo.Model) -> None:
            found.append((self._read(model), model.optimality_proven))

        with self.ctl.solve(on_model=on_model, async_=True) as handle:
            if not handle.wait(timeout):
                handle.cancel()
            # Finished means the search space was exhausted, whatever the clock said when it ended.
            complete = handle.get().exhausted
        models = [m for m, proven in found if proven or not optimising]
        unique = {(m.dropped, m.restricted): m for m in models}
        return sorted(unique.values(), key=lambda m: (len(m.dropped) + len(m.restricted), m.dropped, m.restricted)), complete

    def _read(self, model: clingo.Model) -> RepairModel:
        on, scoped, explained = set(), [], []
        for sym in model.symbols(shown=True):
            args = sym.arguments
            if sym.name == GUARD and len(args) == 1:
                on.add(str(args[0]))
            elif sym.name == SCOPE and len(args) == 2:
                scoped.append((str(args[0]), str(args[1])))
            elif sym.name == "_tc_explained" and len(args) == 1:
                explained.append(str(args[0]))
        switched = self.auxiliaries if self.mode == "auxiliary" else self.axioms
        dropped = tuple(sorted(a for a in switched if a not in on))
        return RepairModel(dropped, tuple(sorted(scoped)), tuple(sorted(explained)))
