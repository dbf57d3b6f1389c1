"""The library in a few lines, for scripts and notebooks: every command as a function, each result with
`to_records()` (plain dicts for `pandas.DataFrame`) and, where the CLI prints a report, its Markdown.

Example:
    import theorycheck as tc
    kb = tc.load(".")
    result = tc.check(kb, theories=["incentive_sensitization"])
    pandas.DataFrame(result.to_records())
    tc.explain(kb, "incentive_sensitization", "setting_reward_opposite")  # shows as Markdown in Jupyter
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path
from typing import Any

from .engine import check as _check
from .kb import KB, load_kb, with_min_strength
from .results import CheckResult
from .sandbox import DEFAULT_TIMEOUT


@dataclass(frozen=True)
class Result:
    """What a command found (`value`, the library's own object), its JSON form, its records and its report."""

    value: Any
    data: Any
    records: tuple[dict, ...]
    markdown: str

    def to_dict(self) -> Any:
        return self.data

    def to_records(self) -> list[dict]:
        return [dict(r) for r in self.records]

    def _repr_markdown_(self) -> str:  # Jupyter shows the report
        return self.markdown

    def __str__(self) -> str:
        return self.markdown


def load(root: str | Path = ".", findings: list[str | Path] = (), theory_files: list[str | Path] = (),
         min_strength: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> KB:
    """The knowledge base in `root` with extra findings and theory files; `min_strength` leaves out weaker findings.
    Bad input raises `InputError` (its `diagnostics` carry file, line and column)."""
    return with_min_strength(load_kb(root, findings=findings, theory_files=theory_files, timeout=timeout), min_strength)


def _known(kb: KB, theories: list[str] | None) -> list[str] | None:
    for name in theories or []:
        kb.theory(name)  # an unknown name raises InputError with the available ones
    return list(theories) if theories else None


def check(kb: KB, theories: list[str] | None = None, drop: list[str] = (), timeout: float = DEFAULT_TIMEOUT,
          explain: bool = False, **options) -> CheckResult:
    """Every verdict of the theories (all by default) with axioms or auxiliaries `drop`ped; with `explain`, the
    minimal conflict sets of each contradiction too (`engine.check`, whose options it takes, after checking names)."""
    return _check(kb, theories=_known(kb, theories), drop=list(drop), timeout=timeout, explain=explain, **options)


def matrix(kb: KB, timeout: float = DEFAULT_TIMEOUT) -> CheckResult:
    """The whole compatibility matrix: every theory of the KB on every finding, with the conflict sets."""
    return check(kb, timeout=timeout, explain=True)


def explain(kb: KB, theory: str, finding: str, drop: list[str] = (), timeout: float = DEFAULT_TIMEOUT) -> Result:
    """Why `theory` gives `finding` its verdict: records are one dict per observation."""
    from .explain import explanation_dict, render_explanation

    kb.theory(theory), kb.finding(finding)
    result = check(kb, [theory], drop, timeout, explain=True)
    data = explanation_dict(kb, result, theory, finding)
    verdict = result.theory(theory).verdict(finding)
    records = tuple({"theory": theory, "finding": finding, "verdict": verdict.verdict, "key": p.observation.key,
                     "observed": p.observation.value, "status": p.status,
                     "predicted": [q.value for q in p.predictions]} for p in verdict.observations)
    return Result(verdict, data, records, render_explanation(kb, result, theory, finding))


def repair(kb: KB, theory: str, min_strength: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> Result:
    """The minimal repairs of a theory: records are one dict per drop repair."""
    from .repair import repair as find_repairs
    from .repair_report import render_repair, repair_dict

    kb.theory(theory)
    report = find_repairs(kb, theory, min_strength=min_strength, timeout=timeout)
    records = tuple({"theory": theory, "drop": list(r.axioms), "size": len(r.axioms), "loses": list(r.loses)}
                    for r in report.subset_minimal)
    return Result(report, repair_dict(report), records, render_repair(report, kb.claims(theory)))


def compare(kb: KB, first: str, second: str, timeout: float = DEFAULT_TIMEOUT) -> Result:
    """Where two theories disagree: records are one dict per finding with different verdicts."""
    from .compare import compare as compare_theories

    c = compare_theories(kb, first, second, timeout=timeout)
    records = tuple({"finding": f, first: a, second: b} for f, a, b in c.disagreements)
    text = "\n".join([f"# {first} versus {second}", ""] + [f"- {f}: {a} / {b}" for f, a, b in c.disagreements])
    return Result(c, _plain(c), records, text + "\n")


def design(kb: KB, first: str, second: str, limit: int = 20, timeout: float = DEFAULT_TIMEOUT) -> Result:
    """Experiments that would separate two theories: records are one dict per candidate observation key."""
    from .compare import design as design_experiments

    found = design_experiments(kb, first, second, timeout=timeout, limit=limit)
    records = tuple({"key": e.key, **dict(e.predictions), "separated_pairs": e.separated_pairs} for e in found)
    text = "\n".join([f"# Experiments that would separate {first} and {second}", ""]
                     + [f"- `{r['key']}`: {r[first]} / {r[second]}" for r in records])
    return Result(found, [_plain(e) for e in found], records, text + "\n")


def sensitivity(kb: KB, theories: list[str] | None = None, timeout: float = DEFAULT_TIMEOUT) -> Result:
    """How each theory's totals change with each auxiliary off: records are one dict per (theory, auxiliary)."""
    from .sensitivity import sensitivity as weigh
    from .sensitivity_report import render_sensitivity, sensitivity_dict

    results = weigh(kb, _known(kb, theories), timeout=timeout)
    auxiliaries = {a.id: a for a in kb.auxiliaries}
    records = tuple({"theory": s.theory, "auxiliary": e.auxiliary, "explained": e.explained,
                     "contradicted": e.contradicted, "changed": len(e.changed)} for s in results for e in s.effects)
    return Result(results, sensitivity_dict(results, auxiliaries), records, render_sensitivity(results, auxiliaries))


def _plain(value: Any) -> Any:
    return asdict(value) if is_dataclass(value) else value
