"""Report sections by source: totals for the 2011 paper's findings and for the later literature's (pure)."""

from __future__ import annotations

from collections import Counter

from .duplicate_evidence import repeated_findings, repeats
from .escaping import markdown_text as md
from .model import Citation
from .results import CheckResult, TheoryResult
from .origins import SourceGroup, by_source


def several_sources(findings) -> bool:
    """Whether the findings come from more than one source group (else reports show no grouping)."""
    return len(by_source(findings)) > 1


def render_repeats(check: CheckResult, citations: list[Citation]) -> list[str]:
    """A note on the findings that repeat, in some observation, what an earlier finding observes from the same
    source (same key, value and work): how many, which, and as which earlier finding."""
    found = repeats(check.findings, citations)
    if not found:
        return []
    earlier: dict[str, list[str]] = {}
    for r in found:
        earlier.setdefault(r.finding, [])
        if r.earlier not in earlier[r.finding]:
            earlier[r.finding].append(r.earlier)
    count = len(earlier)
    return ["", f"{count} finding{'s' * (count != 1)} repeat{'s' * (count == 1)}, in {len(found)} "
            f"observation{'s' * (len(found) != 1)}, what an earlier finding observes from the same source (same key, "
            "same value, same work; `theorycheck lint` names each): "
            + ", ".join(f"{f} (as {', '.join(e)})" for f, e in sorted(earlier.items())) + ". "
            + ("A finding all of whose observations repeat earlier evidence is counted once, under the earlier "
               "finding, in the totals by source below." if repeated_findings(check.findings, citations) else
               "Each of them also observes something of its own, so each counts in the totals.")]


def render_source_totals(check: CheckResult, citations: list[Citation]) -> list[str]:
    """A `## Totals by source` section: per source group and theory, the verdict counts, each source's evidence
    counted once (a finding that only repeats what an earlier one observes from the same work is left out)."""
    groups = by_source(check.findings)
    repeated = repeated_findings(check.findings, citations)
    if len(groups) < 2 and not repeated:
        return []
    out = ["", "## Totals by source", "",
           "Findings grouped by where they come from: the 2011 paper (`findings.lp`) and the later literature "
           "(`findings/*.lp`, one group per file)."]
    if repeated:
        out[-1] += (f" {len(repeated)} finding{'s' * (len(repeated) != 1)} only repeat{'s' * (len(repeated) == 1)} "
                    "what an earlier finding observes from the same source (same key, same value, same work); "
                    "each such piece of evidence is counted once here, under the earlier finding: "
                    + ", ".join(f"{f} (as {e})" for f, e in sorted(repeated.items())) + ".")
    later = [f for group, members in groups if group.name == "literature" for f in members]
    if len({f.origin for f in later}) > 1:
        groups.append((SourceGroup(1, "literature", "Later literature, all files (findings/*.lp)"), later))
    names = [r.theory.name for r in check.results]
    codes = _short_names(names)
    out[-1] += (" Each theory's cell gives explained / cannot derive / contradicted; the columns use the theory "
                "codes of the table at the top.")
    rows = []
    for group, findings in groups:
        ids = {f.id for f in findings} - set(repeated)
        rows.append([group.label, len(ids)] + [" / ".join(map(str, _counts(r, ids))) for r in check.results])
    out += ["", _table(rows, ["source", "findings"] + [codes[n] for n in names])]
    return out


def source_lines(result: TheoryResult, findings) -> list[str]:
    """For a theory report over findings of several sources: one line of counts per source group."""
    groups = by_source(findings)
    if len(groups) < 2:  # not several_sources(findings): grouped once here
        return []
    lines = []
    for group, members in groups:
        explained, cannot, contradicted = _counts(result, {f.id for f in members})
        lines.append(f"- {md(group.label)}: {len(members)} findings; explains {explained}, cannot derive {cannot}, "
                     f"contradicted by {contradicted}.")
    return ["", "By source:", ""] + lines


def _counts(result: TheoryResult, ids: set[str]) -> list[int]:
    counts = Counter(v.verdict for v in result.verdicts if v.finding in ids)
    return [counts["explained"], counts["partial"] + counts["silent"], counts["contradicted"]]


def _table(rows, headers):
    from .mdtable import table

    return table(rows, headers)


def _short_names(names):
    from .report import short_names

    return short_names(names)
