"""No auxiliary may turn a theory's silence into a prediction: background rules never read what theories do not claim."""

from __future__ import annotations

from .model import Diagnostic
from .theories import ProgramFile
from .vocabulary import Vocabulary

# What theories derive besides the mechanism predicates of background.lp (mechanism_arg/3).
OUTPUTS = (("predicts", 2), ("predicts_relation", 3))


def theory_dependent(background: ProgramFile, vocab: Vocabulary) -> set[tuple[str, int]]:
    """The predicates whose atoms can depend on what a theory claims: the mechanism predicates and the outputs, and
    every background predicate a rule derives from one of them (transitively)."""
    found = set(vocab.mechanisms()) | set(OUTPUTS)
    changed = True
    while changed:
        changed = False
        for rule in background.rules:
            if set(rule.body_predicates) & found:
                for head in rule.head_predicates:
                    if head not in found:
                        found.add(head)
                        changed = True
    return found


def silence_problems(background: ProgramFile, vocab: Vocabulary) -> list[Diagnostic]:
    """An error at each background rule that reads the absence of something a theory may claim.

    Under negation as failure, `not depends_on(...)` (or an aggregate, or the condition of a conditional literal,
    over it) is true exactly when the theory says nothing: the rule would make a prediction from the theory's
    silence, which no theory's author would accept (a theory with no axioms would contradict findings).
    """
    dependent = theory_dependent(background, vocab)
    problems = []
    for rule in background.rules:
        read = sorted(set(rule.nonmonotone_predicates) & dependent)
        if read:
            names = ", ".join(f"{name}/{arity}" for name, arity in read)
            problems.append(Diagnostic(
                "error", f"this rule reads the absence of {names}, which depends on what theories claim: a theory's "
                "silence would become a prediction; state the auxiliary positively (what must hold, not what must "
                "be missing)", rule.location))
    return problems
