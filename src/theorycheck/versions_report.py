"""What a theory's versions say apart from the theory: Markdown sections for its report and explain output."""

from __future__ import annotations

from pathlib import Path

from .escaping import markdown_text as md
from .results import CheckResult, TheoryResult
from .mdtable import relative, table


def render_versions(result: TheoryResult, root: Path) -> list[str]:
    """The theory's versions with their own axioms, and every finding on which they disagree."""
    theory = result.theory
    if not theory.versions:
        return []
    own = {v.id: [a.id for a in theory.axioms if v.id in a.versions] for v in theory.versions}
    out = ["", "## Versions", "",
           f"Box 1 describes a family: {len(theory.versions)} versions, each an answer set of its own. The verdicts "
           "above and below are the theory's, from what every version predicts; this section adds what the "
           "versions say on their own. An axiom not listed here belongs to every version.", ""]
    out.append(table([[v.id, md(v.claim), md(v.refs), ", ".join(own[v.id]) or "none",
                       md(f"{relative(v.location.file, root)}:{v.location.line}")] for v in theory.versions],
                     ["version", "claim", "refs", "its own axioms", "where"]))
    names = [v.id for v in theory.versions]
    rows = []
    for verdict in result.verdicts:
        note = result.versions_note(verdict.finding)
        if note:
            by_version = result.version_verdicts(verdict.finding)
            rows.append([verdict.finding, verdict.verdict] + [by_version.get(n, "—") for n in names] + [note])
    out += ["", "### Where the versions disagree", ""]
    out.append(table(rows, ["finding", "theory"] + names + ["note"]) if rows else "Nowhere: every version gives "
               "every finding the theory's verdict.")
    return out


def render_version_matrix(check: CheckResult) -> list[str]:
    """For the matrix: each finding on which some version of a theory says more than the theory (all versions)."""
    rows = [[v.finding, r.theory.name, v.verdict, r.versions_note(v.finding)]
            for r in check.results for v in r.verdicts if r.versions_note(v.finding)]
    if not any(r.theory.versions for r in check.results):
        return []
    out = ["", "## Where a theory's versions disagree", "",
           "A theory with versions (Box 1's families) is judged on what every version predicts; here, the findings "
           "that some of its versions alone explain or contradict (its report lists the versions).", ""]
    out.append(table(rows, ["finding", "theory", "theory's verdict", "by version"]) if rows else "Nowhere.")
    return out
