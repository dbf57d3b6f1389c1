"""Did-you-mean for an unknown term: a spelling fix only when the words agree in meaning.

A near miss can be dangerous: `mu_opioid_receptor` is two letters from nothing a researcher meant by
`kappa_opioid_receptor`, and the two receptors have opposite effects on reward. A candidate is offered as a
spelling fix only when, word by word (words are split at `_` and at parentheses and commas), each differing word is a misspelling of the other;
when a word differs in meaning (mu / kappa, d1 / d2, increase / decrease, core / shell, dorsal / ventral,
dmpfc / vmpfc, dependent / nondependent ...), the candidate is a different term: it is shown as such, with its
description, never as a fix.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# Words that name alternatives of one kind: a word of a set is never a misspelling of another of the same set.
CONTRASTS = (
    {"mu", "kappa", "delta", "nociceptin"}, {"core", "shell"}, {"dorsal", "ventral"}, {"medial", "lateral"},
    {"dorsomedial", "dorsolateral", "ventromedial", "ventrolateral"}, {"agonist", "antagonist"},
    {"high", "low"}, {"female", "male"}, {"acute", "chronic"},
    {"limited", "extended", "unlimited", "intermittent", "continuous", "short", "long"},
    {"positive", "negative"}, {"immediate", "delayed"}, {"ltp", "ltd"}, {"excitatory", "inhibitory"},
    {"left", "right"}, {"greater", "less"}, {"first", "second"}, {"gain", "loss"}, {"approach", "avoidance"},
    {"reward", "aversion"}, {"shared", "distinct"}, {"activating", "sedating"}, {"liking", "wanting"},
    {"adolescent", "adult"}, {"gaba", "glutamate"}, {"dopamine", "serotonin", "noradrenaline"},
    {"direct", "indirect"}, {"before", "after"}, {"early", "late"}, {"small", "large"}, {"up", "down"},
)
# Prefixes that turn a word into its opposite or its counterpart: increase / decrease, dependent / nondependent.
PREFIXES = ("", "non", "in", "un", "de", "dis", "anti", "hyper", "hypo", "pre", "post", "over", "under", "re")
_WORD = re.compile(r"[A-Za-z0-9]+")  # words: `knockout(kappa_opioid_receptor)` is knockout, kappa, opioid, receptor
CUTOFF = 0.75  # how alike two terms must be (difflib's ratio) to be compared at all
WORD_CUTOFF = 0.6  # how alike two words must be to count as one misspelt


@dataclass(frozen=True)
class Suggestion:
    """A known term close to an unknown one: a spelling fix, or a different term that only looks alike."""

    term: str
    fix: bool


def contrasting(a: str, b: str) -> bool:
    """Whether two different words differ in meaning, not in spelling."""
    if a == b:
        return False
    if any(a in group and b in group for group in CONTRASTS):
        return True
    if re.sub(r"\D", "", a) != re.sub(r"\D", "", b):  # d1 / d2, gaba_a / gaba_b are told apart by digits or letters
        return True
    for p in PREFIXES:
        for q in PREFIXES:
            if p != q and a.startswith(p) and b.startswith(q) and a[len(p):] == b[len(q):] and len(a) > len(p):
                return True
    if len(a) == len(b) <= 5 and sum(x != y for x, y in zip(a, b)) == 1:
        return True  # abbreviations one letter apart: dmpfc / vmpfc, dls / dms, d1r / d2r
    return False


def spelling_fix(unknown: str, known: str) -> bool:
    """Whether `known` reads as `unknown` spelt right: the same words, each differing one a misspelling."""
    ours, theirs = _WORD.findall(unknown), _WORD.findall(known)
    if "".join(ours) == "".join(theirs):
        return True
    if len(ours) != len(theirs):
        return False
    for a, b in zip(ours, theirs):
        if a == b:
            continue
        if contrasting(a, b) or not (difflib.SequenceMatcher(None, a, b).ratio() >= WORD_CUTOFF
                                     or _abbreviates(a, b) or _abbreviates(b, a)):
            return False
    return True


def _abbreviates(short: str, long: str) -> bool:
    """Whether `short` (at most three letters) abbreviates `long` (`da` for `dopamine`): the same first letter, and
    its letters in order in the longer word, at least twice as long."""
    if not short or len(short) > 3 or len(long) < 2 * len(short) or short[0] != long[0]:
        return False
    rest = iter(long[1:])
    return all(char in rest for char in short[1:])


def suggestions(unknown: str, known, n: int = 3) -> list[Suggestion]:
    """The known terms close to `unknown`, spelling fixes first, each marked fix or different term."""
    close = difflib.get_close_matches(unknown, sorted(known), n=n, cutoff=CUTOFF)
    found = [Suggestion(term, spelling_fix(unknown, term)) for term in close]
    return sorted(found, key=lambda s: not s.fix)


def closest_fix(unknown: str, known) -> str | None:
    """The closest known term that is a spelling fix of `unknown`, if any."""
    return next((s.term for s in suggestions(unknown, known) if s.fix), None)
