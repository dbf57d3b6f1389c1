"""The plain-clingo floor of the verdicts on a knowledge base: background + theory + asked keys, cautious.

Run from the repository root (the real KB by default); it prints each theory's number of cautious predictions:

    python bench/floor.py [--kb DIR] [--theory NAME ...]

No engine instrumentation, no checks, no reports: per theory one `clingo.Control` loads `theories/background.lp`
and the theory file, gets one `asked(K)` fact per observation key of the findings (findings.lp and findings/*.lp,
read by a first grounding of their facts), grounds, solves with `--enum-mode=cautious` and reads `predicts/2` and
`predicts_relation/3` from the last model. Python start-up and `import clingo` are part of its wall time, as they
are of `theorycheck run`'s. A theory's versions (theorycheck's encodings/versions.lp) are not chosen here: every
axiom holds, which never costs more than the engine's choice of one version per answer set.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import clingo


def asked_keys(kb: Path) -> list[str]:
    """Every observation key of the KB's findings, once, sorted (a grounding of their facts alone)."""
    files = [kb / "findings.lp", *sorted((kb / "findings").glob("*.lp"))]
    ctl = clingo.Control(["--warn=none"])
    for path in files:
        if path.is_file():
            ctl.load(str(path))
    ctl.add("base", [], "#show. #show K : observed(_, K, _).")
    ctl.ground([("base", [])])
    keys: set[str] = set()
    ctl.solve(on_model=lambda m: keys.update(str(s) for s in m.symbols(shown=True)))
    return sorted(keys)


def predictions(kb: Path, theory: str, asked: str) -> list[str]:
    """The cautious predictions and predicted relations of background + theory + asked keys."""
    ctl = clingo.Control(["--warn=none", "--enum-mode=cautious", "--models=0"])
    ctl.load(str(kb / "theories" / "background.lp"))
    ctl.load(str(kb / "theories" / f"{theory}.lp"))
    ctl.add("base", [], asked + "#show predicts/2. #show predicts_relation/3.")
    ctl.ground([("base", [])])
    last: list[str] = []
    ctl.solve(on_model=lambda m: last.__setitem__(slice(None), map(str, m.symbols(shown=True))))
    return last


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kb", type=Path, default=Path("."))
    parser.add_argument("--theory", action="append", help="theory to solve (repeatable; default: all)")
    args = parser.parse_args(argv)
    names = args.theory or sorted(p.stem for p in (args.kb / "theories").glob("*.lp") if p.name != "background.lp")
    asked = "".join(f"asked({k}).\n" for k in asked_keys(args.kb))
    for name in names:
        print(name, len(predictions(args.kb, name, asked)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
