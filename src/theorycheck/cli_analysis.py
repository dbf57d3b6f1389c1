"""Commands that weigh theories against each other: `repair`, `compare` and `design`."""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer

from .cli import Format, Options, TheoryFiles, app


@app.command()
def repair(
    ctx: typer.Context,
    theory: Annotated[str, typer.Option("--theory", "-t", metavar="THEORY", help="The theory to repair.")],
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.markdown,
    theory_file: TheoryFiles = None,
) -> None:
    """The minimal repairs of a theory: axioms to drop, or to restrict to one drug class, so nothing is contradicted.

    Example: theorycheck repair --theory incentive_sensitization
    """
    from .beside import ahead
    from .repair import prefetch_formulas, repair_formulas
    from .repair import repair as find_repairs
    from .repair_report import render_repair, repair_dict

    opts: Options = ctx.obj
    with ahead(prefetch_formulas, repair_formulas) as formulas:  # sympy imported while the KB loads (cli.matrix)
        kb = opts.load(theory_file)
        report = find_repairs(kb, theory, min_strength=opts.min_strength, timeout=opts.timeout, formulas=formulas)
    if fmt == Format.json:
        typer.echo(json.dumps({**repair_dict(report), "generated_by": opts.stamp(kb, theory=theory).as_dict()},
                              indent=2, ensure_ascii=False))
    else:
        typer.echo(opts.stamp(kb, theory=theory).footer(render_repair(report, kb.claims(theory))), nl=False)


@app.command()
def compare(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(metavar="FIRST", help="A theory.", show_default=False)],
    second: Annotated[str, typer.Argument(metavar="SECOND", help="Another theory.", show_default=False)],
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.markdown,
    theory_file: TheoryFiles = None,
) -> None:
    """The findings on which two theories disagree, and whether the predictions of one subsume the other's.

    Example: theorycheck compare psychomotor_stimulant drug_class_specific
    """
    from .compare import compare as compare_theories
    from .report import table

    opts: Options = ctx.obj
    kb = opts.load(theory_file)
    c = compare_theories(kb, first, second, timeout=opts.timeout)
    if fmt == Format.json:
        typer.echo(json.dumps({**c.__dict__, "disagreements": [list(d) for d in c.disagreements],
                               "conflicting_keys": [list(k) for k in c.conflicting_keys]}, indent=2))
        return
    relation = ("the same predictions" if c.first_subsumes_second and c.second_subsumes_first else
                f"{first}'s predictions include all of {second}'s" if c.first_subsumes_second else
                f"{second}'s predictions include all of {first}'s" if c.second_subsumes_first else
                "neither theory's predictions include the other's")
    out = [f"# {first} versus {second}", "", f"They share {c.shared} predictions; {relation}.", "",
           f"## Findings with different verdicts ({len(c.disagreements)})", "",
           table([list(d) for d in c.disagreements], ["finding", first, second]) if c.disagreements else "None.", "",
           f"## Keys with incompatible predictions ({len(c.conflicting_keys)})", "",
           table([list(k) for k in c.conflicting_keys], ["key", first, second]) if c.conflicting_keys else "None."]
    typer.echo(opts.stamp(kb).footer("\n".join(out)), nl=False)


@app.command()
def design(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(metavar="FIRST", help="A theory.", show_default=False)],
    second: Annotated[str, typer.Argument(metavar="SECOND", help="Another theory.", show_default=False)],
    limit: Annotated[int, typer.Option("--limit", min=1, metavar="N", help="How many experiments to list.")] = 20,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.markdown,
    theory_file: TheoryFiles = None,
) -> None:
    """Experiments no finding covers yet on which two theories predict incompatible results, best first.

    Candidates are the KB's own observation keys with the drug replaced by another drug of the vocabulary;
    they are ranked by how many pairs of theories (of all in the KB) they would separate.

    Example: theorycheck design psychomotor_stimulant drug_class_specific
    """
    from .compare import design as design_experiments
    from .report import table

    opts: Options = ctx.obj
    kb = opts.load(theory_file)
    experiments = design_experiments(kb, first, second, timeout=opts.timeout, limit=limit)
    if fmt == Format.json:
        typer.echo(json.dumps([{"key": e.key, "predictions": dict(e.predictions), "separated_pairs": e.separated_pairs}
                               for e in experiments], indent=2))
        return
    rows = [[e.key, dict(e.predictions)[first], dict(e.predictions)[second], e.separated_pairs,
             "; ".join(f"{t}: {v}" for t, v in e.predictions if t not in (first, second)) or "—"] for e in experiments]
    out = [f"# Experiments that would separate {first} and {second}", ""]
    out.append(table(rows, ["observation key", first, second, "theory pairs separated", "other theories"])
               if rows else "No candidate key on which their predictions clash.")
    typer.echo(opts.stamp(kb, limit=str(limit)).footer("\n".join(out)), nl=False)


@app.command()
def sensitivity(
    ctx: typer.Context,
    theory: Annotated[Optional[list[str]], typer.Option("--theory", "-t", metavar="THEORY", help="Theory to weigh (repeatable; default: all).")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.markdown,
    theory_file: TheoryFiles = None,
) -> None:
    """How each theory's totals change when each auxiliary hypothesis of background.lp is switched off in turn.

    Example: theorycheck sensitivity --theory psychomotor_stimulant
    """
    from .sensitivity import sensitivity as weigh
    from .sensitivity_report import render_sensitivity, sensitivity_dict

    opts: Options = ctx.obj
    kb = opts.load(theory_file)
    results = weigh(kb, list(theory or []) or None, timeout=opts.timeout)
    auxiliaries = {a.id: a for a in kb.auxiliaries}
    stamp = opts.stamp(kb, theory=theory)
    if fmt == Format.json:
        typer.echo(json.dumps({**sensitivity_dict(results, auxiliaries), "generated_by": stamp.as_dict()}, indent=2,
                              ensure_ascii=False))
    else:
        typer.echo(stamp.footer(render_sensitivity(results, auxiliaries)), nl=False)
