"""Lint warns, before any run, about observations no theory can ever predict and vocabulary no rule reads."""

from __future__ import annotations

from conftest import CITATION, MINI_BACKGROUND, finding_block, theory_text
from theorycheck import solver
from theorycheck.engine import check
from theorycheck.lint import lint
from theorycheck.reach import unread_terms
from theorycheck.sandbox import Job, run_bounded

BACKGROUND = MINI_BACKGROUND + """\
value_of(compare, (greater; less; no_difference)).
key_arg(compare, 1, drug).  key_arg(compare, 2, measure).  key_arg(compare, 3, condition).
key_arg(compare, 4, condition).
condition(resident; nonresident; female; male).
familiarity(resident, high).  familiarity(nonresident, low).
predicts(compare(D, X, C1, C2), greater) :- asked(compare(D, X, C1, C2)), familiarity(C1, high), familiarity(C2, low).
"""
DOPAMINE = theory_text("da", """
    %! axiom up [1]: Drugs raise NAc dopamine unless something blocks it.
    predicts(effect(D, acute, nac_dopamine), increase) :- asked(effect(D, acute, nac_dopamine)), not blocked(D).
    blocked(D) :- drug(D), not drug(D).
""")


def findings(observations: list[tuple[str, str]]) -> str:
    return CITATION + finding_block("f1", observations) + 'quote(f1, "q").\n'


def test_an_observation_no_theory_can_reach_is_a_warning_at_its_line(make_kb):
    root = make_kb({"da": DOPAMINE}, findings([("effect(heroin, acute, nac_dopamine)", "increase"),
                                               ("effect(heroin, acute, locomotor_activation)", "increase")]),
                   background=BACKGROUND)
    assert [str(d) for d in lint(root)] == [
        f"{root / 'findings.lp'}:6:1: warning: no theory of this knowledge base can predict "
        "effect(heroin,acute,locomotor_activation): no rule reaches it, with any axiom or auxiliary on; finding 'f1' "
        "can only be silent on this observation"]


def test_an_unread_term_is_named_as_the_reason(make_kb):
    root = make_kb({"da": DOPAMINE}, findings([("compare(heroin, nac_dopamine, female, male)", "greater"),
                                               ("compare(heroin, nac_dopamine, resident, nonresident)", "greater")]),
                   background=BACKGROUND)
    assert [str(d) for d in lint(root)] == [
        f"{root / 'findings.lp'}:5:1: warning: no theory of this knowledge base can predict "
        "compare(heroin,nac_dopamine,female,male): no auxiliary or theory rule reads the condition 'female'; no "
        "auxiliary or theory rule reads the condition 'male'; finding 'f1' can only be silent on this observation"]


def test_naming_the_background_lists_the_vocabulary_no_rule_reads(make_kb, cli):
    root = make_kb({"da": DOPAMINE}, findings([("effect(heroin, acute, nac_dopamine)", "increase")]),
                   background=BACKGROUND)
    result = cli("--kb", root, "lint", root / "theories" / "background.lp")
    background = root / "theories" / "background.lp"
    tail = ("is read by no auxiliary or theory rule: an observation using it can never be predicted (give it a "
            "bridge auxiliary, or use a term the theories read)")
    assert result.stderr.splitlines() == [f"{background}:7:21: warning: manipulation 'repeated' {tail}",
                                          f"{background}:16:34: warning: condition 'female' {tail}",
                                          f"{background}:16:42: warning: condition 'male' {tail}"]
    assert (result.exit_code, result.stdout) == (0, "0 errors, 3 warnings\n")


def test_a_theory_that_reads_a_key_position_unconstrained_reads_every_term_there(make_kb):
    open_theory = theory_text("open", """
        %! axiom any [1]: Every comparison of conditions favours the first.
        predicts(compare(D, X, C1, C2), greater) :- asked(compare(D, X, C1, C2)).
    """)
    root = make_kb({"open": open_theory}, findings([("compare(heroin, nac_dopamine, female, male)", "greater")]),
                   background=BACKGROUND)
    assert lint(root) == []


def test_the_repository_reach_holds_every_prediction_any_theory_makes(repo_kb):
    """The relaxed grounding over-approximates: every key a theory (or the auxiliaries alone) predicts is reached,
    and no term it calls unread occurs in a reached key."""
    files = [repo_kb.background.source(False)] + [repo_kb.programs[n].source(False) for n in repo_kb.theories]
    job = Job("reach", solver.reachable_keys, (files, solver.check_facts(repo_kb.asked_keys())), files)
    (reached,) = run_bounded([job])
    result = check(repo_kb)
    predicted = {p.observation.key for r in result.results for v in r.verdicts for p in v.observations
                 if p.predictions or p.relations}
    predicted |= {p.observation.key for v in result.background for p in v.observations if p.status != "unpredicted"}
    assert predicted and predicted <= reached
    unread = {m for _, _, _, members in unread_terms(repo_kb) for m in members}
    assert not [k for k in reached if unread & {t.text for t in _subterms(solver.parse_term(k))}]


def _subterms(term):
    found, stack = [], [term]
    while stack:
        found.append(stack.pop())
        stack.extend(found[-1].args)
    return found
