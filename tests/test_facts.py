"""Generated facts handed to clingo as symbols (solver/facts.py) ground to exactly the facts of their text."""

from __future__ import annotations

import clingo
from clingo import ast
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from theorycheck.engine import clash_targets
from theorycheck.solver import Facts, check_facts
from theorycheck.solver.facts import NO_CALLS, ROWS, CallRefused
from theorycheck.solver import clash_facts
from theorycheck.solver.repairs import repair_facts

constants = st.from_regex(r"[a-z][a-zA-Z0-9_]{0,6}", fullmatch=True)
numbers = st.integers(-50, 50).map(str)
strings = st.text(st.characters(min_codepoint=32, max_codepoint=126, exclude_characters="\"\\\\"), max_size=5).map(
    lambda s: f"\"{s}\"")
terms = st.recursive(constants | numbers | strings,
                     lambda inner: st.builds(lambda f, args: f"{f}({','.join(args)})", constants,
                                             st.lists(inner, min_size=1, max_size=3)), max_leaves=6)
relations = st.dictionaries(st.sampled_from(["asked", "_tc_rel", "obs"]),
                            st.integers(1, 3).flatmap(lambda n: st.lists(st.tuples(*[terms] * n), max_size=8)))


def facts_of(program, context=None) -> set[str]:
    """The facts a program grounds to: text, or a list of ASTs (as `Facts.rules()` gives)."""
    ctl = clingo.Control(["--warn=none"])
    if isinstance(program, str):
        ctl.add("base", [], program)
    else:
        with ast.ProgramBuilder(ctl) as builder:
            for rule in program:
                builder.add(rule)
    ctl.ground([("base", [])], context=context)
    return {str(atom.symbol) for atom in ctl.symbolic_atoms if atom.is_fact}


@settings(max_examples=100, deadline=None)
@given(relations)
def test_symbols_ground_to_the_facts_of_the_text(rows):
    facts = Facts(rows)
    assert facts_of(facts.rules(), facts.context()) == facts_of(facts.text())


def test_the_knowledge_base_s_facts_agree_either_way(repo_kb):
    asked, targets = repo_kb.asked_keys(), clash_targets(repo_kb)
    observed = {f.id: [(o.key, o.value) for o in f.observations] for f in repo_kb.findings}
    live = sorted({(key, value) for observations in targets.values() for key, values in observations for value in values})
    for facts in (check_facts(asked), clash_facts(targets, [], live, []), repair_facts(asked, targets, observed)):
        grounded = facts_of(facts.rules(), facts.context())
        assert grounded == facts_of(facts.text())
        assert len(grounded) == len({line for line in facts.text().splitlines()})  # nothing lost or merged


def test_a_relation_has_one_arity():
    with pytest.raises(ValueError, match="arities"):
        Facts({"r": [("a",), ("b", "c")]})


# Every name a program could try to call the engine's context by: its old helper, Python's own attributes, the
# one real function spelt as an identifier could spell it.
SPELLINGS = ["_tc_rows", "tc_rows", "tcrows", "rows", "__init__", "__getattribute__", "__class__", "__reduce__",
             "_symbols", "__dict__", "__slots__", "context", "main", "system"]


@pytest.mark.parametrize("name", SPELLINGS)
def test_no_program_text_reaches_the_generated_facts(name):
    """Bypassing the `@` check of KB files, a program still cannot read the clash targets: the context answers one
    name, which has a space, and refuses every other."""
    facts = clash_facts({"f1": [("k", ["v"])]}, [], [("k", "v")], [])
    program = f'leak(V) :- V = @{name}("_tc_clashes").\nleak(V) :- (_, _, V) = @{name}("_tc_clashes").'
    for context in (facts.context(), NO_CALLS):
        with pytest.raises(CallRefused):
            facts_of(program, context)
    with pytest.raises(RuntimeError):
        clingo.parse_term(f'@{ROWS}("_tc_clashes")')  # no text spells the real name
