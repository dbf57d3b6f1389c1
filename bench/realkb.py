"""The real knowledge base against the plain-clingo floor: how long a person waits for each command.

Run by hand from the repository root (not in CI):

    python bench/realkb.py [--repeat 5] [--theory incentive_sensitization] [--before SRC]

Each command runs in its own process, `--repeat` times, the commands interleaved (so a burst of load from
elsewhere touches all of them alike); the figure is the median wall time from process start to exit. The floor is
bench/floor.py: Python start-up, `import clingo`, then per theory one grounding of background + theory + asked keys
and one cautious solve, `#show predicts/2.` and `predicts_relation/3` (no checks, no rewriting, no reports). The
results go to bench/realkb.json and to the section of bench/README.md between the `realkb` markers.

`--before SRC` also times theorycheck's commands from another source tree (`git archive REV src | tar -x -C DIR`,
then `--before DIR/src`), interleaved with these, so that before and after share the machine's load.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from host import person_environment

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "realkb.json"
README = BENCH / "README.md"
BEGIN, END = "<!-- realkb:begin (bench/realkb.py writes this section) -->", "<!-- realkb:end -->"
TC = [sys.executable, "-m", "theorycheck"]
FLOOR = [sys.executable, str(BENCH / "floor.py")]


COLD = " (cache off)"  # the same command with THEORYCHECK_CACHE=off: the first run after an edit of every file


def commands(theory: str, out: str) -> dict[str, list[str]]:
    """Name -> command line, all run from the repository root (the real KB)."""
    return {
        "floor, one theory": [*FLOOR, "--theory", theory],
        "floor, all theories": FLOOR,
        "run --theory": [*TC, "run", "--theory", theory],
        "run --theory" + COLD: [*TC, "run", "--theory", theory],
        "run (all theories)": [*TC, "run"],
        "matrix": [*TC, "matrix", "--output", out],
        "matrix" + COLD: [*TC, "matrix", "--output", out],
        "sensitivity": [*TC, "sensitivity"],
        "--help": [*TC, "--help"],
        "python -c 'import typer'": [sys.executable, "-c", "import typer"],
    }


# Each command's floor, and what the ratio compares (the targets of issue 17 and their limits).
RATIOS = [
    ("run --theory", "floor, one theory", 4.0, "the same verdicts: one theory's cautious predictions"),
    ("run --theory" + COLD, "floor, one theory", None, "the same, the analysis cache off"),
    ("run (all theories)", "floor, all theories", None, "the same verdicts, every theory (run adds conflict sets)"),
    ("matrix", "floor, all theories", 10.0, "every theory's verdicts (the matrix adds conflict sets, repairs, the "
                                            "sensitivity sweep and the reports, Markdown and HTML: not the same "
                                            "work)"),
    ("matrix" + COLD, "floor, all theories", None, "the same, the analysis cache off"),
    ("sensitivity", "floor, all theories", None, "every theory's verdicts (the sweep solves each theory "
                                                 "1 + auxiliaries + axioms times, and the background alone once per "
                                                 "auxiliary: not the same work)"),
    ("--help", "python -c 'import typer'", 2.0, "the start-up a command-line tool on typer cannot avoid"),
]


BEFORE = " (before)"


def measure(repeat: int, theory: str, before: str | None = None) -> dict[str, list[float]]:
    """Each command's wall times. The analysis cache is a folder of this run's own, filled by one untimed run of
    each command first (as a person's second run finds it); the cold rows turn it off."""
    times: dict[str, list[float]] = {}
    person = person_environment()  # the untimed first run of each command writes its bytecode
    with tempfile.TemporaryDirectory() as out:
        warm = {**person, "THEORYCHECK_CACHE": os.path.join(out, "cache")}
        cold = {**person, "THEORYCHECK_CACHE": "off"}
        cmds = {name: (cmd, cold if name.endswith(COLD) else warm)
                for name, cmd in commands(theory, os.path.join(out, "reports")).items()}
        if before:
            cmds.update({name + BEFORE: (cmd, {**env, "PYTHONPATH": before}) for name, (cmd, env) in list(cmds.items())
                         if cmd[:3] == TC and not name.endswith(COLD)})
        for cmd, env in cmds.values():
            subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        for _ in range(repeat):
            for name, (cmd, env) in cmds.items():
                start = time.perf_counter()
                done = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                      env=env)
                wall = time.perf_counter() - start
                if done.returncode != 0:
                    raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr[-500:]}")
                times.setdefault(name, []).append(wall)
    return times


def render(data: dict) -> str:
    medians = {name: statistics.median(values) for name, values in data["times"].items()}
    rows = ["| command | median s | min s | max s |", "|---|--:|--:|--:|"]
    for name, values in data["times"].items():
        rows.append(f"| `{name}` | {medians[name]:.3f} | {min(values):.3f} | {max(values):.3f} |")
    ratios = ["| ratio | before | measured | target (issue 17) | | compares |", "|---|--:|--:|--:|---|---|"]
    for name, floor, limit, what in RATIOS:
        ratio = medians[name] / medians[floor]
        old = medians.get(name + BEFORE)
        verdict = "" if limit is None else ("met" if ratio <= limit else "missed")
        ratios.append(f"| `{name}` / `{floor}` | {'' if old is None else f'{old / medians[floor]:.1f}x'} "
                      f"| {ratio:.1f}x | {'' if limit is None else f'<= {limit:g}x'} | {verdict} | {what} |")
    return "\n".join([
        BEGIN, "## The real knowledge base", "",
        "Generated by `bench/realkb.py` (this section; raw numbers in [`realkb.json`](realkb.json)). Command, from the "
        "repository root:", "", "```bash", f"python bench/realkb.py --repeat {data['repeat']} --theory {data['theory']}"
        + (f" --before SRC --before-label {data['before']}" if data.get("before") else ""),
        "```", "",
        f"Each command in its own process, {data['repeat']} times interleaved; wall time from process start to exit. "
        "The floor (`bench/floor.py`) is Python start-up, `import clingo` and, per theory, one grounding of "
        "background + theory + the asked keys with one cautious solve (`#show predicts/2.`, `predicts_relation/3`): "
        "no checks, no conflict sets, no reports. `matrix` writes every report, the HTML one included. The analysis "
        "cache (README, *How it works*) is a folder of the run's own, filled by one untimed run of each command "
        "before the timed ones; the rows marked *cache off* run with `THEORYCHECK_CACHE=off`, as the first run "
        "after every file changed." + (f" *(before)*: the same command from the source tree of {data['before']}, interleaved "
                           "with the others." if data.get("before") else ""), "",
        *rows, "", *ratios, "",
        f"Load average (1/5/15 min) before: {data['load_before']}; after: {data['load_after']}. Date: {data['date']}.",
        END])


def write_readme(section: str) -> None:
    text = README.read_text()
    if BEGIN in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    README.write_text(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--theory", default="incentive_sensitization")
    parser.add_argument("--before", metavar="SRC", help="also time theorycheck from this source folder (PYTHONPATH)")
    parser.add_argument("--before-label", default="", help="what --before is (a commit), for the README")
    parser.add_argument("--report-only", action="store_true", help="rewrite the README section from realkb.json")
    args = parser.parse_args(argv)
    if args.report_only:
        data = json.loads(RESULTS.read_text())
    else:
        load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
        data = {"repeat": args.repeat, "theory": args.theory, "load_before": load,
                "before": args.before and (args.before_label or "another tree"),
                "times": measure(args.repeat, args.theory, args.before),
                "load_after": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
                "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
        RESULTS.write_text(json.dumps(data, indent=1) + "\n")
    section = render(data)
    write_readme(section)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
