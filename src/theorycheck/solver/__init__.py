"""The solver package: the only code that imports clingo. No clingo.Symbol or AST escapes it; it returns plain data
(a `Facts` holds symbols, but callers only build it from text and hand it back).

- `parsing`: read facts and terms, parse programs with real file:line:col locations, collect clingo's messages;
  `scanning`: the fast path for files of plain facts.
- `analysis`: what each rule mentions, for the isolation and unitary checks; `termination`: the rules that may
  build ever new terms, blamed when a grounding runs out of time or memory.
- `rewriting`: theory rules guarded by axiom switches, traced for derivations or scoped for repairs;
  `rewriting_text`: a check's rewriting kept across runs as clingo text (the analysis cache).
- `facts`: the facts the engine generates (asked keys, clash targets), handed to clingo as symbols.
- `grounding`: one grounding per theory with axioms as externals, cautious solving, minimal conflict sets;
  `batches`: the pieces of their enumeration in batches of findings; `cone`: the part of a ground program some atoms
  depend on, on which a batch is solved; `relaxed`: what any theory could ever predict (an over-approximation, for
  lint).
"""

from .analysis import ArgTerm, AtomUse, RuleInfo, analyse_rules
from .facts import Facts, Target, check_facts, clash_facts
from .grounding import FIRED, GUARD, Grounding, SourceFile
from .output import SolveOutput
from .parsing import Fact, Term, model_atoms, parse_facts, parse_term, read_facts, to_diagnostic
from .relaxed import reachable_keys
from .scanning import scan_facts
from .termination import growing_rules

__all__ = ["FIRED", "GUARD", "ArgTerm", "AtomUse", "Fact", "Facts", "Grounding", "RuleInfo",
           "SolveOutput", "SourceFile", "Target", "Term", "analyse_rules", "check_facts", "clash_facts", "growing_rules",
           "model_atoms",
           "parse_facts", "parse_term", "reachable_keys", "read_facts", "scan_facts",
           "to_diagnostic"]
