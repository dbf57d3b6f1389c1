"""The solver package: the only code that imports clingo. No clingo.Symbol or AST escapes it; it returns plain data.

- `parsing`: read facts and terms, parse programs with real file:line:col locations, collect clingo's messages;
  `scanning`: the fast path for files of plain facts.
- `analysis`: what each rule mentions, for the isolation and unitary checks.
- `rewriting`: theory rules guarded by axiom switches, traced for derivations or scoped for repairs.
- `grounding`: one grounding per theory with axioms as externals, cautious solving, minimal conflict sets.
"""

from .analysis import RuleInfo, analyse_rules
from .grounding import FIRED, GUARD, MECHANISMS, Grounding, SolveOutput, SourceFile, Target
from .parsing import Fact, Term, model_atoms, parse_facts, parse_term, read_facts, to_diagnostic
from .scanning import scan_facts

__all__ = ["FIRED", "GUARD", "MECHANISMS", "Fact", "Grounding", "RuleInfo", "SolveOutput", "SourceFile",
           "Target", "Term", "analyse_rules", "model_atoms", "parse_facts", "parse_term", "read_facts", "scan_facts",
           "to_diagnostic"]
