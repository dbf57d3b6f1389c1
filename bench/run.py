"""Scale benchmark: theorycheck against the bare clingo executable and a per-finding loop, N findings x T theories.

Run by hand from the repository root (not in CI; `--smoke` is the tiny size):

    python bench/run.py [--sizes 100,1000,10000,50000] [--theories 6,30] [--axioms 8] [--seed 2011]
    python bench/run.py --smoke            # N=100, T=2: every measurement once, in well under a minute
    python bench/run.py --report-only      # rewrite the "Scale" section of bench/README.md from bench/scale.json

For every (N, T) it generates a synthetic knowledge base (bench/generate.py) and measures, each in its own process
(wall time; peak memory as the largest single process, from wait4, and as the sampled sum over the process tree):

  matrix     `theorycheck --kb KB matrix --output TMP`, process start to reports written;
  clingo     the bare clingo executable on the programs the matrix solves, written to files: per theory the
             engine's rewritten check program (axiom guards, `_tc_fired` tracing twins and `_tc_need` rules, `_tc_clash` rules,
             every guard switched on) solved with --enum-mode=cautious, and its three repair programs (subset:
             domRec; cardinality and restrict: optN); summed, and scheduled on the machine's cores the way
             the engine schedules its workers (the critical path); also `plain`: background + theory + asked/1
             facts only, cautious, no engine instrumentation, the floor of what verdicts can cost;
  loop       the design a first implementation would use: one Control per theory grounded once with every asked
             key (each finding's keys behind an external), then one cautious solve per finding; above --loop-max
             findings only the first --loop-sample findings are solved and the rest extrapolated (marked `est.`);
  explain    in one process: `check(kb)` (verdicts), `check(kb, explain=True)` (every minimal conflict set of every
             contradicted cell) and `repair_all(kb, all theories)`;
  explaid    for N <= --explaid-max: bench/conflicts.py's `run_theory` (theorycheck's enumeration and
             clingo-explaid's MUS enumeration on the same grounding) over every contradicted cell.

It also times `theorycheck --help` against `python -c "import typer"` (median of 10) and checks that --help imports
neither clingo nor sympy, and profiles the matrix (pyinstrument, if installed) at --profile-size. Results go to
bench/scale.json, bench/scale.svg and the "Scale" section of bench/README.md (between scale markers; the rest of
that file belongs to bench/conflicts.py and is left alone).
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import math
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from host import person_environment  # noqa: E402  (bench/ is on the path only from here)

RESULTS = BENCH / "scale.json"
SVG = BENCH / "scale.svg"
README = BENCH / "README.md"
BEGIN, END = "<!-- scale:begin (bench/run.py writes this section) -->", "<!-- scale:end -->"
PAGE = os.sysconf("SC_PAGE_SIZE")
CORES = os.cpu_count() or 1


# ---------------------------------------------------------------------------------------------------------------
# Measuring one process
# ---------------------------------------------------------------------------------------------------------------

def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants, now."""
    tree, total, stack = _children(), 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * PAGE
        except OSError:
            pass
        stack.extend(tree.get(p, ()))
    return total


TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def measure(cmd: list[str], timeout: float, cwd: Path | None = None, sample: bool = True, env: dict | None = None
            ) -> dict:
    """Run `cmd`; wall seconds, peak RSS (largest single process; tree sum sampled every 0.25 s), output.

    The largest-process peak comes from GNU time's %M where /usr/bin/time exists: a process forked straight from
    this (large) Python process would inherit its high-water mark in wait4's ru_maxrss. `env`: by default this
    environment as a person's machine has it (host.person_environment).
    """
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    report = tempfile.NamedTemporaryFile(prefix="tc-bench-time-", delete=False)
    report.close()
    full = [TIME, "-f", "%M", "-o", report.name, *cmd] if TIME else cmd
    start = time.perf_counter()
    proc = subprocess.Popen(full, stdout=out, stderr=err, cwd=cwd, start_new_session=True,
                            env=person_environment() if env is None else env)
    tree_peak, next_sample, status, usage, timed_out = 0, start, None, None, False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        now = time.perf_counter()
        if pid:
            break
        if now - start > timeout:
            os.killpg(proc.pid, signal.SIGKILL)
            _, status, usage = os.wait4(proc.pid, 0)
            timed_out = True
            break
        if sample and now >= next_sample:
            tree_peak = max(tree_peak, _tree_rss(proc.pid))
            next_sample = now + 0.25
        time.sleep(0.005)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    err.seek(0)
    stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    rss = usage.ru_maxrss * 1024
    if TIME:  # a killed run leaves no report: its largest process is then unknown, the sampled tree peak stands
        lines = [line for line in Path(report.name).read_text().splitlines() if line.strip().isdigit()]
        rss = int(lines[-1]) * 1024 if lines else None
        if stderr.startswith("Command exited with non-zero status"):
            stderr = stderr.split("\n", 1)[-1]
    os.unlink(report.name)
    return {"wall": wall, "rss": rss, "tree_rss": max(tree_peak, rss or 0), "code": proc.returncode,
            "timed_out": timed_out, "stdout": stdout, "stderr": stderr[-2000:]}


def _worker(kind: str, *args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--worker", kind, *args]


def _theorycheck() -> list[str]:
    script = Path(sys.executable).parent / "theorycheck"
    return [str(script)] if script.exists() else [sys.executable, "-m", "theorycheck"]


# ---------------------------------------------------------------------------------------------------------------
# Bare clingo: the programs written to files
# ---------------------------------------------------------------------------------------------------------------

def find_clingo(explicit: str | None) -> tuple[list[str], str]:
    """The clingo executable: --clingo, $CLINGO, `clingo` on PATH or beside Python; else pyclingo's `python -m clingo`."""
    candidates = [explicit, os.environ.get("CLINGO"), shutil.which("clingo"), str(Path(sys.executable).parent / "clingo")]
    for c in candidates:
        if c and Path(c).is_file() and os.access(c, os.X_OK):
            version = subprocess.run([c, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
            return [c], version
    version = subprocess.run([sys.executable, "-m", "clingo", "--version"], capture_output=True,
                             text=True).stdout.splitlines()[0]
    return [sys.executable, "-m", "clingo"], version + " (python -m clingo: the clingo library's own main, " \
                                                      "plus the Python interpreter's start-up)"


SWEEP_MAIN = """#script (python)
import clingo
SWITCHES = {switches!r}
SETS = {sets!r}
def main(prg):
    prg.ground([("base", [])])
    guard = lambda a: clingo.Function("_tc_on", [clingo.Function(a)])
    for a in SWITCHES:  # free, each solve's values assumed, as the engine's Grounding does
        prg.assign_external(guard(a), None)
    for dropped in SETS:  # as sweep._sweep: each set off (the background alone is one shared job, as in the engine)
        prg.solve(assumptions=[(guard(a), a not in dropped) for a in SWITCHES])
#end.
"""


def write_programs(kb, folder: Path) -> dict[str, dict[str, tuple[list[Path], list[str]]]]:
    """Per theory, the files and clingo options of every program the matrix grounds and solves (but the
    conflict-set enumeration), built from the engine's own worker jobs (check_jobs, repair_jobs, sensitivity_jobs),
    so that they hold exactly the engine's generated facts."""
    from clingo import ast

    from theorycheck.engine import check_jobs
    from theorycheck.repair import repair_jobs
    from theorycheck.sensitivity import sensitivity_jobs
    from theorycheck.solver.grounding import GUARD, check_program
    from theorycheck.solver.parsing import _Log, _location, _parse
    from theorycheck.solver.repairs import MODES, repair_program
    from theorycheck.solver.rewriting import _SHOW, _ScopedRewriter

    folder.mkdir(parents=True, exist_ok=True)
    names = list(kb.theories)
    checks = check_jobs(kb, names, explain=True)  # the matrix's checks (the asked keys: the clash targets come
    # later, for the enumeration of conflict sets, which has no bare-clingo counterpart here)
    repairs = repair_jobs(kb, names)
    sweeps = sensitivity_jobs(kb, names)
    asked_text = "".join(f"asked({k}).\n" for k in kb.asked_keys())
    # The engine hands these facts to clingo as symbols (solver/facts.py); the executable reads them as text.
    check_facts, sweep_facts = folder / "check.facts.lp", folder / "sweep.facts.lp"
    check_facts.write_text(checks[0].args[1].text() if checks else "")
    sweep_facts.write_text(sweeps[0].args[1].text() if sweeps else "")  # a sweep grounds the asked keys alone
    repair_text = repairs[0].args[1].text() if repairs else ""
    (folder / "asked.lp").write_text(asked_text)
    (folder / "show_predicts.lp").write_text("#show predicts/2.\n")
    programs = {}
    log = _Log()
    for name, check, rep, sweep in zip(names, checks, repairs, sweeps):
        theory = kb.theory(name)
        sources, _, switches = check.args[:3]
        axioms = [a.id for a in theory.axioms]
        auxiliaries = kb.auxiliary_ids()
        # As the engine grounds them: the check traced (twins, and the _tc_need rules of every file's traced
        # heads), the sweep untraced (none of its solves reads a firing).
        base = folder / f"{name}.check.lp"
        base.write_text(_rewritten(sources, log, traced=True) + check_program(switches))
        swept = folder / f"{name}.sweep.lp"
        swept.write_text(_rewritten(sources, log, traced=False) + check_program(switches))
        # The engine assigns the externals true; here they are facts. First solve: every switch on; second: the
        # theory's axioms off (what the auxiliaries predict alone), on the same grounding in the engine.
        on_all, on_aux = folder / f"{name}.on_all.lp", folder / f"{name}.on_aux.lp"
        on_all.write_text("".join(f"{GUARD}({a}).\n" for a in switches))
        on_aux.write_text("".join(f"{GUARD}({a}).\n" for a in switches if a not in axioms))
        cautious = ["--enum-mode=cautious", "--models=0", "--quiet=1"]
        jobs = {"plain": ([background_path(kb), Path(theory.path), folder / "asked.lp", folder / "show_predicts.lp"],
                          cautious),
                "check": ([base, check_facts, on_all], ["--heuristic=Domain"] + cautious),
                "check_background": ([base, check_facts, on_aux], ["--heuristic=Domain"] + cautious)}
        # The sensitivity sweep: one grounding, two cautious solves per setting (sweep._sweep), as in the engine:
        # only multi-shot solving can switch the externals, so the executable runs a main script.
        sets = sweep.args[3]
        script = folder / f"{name}.sweep.py.lp"
        script.write_text(SWEEP_MAIN.format(switches=list(switches), sets=[list(x) for x in sets]))
        jobs["sweep"] = ([swept, sweep_facts, script], ["--heuristic=Domain"] + cautious)
        if name == names[0]:  # the background alone under each set of auxiliaries off: one job for every theory
            background = folder / "background.check.lp"
            background.write_text(_rewritten(sources[:1], log, traced=False) + check_program(auxiliaries))
            shared = folder / "background.sweep.py.lp"
            alone = sorted({tuple(a for a in x if a in auxiliaries) for x in sets})
            shared.write_text(SWEEP_MAIN.format(switches=list(auxiliaries), sets=[list(x) for x in alone]))
            jobs["sweep_background"] = ([background, sweep_facts, shared], ["--heuristic=Domain"] + cautious)
        # The engine grounds one repair program per theory: a first cautious solve in mode background, whose
        # _tc_bg/_tc_rbg atoms it switches on, then the four searches, switched by the external _tc_mode(M). The
        # executable grounds the same program once per solve, with _tc_mode(M) a fact, and the background solve's
        # _tc_bg/_tc_rbg atoms as facts (run_clingo writes them in between).
        lines = []
        for source in rep.args[0]:
            for stm in _parse(source.path, source.text, log):
                if stm.ast_type in _SHOW:
                    continue
                group = source.group_of(_location(stm.location).line) if stm.ast_type == ast.ASTType.Rule else None
                lines.append(str(_ScopedRewriter(group, source.restrictable).rewrite(stm)
                                 if source.switchable and group else stm))
        _, _, rep_axioms, classes, shapes, _, rep_aux = rep.args
        repair = folder / f"{name}.repair.lp"
        repair.write_text("\n".join(lines) + "\n" + repair_text + repair_program(rep_axioms, classes, shapes, rep_aux))
        background = folder / f"{name}.background.lp"
        background.write_text("_tc_mode(background).\n")
        jobs["repair_background"] = ([repair, background], ["--heuristic=Domain"] + cautious)
        excused = folder / f"{name}.excused.lp"
        excused.write_text("")
        for mode in MODES:
            path = folder / f"{name}.{mode}.lp"
            path.write_text(f"_tc_mode({mode}).\n")
            options = (["--enum-mode=domRec", "--opt-mode=ignore"] if mode in ("subset", "auxiliary")
                       else ["--opt-mode=optN"])
            jobs[mode] = ([repair, excused, path],
                          ["--heuristic=Domain"] + options + ["--models=0", "--quiet=0", "--time-limit=60"])
        programs[name] = jobs
    return programs


def _rewritten(sources, log, traced: bool) -> str:
    """The engine's rewriting of `sources` as clingo text (versions aside: every axiom in every version)."""
    from theorycheck.solver.rewriting import rewrite_files

    statements, _ = rewrite_files(sources, set(), log, traced)
    return "\n".join(map(str, statements)) + "\n"


CHECK_PARTS = ("check", "check_background")
REPAIR_PARTS = ("repair_background", "cardinality", "subset", "restrict", "auxiliary")


def _excused(stdout: str) -> str:
    """The `_tc_bg`/`_tc_rbg` atoms of a cautious background solve's last model, as facts."""
    lines = stdout.splitlines()
    last = next((lines[i + 1] for i in range(len(lines) - 1, -1, -1)
                 if lines[i].startswith("Answer:") and i + 1 < len(lines)), "")
    return "".join(f"{atom}.\n" for atom in last.split() if atom.startswith(("_tc_bg(", "_tc_rbg(")))


def background_path(kb) -> Path:
    return Path(kb.background.path)


def critical_path(durations: list[float], width: int = CORES) -> float:
    """Wall time of jobs started in order, each on the first free core (how theorycheck's run_bounded schedules)."""
    free = [0.0] * max(1, width)
    for d in durations:
        i = free.index(min(free))
        free[i] += d
    return max(free) if durations else 0.0


def run_clingo(kb, folder: Path, clingo: list[str], timeout: float) -> dict:
    programs = write_programs(kb, folder)
    runs: dict[str, dict[str, dict]] = {}
    deadline = time.perf_counter() + timeout
    # The executable's embedded Python (the sweep's main script) needs its own standard library: the wheel ships it
    # beside the executable (lib/python3.X); PYTHONHOME points there.
    # (PATH would otherwise lead it to this benchmark's own Python and its site-packages.)
    env = dict(os.environ)
    home = Path(clingo[0]).parent
    for stdlib in home.glob("lib/python3*/encodings"):
        env["PYTHONHOME"] = str(home)
        env["PYTHONPATH"] = str(stdlib.parent / "site-packages")
    startup = script_startup(clingo, env, folder)
    for name, jobs in programs.items():
        runs[name] = {}
        for kind, (files, options) in jobs.items():
            left = deadline - time.perf_counter()
            if left <= 0:
                return {"dnf": True}
            m = measure(clingo + options + [str(f) for f in files], left, sample=False, env=env)
            if m["timed_out"]:
                return {"dnf": True}
            # clingo's exit codes: 10/20/30 satisfiable/unsatisfiable/exhausted (+1 if a time limit interrupted it);
            # `python -m clingo` exits 0
            if m["code"] not in (0, 10, 20, 30) and not (kind in REPAIR_PARTS and m["code"] in (1, 11, 31)):
                raise RuntimeError(f"clingo failed on {files}: exit {m['code']}: {m['stderr']}")
            if kind == "repair_background":
                files_after = programs[name]["cardinality"][0]
                files_after[1].write_text(_excused(m["stdout"]))
            wall = m["wall"] - startup if kind.startswith("sweep") else m["wall"]
            runs[name][kind] = {"wall": wall, "rss": m["rss"], "code": m["code"]}
    names = list(programs)
    check = [sum(runs[n][k]["wall"] for k in CHECK_PARTS) for n in names]
    repairs = [sum(runs[n][k]["wall"] for k in REPAIR_PARTS) for n in names]
    background = [runs[n]["sweep_background"]["wall"] for n in names if "sweep_background" in runs[n]]
    sweeps = [runs[n]["sweep"]["wall"] for n in names]
    plain = [runs[n]["plain"]["wall"] for n in names]
    return {"plain_sum": sum(plain), "plain_path": critical_path(plain),
            "check_sum": sum(check), "check_path": critical_path(check),
            "repair_sum": sum(repairs), "repair_path": critical_path(repairs),
            "sweep_sum": sum(sweeps), "sweep_path": critical_path(sweeps),
            # as bundle.report_files runs them: the background's sweep beside the repairs, then checks and sweeps
            "sum": sum(background) + sum(check) + sum(repairs) + sum(sweeps),
            "path": critical_path(background + repairs) + critical_path(check + sweeps),
            "rss": max(r["rss"] for n in names for r in runs[n].values()),
            "plain_rss": max(runs[n]["plain"]["rss"] for n in names),
            "script_startup": startup, "per_theory": runs}


def script_startup(clingo: list[str], env: dict, folder: Path, repeat: int = 5) -> float:
    """Seconds the executable takes to start its embedded Python and import clingo (median of `repeat` runs of an
    empty main script): subtracted from each sweep run, since the engine's forked workers have Python running."""
    empty = folder / "empty.py.lp"
    empty.write_text('#script (python)\nimport clingo\ndef main(prg):\n    pass\n#end.\n')
    return statistics.median(measure(clingo + [str(empty)], 60, sample=False, env=env)["wall"] for _ in range(repeat))


# ---------------------------------------------------------------------------------------------------------------
# Workers (run in their own processes)
# ---------------------------------------------------------------------------------------------------------------

_KB = None  # the loaded KB, set in worker_loop before the pool forks (the workers judge with it)


def _loop_theory(args):
    """One theory of the per-finding loop: ground once, then cautious solves per finding.

    Like the engine's `check`, a finding's verdict leaves out what the background predicts alone (a second
    Control, background only, solved for the same finding) and reads the predicted relations; the verdict itself is
    theorycheck.verdicts.judge's, so the loop differs from `check` only in its design: a solve per finding."""
    background, theory, findings, limit = args
    import clingo

    from theorycheck.results import Prediction, RelationPrediction
    from theorycheck.verdicts import index_predictions, index_relations, judge

    t0 = time.perf_counter()
    program = ["#show predicts/2.", "#show predicts_relation/3."]
    for i, (_, observations) in enumerate(findings):
        program.append(f"#external _sel({i}).")
        program += [f"asked({key}) :- _sel({i})." for key, _ in observations]
    controls = []
    for files in ([background, theory], [background]):
        ctl = clingo.Control(["--warn=none"])
        for f in files:
            ctl.load(f)
        ctl.add("base", [], "\n".join(program))
        ctl.ground([("base", [])])
        ctl.configuration.solve.enum_mode = "cautious"
        ctl.configuration.solve.models = 0
        controls.append(ctl)
    t1 = time.perf_counter()
    by_id = {f.id: f for f in _KB.findings}
    verdicts = {}
    for i, (finding, observations) in enumerate(findings[:limit]):
        sel = clingo.Function("_sel", [clingo.Number(i)])
        predicted = []
        for ctl in controls:
            ctl.assign_external(sel, True)
            last: list = []
            ctl.solve(on_model=lambda m: last.__setitem__(slice(None), m.symbols(shown=True)))
            ctl.assign_external(sel, False)
            predicted.append({tuple(str(a) for a in s.arguments) + (s.name,) for s in last})
        own = predicted[0] - predicted[1]
        by_key = index_predictions([Prediction(*p[:2]) for p in own if p[-1] == "predicts"])
        by_pair = index_relations([RelationPrediction(*p[:3]) for p in own if p[-1] == "predicts_relation"])
        verdicts[finding] = judge("", by_id[finding], by_key, _KB.vocabulary, by_pair).verdict
    t2 = time.perf_counter()
    return {"ground": t1 - t0, "solve": t2 - t1, "solved": min(limit, len(findings)),
            "counts": {v: list(verdicts.values()).count(v) for v in set(verdicts.values())}}


def worker_loop(kb_dir: str, limit: int) -> dict:
    import multiprocessing

    import theorycheck

    global _KB
    t0 = time.perf_counter()
    kb = _KB = theorycheck.load_kb(kb_dir)
    findings = [(f.id, [(o.key, o.value) for o in f.observations]) for f in kb.findings]
    jobs = [(str(kb.background.path), str(t.path), findings, limit) for t in kb.theories.values()]
    t1 = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(min(CORES, len(jobs))) as pool:
        results = pool.map(_loop_theory, jobs, chunksize=1)
    t2 = time.perf_counter()
    n = len(findings)
    estimated = [r["ground"] + r["solve"] * n / max(1, r["solved"]) for r in results]
    return {"load": t1 - t0, "solve_wall": t2 - t1, "ground_sum": sum(r["ground"] for r in results),
            "solve_sum": sum(r["solve"] for r in results), "solved": results[0]["solved"] if results else 0,
            "findings": n, "estimated_path": (t1 - t0) + critical_path(estimated),
            "per_solve_ms": 1000 * sum(r["solve"] for r in results) / max(1, sum(r["solved"] for r in results)),
            "counts": [r["counts"] for r in results]}


def worker_explain(kb_dir: str) -> dict:
    """Verdicts, explanations and repairs timed apart; a JSON line after each stage, so a timeout keeps the rest."""
    import theorycheck
    from theorycheck.repair import repair_all

    out: dict = {"stage": "load"}

    def stage(name, func):
        out["stage"] = name
        t0 = time.perf_counter()
        value = func()
        out[name] = time.perf_counter() - t0
        print(json.dumps(out), flush=True)
        return value

    kb = stage("load", lambda: theorycheck.load_kb(kb_dir))
    out["asked_keys"] = len(kb.asked_keys())
    out["observations"] = sum(len(f.observations) for f in kb.findings)
    result = stage("check", lambda: theorycheck.check(kb, timeout=3600))
    out["verdicts"] = {v: sum(r.count(v) for r in result.results)
                       for v in ("explained", "partial", "silent", "contradicted")}
    out["incoherent"] = sum(len(r.incoherences) for r in result.results)
    explained = stage("explain", lambda: theorycheck.check(kb, timeout=3600, explain=True))
    out["cells"] = sum(len(r.conflicts) for r in explained.results)
    out["conflict_sets"] = sum(len(c.sets) for r in explained.results for c in r.conflicts)
    out["incomplete_cells"] = sum(1 for r in explained.results for c in r.conflicts if not c.complete)
    reports = stage("repair", lambda: repair_all(kb, list(kb.theories), timeout=3600))
    out["repairs_complete"] = all(r.complete for r in reports)
    out["stage"] = "done"
    return out


def worker_explaid(kb_dir: str) -> dict:
    try:
        import conflicts
    except SystemExit:
        return {"missing": "clingexplaid is not installed (pip install clingexplaid)"}
    import theorycheck
    from theorycheck.engine import asked_and_targets, relation_targets
    from theorycheck.solver import check_facts

    kb = theorycheck.load_kb(kb_dir)
    result = theorycheck.check(kb, timeout=3600, explain=True)
    asked, targets = asked_and_targets(kb)
    relations = relation_targets(kb)
    facts = check_facts(asked)
    totals = {"ours_ground": 0.0, "ours_enum": 0.0, "mus_ground": 0.0, "mus_enum": 0.0}
    problems: list[str] = []
    cells = 0
    for r in result.results:
        expected = {c.finding: {frozenset(a for a, _ in s.members) for s in c.sets} for c in r.conflicts}
        if not expected:
            continue
        cells += len(expected)
        found, live = conflicts.live_clashes(kb, r.theory, facts, targets, relations)
        if found != set(expected):
            problems.append(f"{r.theory.name}: cells {sorted(found)} != check(explain=True)'s {sorted(expected)}")
        times = conflicts.run_theory(kb, r.theory, facts, live, sorted(expected), expected, problems)
        for k in totals:
            totals[k] += times[k]
    totals["cells"] = cells
    totals["mismatches"] = len(problems)
    totals["problems"] = problems[:5]
    return totals


# ---------------------------------------------------------------------------------------------------------------
# The benchmark
# ---------------------------------------------------------------------------------------------------------------

def machine(clingo_version: str) -> dict:
    from host import cpu_name, memory_total

    def version(name):
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "not installed"

    return {"CPU": cpu_name(), "cores": str(CORES), "memory": memory_total(), "OS": platform.platform(),
            "Python": platform.python_version(), "clingo (Python package)": version("clingo"),
            "clingo executable": clingo_version, "clingexplaid": version("clingexplaid"),
            "theorycheck": version("theorycheck"),
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def time_help(repeat: int) -> dict:
    tc = _theorycheck() + ["--help"]
    typer = [sys.executable, "-c", "import typer"]
    samples = {"help": [], "typer": []}
    for _ in range(repeat):  # interleaved, so drifts of the machine hit both alike
        samples["help"].append(measure(tc, 60, sample=False)["wall"])
        samples["typer"].append(measure(typer, 60, sample=False)["wall"])
    probe = ("import sys; sys.argv = ['theorycheck', '--help']\nfrom theorycheck.console import main\ntry:\n    main()\n"
             "except SystemExit:\n    pass\nprint(' '.join(sorted(m for m in ('clingo', 'sympy') if m in sys.modules)),"
             " file=sys.stderr)")
    imported = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stderr.strip().split()
    return {"help": statistics.median(samples["help"]), "typer": statistics.median(samples["typer"]),
            "repeat": repeat, "imports": imported}


def profile_tree(kb_dir: Path, out_dir: Path, timeout: float, what: str = "matrix") -> dict:
    """pyinstrument over `theorycheck matrix` (what="matrix") or over load + lint + `check` without explanations
    (what="check"), in one process: the engine's worker jobs run inline, one after the other, so that the profile
    sees them (in a real run they run in forked workers, in parallel). Returns the duration, the functions with
    the largest cumulative time, and the rendered call tree."""
    if what == "matrix":
        call = (f"sys.argv = ['theorycheck', '--kb', {str(kb_dir)!r}, '--timeout', '3600', 'matrix', '--output', "
                f"{str(out_dir / 'reports')!r}]\nfrom theorycheck.console import main\ntry:\n    main()\n"
                f"except SystemExit:\n    pass")
    else:
        call = (f"from theorycheck.kb import load_kb\nfrom theorycheck.lint import static_errors\n"
                f"kb = load_kb({str(kb_dir)!r})\nstatic_errors(kb)\ntheorycheck.engine.check(kb, timeout=3600)")
    code = f"""
import sys, json
from pyinstrument import Profiler
import theorycheck.engine, theorycheck.repair, theorycheck.bundle
def inline(jobs, timeout=0, memory=0):
    return [job.func(*job.args) for job in jobs]
theorycheck.engine.run_bounded = inline
theorycheck.repair.run_bounded = inline
theorycheck.bundle.run_bounded = inline
profiler = Profiler(interval=0.002)
profiler.start()
{call}
profiler.stop()
session = profiler.last_session
cumulative = {{}}
def walk(frame, seen):
    key = (frame.function, frame.file_path_short or '', frame.line_no or 0)
    if key not in seen:
        cumulative[key] = cumulative.get(key, 0.0) + frame.time
    for child in frame.children:
        walk(child, seen | {{key}})
walk(session.root_frame(), frozenset())
top = sorted(cumulative.items(), key=lambda kv: -kv[1])
with open({str(out_dir / 'profile.json')!r}, 'w') as f:
    json.dump({{"duration": session.duration, "top": [[k[0], k[1], k[2], v] for k, v in top[:300]]}}, f)
from pyinstrument.renderers import ConsoleRenderer
with open({str(out_dir / 'profile.txt')!r}, 'w') as f:
    f.write(profiler.output(ConsoleRenderer(unicode=False, color=False, show_all=False)))
"""
    try:
        import pyinstrument  # noqa: F401
    except ImportError:
        return {"missing": "pip install pyinstrument"}
    out_dir.mkdir(parents=True, exist_ok=True)
    m = measure([sys.executable, "-c", code], timeout, sample=False)
    if m["timed_out"]:
        return {"failed": f"did not finish within {timeout:g} s"}
    if m["code"] != 0:
        return {"failed": m["stderr"][-800:]}
    data = json.loads((out_dir / "profile.json").read_text())
    data["tree"] = (out_dir / "profile.txt").read_text()
    data["what"] = what
    return data


def _skipped(failed: set, part: str, n: int, t: int) -> str | None:
    """Why `part` is not run at (n, t): it did not finish at a size no larger in both N and T."""
    for (p, n0, t0) in failed:
        if p == part and n >= n0 and t >= t0:
            return f"not run: did not finish at N={n0}, T={t0}"
    return None


def run_size(n: int, t: int, args, clingo: list[str], log, failed: set, row: dict | None = None) -> dict:
    from generate import generate

    import theorycheck

    kb_dir = generate(n, t, args.axioms, args.seed)
    row = dict(row or {"N": n, "T": t, "A": args.axioms})
    parts = set(args.parts.split(","))
    work = Path(tempfile.mkdtemp(prefix=f"tc-bench-n{n}-t{t}-"))
    timeout = args.timeout
    explaid_theories = {int(x) for x in args.explaid_theories.split(",") if x}
    try:
        # (a) theorycheck matrix, end to end
        if "matrix" in parts:
            log(f"N={n} T={t}: matrix")
            why = _skipped(failed, "matrix", n, t)
            command = _theorycheck() + ["--kb", str(kb_dir), "--timeout", str(int(timeout)), "matrix", "--output",
                                        str(work / "reports")]
            if not why and not args.cold:  # a person's second run: the analysis cache holds this code's entries
                measure(command, timeout, sample=False)
            m = {"timed_out": True} if why else measure(command, timeout)
            if m["timed_out"]:
                row["matrix"] = {"dnf": True, "skipped": why}
                failed.add(("matrix", n, t))
            elif m["code"] != 0:
                raise RuntimeError(f"theorycheck matrix failed (exit {m['code']}): {m['stderr']}")
            else:
                row["matrix"] = {k: m[k] for k in ("wall", "rss", "tree_rss")}
        # (b) bare clingo on the same programs
        if "clingo" in parts:
            log(f"N={n} T={t}: bare clingo")
            kb = theorycheck.load_kb(kb_dir)
            why = _skipped(failed, "clingo", n, t)
            row["clingo"] = {"dnf": True, "skipped": why} if why else run_clingo(kb, work / "programs", clingo, timeout)
            if "dnf" in row["clingo"]:
                failed.add(("clingo", n, t))
            row["clingo"].pop("per_theory", None) if not args.keep_details else None
        # (c) the per-finding loop
        if "loop" in parts:
            if n <= args.loop_max or args.loop_sample > 0:
                limit = n if n <= args.loop_max else min(n, args.loop_sample)
                log(f"N={n} T={t}: per-finding loop ({limit} of {n} findings solved)")
                why = _skipped(failed, "loop", n, t)
                m = {"timed_out": True} if why else measure(_worker("loop", str(kb_dir), str(limit)), timeout)
                if m["timed_out"]:
                    row["loop"] = {"dnf": True, "skipped": why}
                    failed.add(("loop", n, t))
                else:
                    data = json.loads(m["stdout"].strip().splitlines()[-1])
                    data.update(wall=m["wall"], rss=m["rss"], tree_rss=m["tree_rss"], estimated=limit < n)
                    row["loop"] = data
        # (d) explanations and repairs
        if "explain" in parts:
            log(f"N={n} T={t}: check / explain / repair")
            why = _skipped(failed, "explain", n, t)
            m = ({"timed_out": True, "stdout": "", "rss": None, "tree_rss": None, "wall": None} if why else
                 measure(_worker("explain", str(kb_dir)), timeout))
            lines = m["stdout"].strip().splitlines()
            row["explain"] = json.loads(lines[-1]) if lines else {}
            row["explain"].update(rss=m["rss"], tree_rss=m["tree_rss"], wall=m["wall"])
            if why:
                row["explain"]["skipped"] = why
            elif m["timed_out"]:
                row["explain"]["unfinished"] = next(
                    (k for k in ("load", "check", "explain", "repair") if k not in row["explain"]), "repair")
                failed.add(("explain", n, t))
            elif m["code"] != 0:
                row["explain"]["failed"] = m["stderr"][-500:]
        if "explaid" in parts and n <= args.explaid_max and t in explaid_theories:
            log(f"N={n} T={t}: clingo-explaid")
            m = measure(_worker("explaid", str(kb_dir)), timeout)
            if m["timed_out"]:
                row["explaid"] = {"dnf": True}
            elif m["code"] != 0:
                row["explaid"] = {"failed": m["stderr"][-500:]}
            else:
                row["explaid"] = json.loads(m["stdout"].strip().splitlines()[-1])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000,50000", help="numbers of findings (comma-separated)")
    parser.add_argument("--theories", default="6,30", help="numbers of theories (comma-separated)")
    parser.add_argument("--axioms", type=int, default=8, help="axioms per theory (default 8)")
    parser.add_argument("--seed", type=int, default=2011)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds allowed to one measurement")
    parser.add_argument("--loop-max", type=int, default=1000, help="largest N the per-finding loop solves fully")
    parser.add_argument("--loop-sample", type=int, default=200,
                        help="above --loop-max: findings solved, the rest extrapolated (0: skip the loop)")
    parser.add_argument("--explaid-max", type=int, default=1000, help="largest N to run clingo-explaid on")
    parser.add_argument("--explaid-theories", default="6", help="numbers of theories to run clingo-explaid with")
    parser.add_argument("--clingo", default=None, help="the clingo executable (default: $CLINGO, PATH, beside Python)")
    parser.add_argument("--profile-size", default="1000,6", help="N,T to profile the matrix at ('' to skip)")
    parser.add_argument("--profile-check-size", default="10000,6",
                        help="N,T to profile load + lint + check (no explanations) at ('' to skip)")
    parser.add_argument("--help-repeat", type=int, default=10)
    parser.add_argument("--smoke", action="store_true", help="N=100, T=2 only; print, write nothing")
    parser.add_argument("--report-only", action="store_true", help="rewrite README section and SVG from scale.json")
    parser.add_argument("--append", action="store_true",
                        help="merge these sizes into the rows of an existing bench/scale.json (same machine)")
    parser.add_argument("--parts", default="matrix,clingo,loop,explain,explaid",
                        help="measurements to run (with --append, the others are kept from bench/scale.json)")
    parser.add_argument("--keep-details", action="store_true", help="keep per-theory clingo timings in scale.json")
    parser.add_argument("--cold", action="store_true",
                        help="time the matrix on its first run (by default a run before it fills the analysis cache)")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        kind, *rest = args.worker
        data = {"loop": lambda: worker_loop(rest[0], int(rest[1])), "explain": lambda: worker_explain(rest[0]),
                "explaid": lambda: worker_explaid(rest[0])}[kind]()
        print(json.dumps(data))
        return 0

    if args.report_only:
        results = json.loads(RESULTS.read_text())
        write_report(results)
        return 0

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    clingo, clingo_version = find_clingo(args.clingo)
    if args.smoke:
        sizes, theories, args.axioms = [100], [2], 6
        args.help_repeat, args.profile_size, args.profile_check_size = 3, "", ""
    else:
        sizes = [int(s) for s in args.sizes.split(",") if s]
        theories = [int(t) for t in args.theories.split(",") if t]
    # The executable's own path is this machine's: the README says how to get one (CLINGO=DIR/...).
    command = " ".join((["CLINGO=DIR/clyngor_with_clingo/bin/linux/clingo"] if os.environ.get("CLINGO") else [])
                       + ["python", "bench/run.py", shlex.join(argv if argv is not None else sys.argv[1:])])
    results = {"machine": machine(clingo_version), "command": command, "clingo_command": [_shown(c) for c in clingo],
               "axioms": args.axioms, "seed": args.seed, "timeout": args.timeout, "loop_max": args.loop_max,
               "loop_sample": args.loop_sample, "rows": []}
    previous = json.loads(RESULTS.read_text()) if args.append and RESULTS.exists() else None
    kept: dict = {}
    if previous:
        kept = {(r["N"], r["T"]): r for r in previous["rows"] if r["N"] in sizes and r["T"] in theories}
        results["rows"] = [r for r in previous["rows"] if not (r["N"] in sizes and r["T"] in theories)]
        results["command"] = previous["command"] + "\n" + command
        for key in ("help", "profiles", "notes"):
            if key in previous:
                results[key] = previous[key]
    if not previous or args.help_repeat != 10 or "help" not in results:
        log("theorycheck --help vs import typer")
        results["help"] = time_help(args.help_repeat)
    failed: set = set()
    for r in results["rows"]:  # rows kept from an earlier run: what did not finish there is not tried larger
        for part in ("matrix", "clingo", "loop"):
            if "dnf" in (r.get(part) or {}):
                failed.add((part, r["N"], r["T"]))
        if {"unfinished", "skipped"} & set(r.get("explain", {})):
            failed.add(("explain", r["N"], r["T"]))
    for n in sizes:
        for t in theories:
            row = run_size(n, t, args, clingo, log, failed, kept.get((n, t)))
            results["rows"].append(row)
            results["rows"].sort(key=lambda r: (r["N"], r["T"]))
            if not args.smoke:
                RESULTS.write_text(json.dumps(results, indent=1))
    for spec, what in ((args.profile_size, "matrix"), (args.profile_check_size, "check")):
        if not spec:
            continue
        n, t = (int(x) for x in spec.split(","))
        log(f"profile of {what} at N={n} T={t}")
        from generate import generate

        kb_dir = generate(n, t, args.axioms, args.seed)
        with tempfile.TemporaryDirectory() as tmp:
            data = profile_tree(kb_dir, Path(tmp), args.timeout, what)
        data.update(N=n, T=t)
        results["profiles"] = [p for p in results.get("profiles", []) if p.get("what") != what] + [data]
        if not args.smoke:
            RESULTS.write_text(json.dumps(results, indent=1))
    results["machine"]["load average (1/5/15 min) at the end"] = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    text = render(results)
    print(text)
    if args.smoke:
        ok = all("dnf" not in r.get("matrix", {}) for r in results["rows"])
        return 0 if ok else 1
    RESULTS.write_text(json.dumps(results, indent=1))
    write_report(results)
    return 0


# ---------------------------------------------------------------------------------------------------------------
# Report: tables, targets, plot
# ---------------------------------------------------------------------------------------------------------------

def _s(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return f"{seconds:.2f}" if seconds < 10 else f"{seconds:.1f}" if seconds < 100 else f"{seconds:.0f}"


def _mb(b: float | None) -> str:
    return "–" if b is None else f"{b / 1024**2:.0f}"


def _x(a: float | None, b: float | None) -> str:
    return "–" if a is None or b is None or b == 0 else f"{a / b:.2f}×" if a / b < 10 else f"{a / b:.0f}×"


def _stage(e: dict, name: str) -> str:
    if name in e:
        return _s(e[name])
    if e.get("skipped"):
        return "not run"
    if "unfinished" in e or "failed" in e:
        order = ("load", "check", "explain", "repair")
        stop = e.get("unfinished") or e.get("stage", "load")
        return "did not finish" if name == stop else "not run" if order.index(name) > order.index(stop) else "–"
    return "–"


def _get(row: dict, part: str, key: str):
    value = row.get(part, {})
    return None if "dnf" in value or "failed" in value or "missing" in value else value.get(key)


def _dnf(row: dict, part: str) -> bool:
    return "dnf" in row.get(part, {})


def _row(results: dict, n: int, t: int) -> dict | None:
    return next((r for r in results["rows"] if r["N"] == n and r["T"] == t), None)


def targets(results: dict) -> list[tuple[str, str, str, str]]:
    """(target, measured, limit, met?) for each target of issue 7 the run can judge."""
    out = []
    r = _row(results, 10000, 30)
    if r:
        m, c = _get(r, "matrix", "wall"), _get(r, "clingo", "path")
        ratio = m / c if m and c else None
        hand = _row(results, 10000, 6)
        hand_point = next((e for e in results.get("extra_points", []) if e["series"] == "matrix" and e["T"] == 6
                           and e["N"] == 10000), None)
        if not ratio and hand and hand_point and _get(hand, "clingo", "path"):
            out.append(("matrix / bare clingo (critical path), N=10k, T=6 (by hand, no limit)",
                        _x(hand_point["wall"], _get(hand, "clingo", "path")), "≤ 1.3×", "missed"))
        out.append(("matrix / bare clingo (critical path), N=10k, T=30", _x(m, c) if ratio else "did not finish",
                    "≤ 1.3×", "met" if ratio and ratio <= 1.3 else "missed"))
    for t in sorted({r["T"] for r in results["rows"]}):
        a, b = _row(results, 1000, t), _row(results, 10000, t)
        if a and b:
            for what, key in (("time", "wall"), ("memory (tree peak)", "tree_rss")):
                x, y = _get(a, "matrix", key), _get(b, "matrix", key)
                ratio = y / x if x and y else None
                hand = next((e for e in results.get("extra_points", []) if e["series"] == "matrix" and e["T"] == t
                             and e["N"] == 10000), None)
                shown = f"{ratio:.1f}×" if ratio else "did not finish"
                if not ratio and hand and x:
                    value = hand["wall"] if key == "wall" else hand.get("rss")
                    a_value = x if key == "wall" else _get(a, "matrix", "rss")
                    if value and a_value:
                        shown += f" (by hand, no limit: {value / a_value:.1f}×{'' if key == 'wall' else ', largest process'})"
                out.append((f"matrix {what} growth 1k → 10k, T={t}", shown,
                            "≤ 12×", "met" if ratio and ratio <= 12 else "missed"))
    for t in sorted({r["T"] for r in results["rows"]}):
        r = _row(results, 1000, t)
        if r and r.get("loop"):
            loop, m = _get(r, "loop", "wall"), _get(r, "matrix", "wall")
            ratio = loop / m if loop and m else None
            out.append((f"per-finding loop / matrix, N=1k, T={t}", f"{ratio:.1f}×" if ratio else "–", "≥ 100×",
                        "met" if ratio and ratio >= 100 else "missed"))
            # The most any tool built on clingo could reach: the bare executable grounding and solving each theory
            # once with no instrumentation at all (verdicts only; no conflict sets, repairs or reports).
            plain = _get(r, "clingo", "plain_path")
            if loop and plain:
                bound = loop / plain
                out.append((f"... its ceiling: per-finding loop / bare clingo on the plain programs, N=1k, T={t}",
                            f"{bound:.0f}×", "≥ 100×", "reachable" if bound >= 100 else "unreachable"))
    r = _row(results, 1000, 6)
    if r and r.get("explaid") and "cells" in r["explaid"]:
        e = r["explaid"]
        ours, theirs = e["ours_ground"] + e["ours_enum"], e["mus_ground"] + e["mus_enum"]
        out.append(("all minimal conflict sets, N=1k, T=6: clingo-explaid / theorycheck (enumeration)",
                    _x(e["mus_enum"], e["ours_enum"]), "> 1×", "met" if e["mus_enum"] > e["ours_enum"] else "missed"))
        out.append(("... the same with grounding and setup", _x(theirs, ours), "> 1×",
                    "met" if theirs > ours else "missed"))
    h = results.get("help")
    if h:
        ratio = h["help"] / h["typer"]
        out.append(("`theorycheck --help` / `python -c \"import typer\"`", f"{ratio:.2f}×", "< 2×",
                    "met" if ratio < 2 else "missed"))
        out.append(("`theorycheck --help` imports neither clingo nor sympy",
                    "imports " + ", ".join(h["imports"]) if h["imports"] else "neither", "neither",
                    "met" if not h["imports"] else "missed"))
    return out


def targets_17(results: dict) -> list[tuple[str, str, str, str]]:
    """Issue 17's targets at scale: verdicts near the plain-clingo floor, the matrix within the bare executable,
    growth from 10k to 50k findings."""
    out = []
    for n, t in ((10000, 30), (50000, 6)):
        r = _row(results, n, t)
        check, plain = (_get(r, "explain", "check"), _get(r, "clingo", "plain_path")) if r else (None, None)
        if check and plain:
            out.append((f"check / plain clingo (critical path), N={n // 1000}k, T={t}", _x(check, plain), "≤ 2.5×",
                        "met" if check / plain <= 2.5 else "missed"))
    for r in sorted(results["rows"], key=lambda r: (r["N"], r["T"])):
        m, c = _get(r, "matrix", "wall"), _get(r, "clingo", "path")
        if r["N"] >= 1000 and m and c:
            out.append((f"matrix / bare clingo (critical path), N={r['N'] // 1000}k, T={r['T']}", _x(m, c), "≤ 1.0×",
                        "met" if m / c <= 1.0 else "missed"))
    a, b = _row(results, 10000, 6), _row(results, 50000, 6)
    x, y = (_get(a, "matrix", "wall"), _get(b, "matrix", "wall")) if a and b else (None, None)
    if x and y:
        out.append(("matrix time growth 10k → 50k, T=6", f"{y / x:.2f}×", "≤ 5.5×", "met" if y / x <= 5.5 else "missed"))
    return out


def _shown(path: str) -> str:
    """A command word as the README shows it: no machine's folders (the interpreter is `python`, the executable
    is `$CLINGO`)."""
    if path == sys.executable:
        return "python"
    return "$CLINGO" if os.path.isabs(path) else path


def render(results: dict) -> str:
    rows = results["rows"]
    lines = []
    lines.append("| N | T | asked keys | matrix s | matrix peak MB (largest / tree) | bare clingo s (sum / critical path) "
                 "| plain clingo s | matrix / clingo | matrix / plain clingo | check / plain clingo | loop s "
                 "| loop / matrix | loop / check | check s | explain s | repair s |")
    lines.append("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for r in rows:
        m = r.get("matrix", {})
        mw = "not run" if m.get("skipped") else "did not finish" if _dnf(r, "matrix") else _s(m.get("wall"))
        c = r.get("clingo", {})
        cw = ("not run" if c.get("skipped") else "did not finish" if "dnf" in c else
              f"{_s(c.get('sum'))} / {_s(c.get('path'))}")
        pw = "–" if "dnf" in c else f"{_s(c.get('plain_sum'))} / {_s(c.get('plain_path'))}"
        loop = r.get("loop")
        e = r.get("explain", {})
        if not loop:
            lw, lr, lc = "skipped", "–", "–"
        elif "dnf" in loop:
            lw, lr, lc = "not run" if loop.get("skipped") else "did not finish", "–", "–"
        elif loop.get("estimated"):
            est = loop["estimated_path"]
            lw, lr = f"est. {_s(est)} ({loop['solved']} solved)", _x(est, m.get("wall"))
            lc = _x(est - loop["load"], e.get("check"))
        else:
            lw, lr = _s(loop["wall"]), _x(loop["wall"], m.get("wall"))
            lc = _x(loop["wall"] - loop["load"], e.get("check"))
        ew = [_stage(e, k) for k in ("check", "explain", "repair")]
        lines.append(f"| {r['N']} | {r['T']} | {e.get('asked_keys', '–')} | {mw} "
                     f"| {_mb(m.get('rss'))} / {_mb(m.get('tree_rss'))} | {cw} | {pw} "
                     f"| {_x(m.get('wall'), c.get('path'))} | {_x(m.get('wall'), c.get('plain_path'))} "
                     f"| {_x(e.get('check'), c.get('plain_path'))} | {lw} | {lr} | {lc} "
                     f"| {' | '.join(ew)} |")
    table = "\n".join(lines)
    verdict_lines = ["| N | T | explained | partial | silent | contradicted | contradicted cells explained "
                     "| conflict sets | incomplete cells | incoherent keys |", "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for r in rows:
        e = r.get("explain", {})
        if "verdicts" not in e:
            continue
        v = e["verdicts"]
        verdict_lines.append(f"| {r['N']} | {r['T']} | {v['explained']} | {v['partial']} | {v['silent']} "
                             f"| {v['contradicted']} | {e.get('cells', '–')} | {e.get('conflict_sets', '–')} | {e.get('incomplete_cells', '–')} "
                             f"| {e['incoherent']} |")
    explaid_lines = []
    for r in rows:
        x = r.get("explaid")
        if not x:
            continue
        if "cells" not in x:
            explaid_lines.append(f"| {r['N']} | {r['T']} | {'did not finish' if 'dnf' in x else x} | | | | | |")
            continue
        explaid_lines.append(f"| {r['N']} | {r['T']} | {x['cells']} | {_s(x['ours_ground'])} | {_s(x['ours_enum'])} "
                             f"| {_s(x['mus_ground'])} | {_s(x['mus_enum'])} | {_x(x['mus_enum'], x['ours_enum'])} "
                             f"| {x['mismatches']} |")
    growth = []
    for t in sorted({r["T"] for r in rows}):
        ns = sorted(r["N"] for r in rows if r["T"] == t)
        for a, b in zip(ns, ns[1:]):
            ra, rb = _row(results, a, t), _row(results, b, t)
            growth.append(f"| {t} | {a} → {b} | {_x(_get(rb, 'matrix', 'wall'), _get(ra, 'matrix', 'wall'))} "
                          f"| {_x(_get(rb, 'matrix', 'tree_rss'), _get(ra, 'matrix', 'tree_rss'))} "
                          f"| {_x(_get(rb, 'clingo', 'path'), _get(ra, 'clingo', 'path'))} "
                          f"| {_x(_get(rb, 'clingo', 'rss'), _get(ra, 'clingo', 'rss'))} |")
    agree = []
    for r in rows:
        loop, e = r.get("loop") or {}, r.get("explain", {})
        if "counts" in loop and not loop.get("estimated") and "verdicts" in e:
            total = {v: sum(c.get(v, 0) for c in loop["counts"]) for v in e["verdicts"]}
            agree.append(f"N={r['N']}, T={r['T']}: {'same' if total == e['verdicts'] else f'DIFFERENT {total}'}")
    out = [table, "", "Verdicts (from `check`), and what `check(explain=True)` found:", "",
           "\n".join(verdict_lines)]
    if agree:
        out += ["", "The per-finding loop's verdict counts against `check`'s: " + "; ".join(agree) + "."]
    if explaid_lines:
        out += ["", "All minimal conflict sets of every contradicted cell, bench/conflicts.py's `run_theory` on the same "
                "grounding (seconds; ratio: clingo-explaid enumeration over theorycheck enumeration):", "",
                "| N | T | cells | theorycheck ground | theorycheck enumerate | clingo-explaid ground + setup "
                "| clingo-explaid enumerate | ratio | mismatches |", "|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
                "\n".join(explaid_lines)]
    if growth:
        out += ["", "Growth from one size to the next (ratios of the larger size over the smaller):", "",
                "| T | N | matrix time | matrix memory | bare clingo time | bare clingo memory |",
                "|--:|--|--:|--:|--:|--:|", "\n".join(growth)]
    t = targets(results)
    if t:
        out += ["", "Targets of issue 7, judged on this run:", "", "| target | measured | limit | |", "|---|--:|--:|---|"]
        out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in t]
    t = targets_17(results)
    if t:
        out += ["", "Targets of issue 17 at scale, judged on this run (its real-KB targets: the section above):", "",
                "| target | measured | limit | |", "|---|--:|--:|---|"]
        out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in t]
    h = results.get("help")
    if h:
        out += ["", f"`theorycheck --help`: {h['help'] * 1000:.0f} ms; `python -c \"import typer\"`: "
                f"{h['typer'] * 1000:.0f} ms (medians of {h['repeat']}, interleaved)."]
    return "\n".join(out)


def svg_plot(results: dict) -> str:
    """A log-log plot of wall time against N, one polyline per series, drawn without any plotting library."""
    series = []
    colours = {"matrix": "#1f77b4", "clingo": "#2ca02c", "plain": "#98df8a", "loop": "#d62728", "explain": "#9467bd",
               "check": "#ff7f0e"}
    dashes = {6: "", 30: "6,3"}
    for t in sorted({r["T"] for r in results["rows"]}):
        for name, label, get in (
                ("matrix", "theorycheck matrix", lambda r: (_get(r, "matrix", "wall"), False)),
                ("clingo", "bare clingo, the matrix's programs", lambda r: (_get(r, "clingo", "path"), False)),
                ("plain", "bare clingo, plain programs", lambda r: (_get(r, "clingo", "plain_path"), False)),
                ("explain", "check(explain=True)", lambda r: (_get(r, "explain", "explain"), False)),
                ("check", "check, verdicts only", lambda r: (_get(r, "explain", "check"), False)),
                ("loop", "per-finding loop", lambda r: (None, False) if not r.get("loop") or "dnf" in r["loop"] else
                 ((r["loop"]["estimated_path"], True) if r["loop"].get("estimated") else (r["loop"]["wall"], False)))):
            points = [(r["N"], *get(r)) for r in sorted(results["rows"], key=lambda r: r["N"]) if r["T"] == t]
            points = [p for p in points if p[1]]
            points += [(e["N"], e["wall"], True) for e in results.get("extra_points", [])
                       if e["series"] == name and e["T"] == t]
            points.sort()
            if points:
                series.append((f"{label}, T={t}", colours[name], dashes.get(t, "2,2"), points))
    if not series:
        return ""
    xs = [p[0] for s in series for p in s[3]]
    ys = [p[1] for s in series for p in s[3]]
    x0, x1 = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    x1, y1 = max(x1, x0 + 1), max(y1, y0 + 1)
    width, height, left, right, top, bottom = 980, 600, 80, 360, 40, 60
    pw, ph = width - left - right, height - top - bottom

    def px(x):
        return left + (math.log10(x) - x0) / (x1 - x0) * pw

    def py(y):
        return top + ph - (math.log10(y) - y0) / (y1 - y0) * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left + pw / 2}" y="22" text-anchor="middle" font-size="15">Wall time against findings '
           f'(log-log), {results["axioms"]} axioms per theory</text>']
    def ticks(lo: int, hi: int):
        """Grid values of a log axis from 10**lo to 10**hi: (value, whether it is a power of ten)."""
        return [(k * 10 ** e, k == 1) for e in range(lo, hi + 1) for k in range(1, 10) if e < hi or k == 1]

    for v, major in ticks(x0, x1):
        x = px(v)
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + ph}" stroke="{"#ccc" if major else "#eee"}"/>')
        if major:
            out.append(f'<text x="{x:.1f}" y="{top + ph + 18}" text-anchor="middle">{v:g}</text>')
    for v, major in ticks(y0, y1):
        y = py(v)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="{"#ccc" if major else "#eee"}"/>')
        if major:
            out.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">{v:g} s</text>')
    out.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#333"/>')
    out.append(f'<text x="{left + pw / 2}" y="{height - 15}" text-anchor="middle">findings N</text>')
    out.append(f'<text transform="translate(18,{top + ph / 2}) rotate(-90)" text-anchor="middle">wall time</text>')
    for i, (label, colour, dash, points) in enumerate(series):
        coords = " ".join(f"{px(n):.1f},{py(y):.1f}" for n, y, _ in points)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>')
        for n, y, estimated in points:
            fill = "white" if estimated else colour
            out.append(f'<circle cx="{px(n):.1f}" cy="{py(y):.1f}" r="3.5" fill="{fill}" stroke="{colour}"/>')
        ly = top + 10 + i * 20
        lx = left + pw + 15
        out.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 30}" y2="{ly}" stroke="{colour}" stroke-width="2"'
                   f'{dash_attr}/>')
        out.append(f'<text x="{lx + 36}" y="{ly + 4}">{label}</text>')
    ly = top + 10 + len(series) * 20 + 10
    out.append(f'<circle cx="{left + pw + 30}" cy="{ly}" r="3.5" fill="white" stroke="#333"/>'
               f'<text x="{left + pw + 51}" y="{ly + 4}">estimated, or run by hand past the limit</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_report(results: dict) -> None:
    SVG.write_text(svg_plot(results), encoding="utf-8")
    section = BEGIN + "\n" + readme_section(results) + "\n" + END + "\n"
    text = README.read_text(encoding="utf-8") if README.exists() else ""
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        text = before + section + after
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + section
    README.write_text(text, encoding="utf-8")


# What the functions the profile names do, and what to change; matched by function name and file.
NOTES = {
    ("<listcomp>", "theorycheck/engine.py"): "in `_solve`: one `Grounding.solve` per distinct conflict set, to show its clash",
    ("solve", "theorycheck/solver/grounding.py"):
        "`Grounding.solve`: cautious solving, then the shown atoms (predictions, mechanisms, `_tc_fired`) turned "
        "into text: one CFFI call per argument; the fired rules are most of them",
    ("<genexpr>", "theorycheck/solver/grounding.py"): "the conversion of a model's fired rules into text",
    ("name", "clingo/symbol.py"): "one CFFI call per `Symbol.name`",
    ("arguments", "clingo/symbol.py"): "one CFFI call per `Symbol.arguments`",
    ("__str__", "clingo/symbol.py"): "one CFFI call per `str(Symbol)`",
    ("repair_all", "theorycheck/repair.py"): "the repair searches of every theory, in bounded workers",
    ("_enumerate", "theorycheck/repair.py"): "one theory's repair grounding and its three searches",
    ("__init__", "theorycheck/solver/repairs.py"): "`RepairGrounding`: rewrite, parse and ground the repair program (one for the three searches)",
    ("enumerate", "theorycheck/solver/repairs.py"): "one repair search (domRec or optN) on the shared grounding",
    ("__init__", "theorycheck/solver/grounding.py"):
        "`Grounding`: parse, rewrite (AST transformer in Python) and ground background + theory + asked keys",
    ("all_minimal_conflicts", "theorycheck/solver/grounding.py"):
        "every contradicted cell's minimal conflict sets, in one domRec enumeration",
    ("enumerate_minimal", "theorycheck/solver/batches.py"): "the domRec solve call of the conflict-set enumeration",
    ("bottom", "theorycheck/solver/cone.py"): "a batch's part of the ground program, copied into a Control of its own",
    ("load", "theorycheck/cli.py"): "`Options.load`: `load_kb` and the lint checks before any solving",
    ("load_kb", "theorycheck/kb.py"): "reads background, vocabulary (a solve), findings and theories",
    ("read_findings", "theorycheck/findings.py"): "parses findings.lp into facts and checks every one",
    ("scan_facts", "theorycheck/solver/scanning.py"): "the fast path of reading a findings file (a regular grammar)",
    ("arguments", "theorycheck/solver/scanning.py"): "each distinct argument text of a fact, read once",
    ("_assemble", "theorycheck/findings.py"): "facts grouped into Finding objects and checked against the vocabulary",
    ("_result", "theorycheck/engine.py"): "verdicts and conflict-set details turned into the result objects",
    ("check_results", "theorycheck/engine.py"): "the parent's part of `check`: `_result` for every theory",
    ("predictions_of", "theorycheck/engine.py"): "derivation trees of every prediction of a solve",
    ("__init__", "theorycheck/derivation.py"): "the shortest well-founded derivation of every derived atom",
    ("judge", "theorycheck/verdicts.py"): "the verdict of one finding from the indexed predictions",
    ("static_errors", "theorycheck/lint.py"): "lint: findings observing a drug the background does not describe",
    ("render_theory", "theorycheck/report.py"): "the Markdown report of one theory",
    ("render_matrix", "theorycheck/report.py"): "the Markdown matrix",
    ("table", "theorycheck/report.py"): "a GitHub Markdown table (mdtable.py)",
    ("ground", "clingo/control.py"): "clingo's grounder (C++)",
    ("_ground", "theorycheck/solver/parsing.py"): "`Control.ground` with the engine's error handling",
    ("read_facts", "theorycheck/solver/parsing.py"): "a data file's facts: the fast path, or clingo's AST for the rest",
    ("_symbol_to_term", "theorycheck/solver/parsing.py"): "conversion of a clingo symbol into a `Term` (memoised)",
    ("__getattr__", "clingo/ast.py"): "AST attribute access through CFFI, in the rule rewriters",
    ("add", "clingo/control.py"): "`Control.add` parsing the engine's encodings and the small per-theory texts",
    ("check", "theorycheck/engine.py"): "verdicts of every theory: the workers, then `_result` in the parent",
    ("_solve", "theorycheck/engine.py"): "one theory's worker: ground, solve, and with explain every cell's sets",
    ("run_bounded", "theorycheck/sandbox.py"): "the parent waiting for its worker processes",
    ("report_files", "theorycheck/bundle.py"):
        "the whole matrix: checks and repair searches in one pool of workers, then the renderers",
    ("solve", "clingo/control.py"): "clingo's solver (C++), including the Python model callbacks",
}
SKIP = ("typer/", "click/", "<string>", "runpy", "<frozen")
SKIP_FUNCTIONS = {"main", "matrix", "<module>", "inline", "__call__", "invoke", "wrapper", "_main"}


def profile_table(data: dict, rows: int = 14) -> str:
    if "top" not in data:
        return f"(no profile: {data.get('missing') or data.get('failed')})"
    total = data["duration"]
    lines = ["| function | file:line | cumulative | what it does / what to change |", "|---|---|--:|---|"]
    shown = 0
    for function, file, line, seconds in data["top"]:
        if any(k in file for k in SKIP) or function in SKIP_FUNCTIONS and "theorycheck/cli" in file \
                or function in ("inline", "<listcomp>") and file == "" or function.startswith("[self]"):
            continue
        if function == "<module>" or (function == "<listcomp>" and "theorycheck" not in file):
            continue
        note = next((text for (f, path), text in NOTES.items() if f == function and file.endswith(path)), "")
        lines.append(f"| `{function}` | {file}:{line} | {100 * seconds / total:.1f} % | {note} |")
        shown += 1
        if shown >= rows:
            break
    return "\n".join(lines)


def readme_section(results: dict) -> str:
    mach = results["machine"]
    sizes = sorted({r["N"] for r in results["rows"]})
    ts = sorted({r["T"] for r in results["rows"]})
    parts = [
        "## Scale",
        "",
        "Generated by `bench/run.py` (the section between the `scale` markers; the rest of this file belongs to "
        "bench/conflicts.py). Raw numbers: [`scale.json`](scale.json). Command, from the repository root:",
        "",
        "```bash",
        results["command"],
        "```",
        "",
        f"**Knowledge bases.** `bench/generate.py` writes, for N findings and T theories of {results['axioms']} axioms "
        f"(seed {results['seed']}), a KB over the real vocabulary: a copy of `theories/background.lp`, N findings "
        "comparing an opiate with a psychostimulant (about 55 % differences, 45 % similarities; effect/3 and "
        "compare/4 keys mostly, some predictor, contrast, relation and cross_predicts keys; full metadata and a "
        "citation each) and T synthetic theories written like the real ones. Sizes: N = "
        f"{', '.join(map(str, sizes))}; T = {', '.join(map(str, ts))}.",
        "",
        "**What is measured**, each in its own process, wall time from process start to exit; memory is the peak "
        "resident set of the largest single process (wait4) and of the whole process tree (sampled every 0.25 s):",
        "",
        "- *matrix*: `theorycheck --kb KB matrix --output DIR` end to end, its second run (the first, untimed, "
        "fills the analysis cache, as a person's first run after an install or an edit does; `--cold` times the "
        "first) (load, lint, verdicts, every minimal "
        "conflict set of every contradicted cell, repairs of every theory with their four searches and the effects "
        "of the auxiliary repairs on the other theories, the sensitivity sweep, reports written).",
        f"- *bare clingo*: `{' '.join(results['clingo_command'])}` ({mach['clingo executable']}) on the programs the "
        "matrix solves, written to files from the engine's own worker jobs (`check_jobs`, `repair_jobs`, "
        "`sensitivity_jobs`, so with exactly their generated facts), per theory: the rewritten check program (axiom "
        "and auxiliary guards, `_tc_fired` tracing twins with the `_tc_need` rules of the firing cone, vocabulary "
        "helpers traced, the asked keys; the clash targets the engine adds for the conflict sets alone, and only "
        "those of the clashes the program derives; `--enum-mode=cautious`), solved once with "
        "every switch on and once with the theory's axioms off (the engine's second solve on the same grounding, "
        "whose predictions it leaves out of the theory's verdicts); the sensitivity sweep (one grounding, one "
        "cautious solve per setting, on the program without tracing twins, as the engine grounds it: nothing off, "
        "each auxiliary off in turn, each axiom off; and once for all "
        "theories the background alone, with the asked keys only, under each auxiliary off, as the engine shares "
        "it), run as the engine runs it, multi-shot, by a `main` script in the executable's embedded "
        "Python (its start-up, measured on an empty script, is subtracted: the engine's forked workers have Python "
        "running); and the repair program, once for the first cautious solve in mode background and once per search "
        "(subset and auxiliary by domRec, cardinality and restrict by optN, `--time-limit=60` as the engine's "
        "search limit), the background solve's `_tc_bg`/`_tc_rbg` atoms written as facts for the searches. The "
        "engine grounds the check program once for both solves and the repair program once for all five, switching "
        "the check's guards by assumptions and the repair's by externals; the executable grounds each once per "
        "solve (the sweep excepted, whose script assumes the guards as the engine does). *sum* is one after another; "
        "*critical path* schedules the jobs on the machine's cores as the matrix runs them (the background's "
        "sweep beside the repairs, then the checks and the sweeps), and is what *matrix / clingo* divides by. "
        "The minimal-conflict-set enumeration has no bare-clingo counterpart here (it is multi-shot on the check "
        "grounding); it is timed on its own (*explain*) and against clingo-explaid below. *plain clingo* is "
        "background + theory + `asked/1` facts with no engine instrumentation (cautious, `#show predicts/2`): "
        "the floor of what verdicts alone can cost. Two ratios divide by its critical path: *check / plain clingo* "
        "compares like with like (the engine's verdicts, `check(kb)` on a loaded KB, against the same verdicts "
        "from the plain programs: issue 17's target); *matrix / plain clingo* compares the whole matrix (conflict "
        "sets, repairs, the sweep, reports) with verdicts alone, so it says how much the matrix adds to the floor, "
        "not how close the engine comes to it. The `clingo` Python package ships no executable; this run used the "
        "one in the `clyngor-with-clingo` wheel: `pip download --no-deps clyngor-with-clingo -d DIR`, unzip the "
        "wheel in DIR, and set `CLINGO=DIR/clyngor_with_clingo/bin/linux/clingo` (its embedded Python finds the "
        "standard library the wheel ships beside it through `PYTHONHOME`/`PYTHONPATH`, which run.py sets); "
        "without one, `python -m clingo` (the library's own main, plus about 0.1 s of interpreter start-up per "
        "call) stands in.",
        "- *loop*: the per-finding design: one `clingo.Control` per theory grounded once with every asked key "
        "(`asked(K) :- _sel(F).` behind one external per finding), and one of the background alone, then per "
        "finding one cautious solve of each (what the background predicts alone is left out, as `check` does) and "
        "the verdict from theorycheck's own `judge` (predicted relations included), theories "
        f"spread over {mach['cores']} worker processes. It computes verdicts only. Above N = {results['loop_max']} it "
        f"solves the first {results['loop_sample']} findings and extrapolates (*est.*: grounding + solve time "
        "× N / solved, per theory, scheduled on the cores). *loop / check* compares it, without its loading of the "
        "KB, with the engine's verdicts-only `check` on a loaded KB (the like-for-like ratio); *loop / matrix* "
        "compares the whole loop process with the whole matrix.",
        "- *check / explain / repair*: in one process, `check(kb)`, `check(kb, explain=True)` and "
        "`repair_all(kb, every theory)`, timed apart (each runs its theories in parallel workers).",
        "",
        f"Each measurement may take {results['timeout']:g} s; one that does not finish is recorded as *did not "
        "finish*, and larger sizes of the same measurement as *not run*.",
        "",
        "Times in seconds, memory in MB:",
        "",
        render(results),
        "",
        "![wall time against N, log-log](scale.svg)",
        "",
    ]
    if results.get("notes"):
        parts += ["### Notes on this run", "", "Measured or observed by hand on the same machine and KBs, and what the "
                  "tables say:", ""]
        parts += [f"- {note}" for note in results["notes"]] + [""]
    for data in results.get("profiles", []):
        what = ("`theorycheck matrix`" if data.get("what", "matrix") == "matrix" else
                "load + lint + `check` (verdicts only, no explanations)")
        parts += [f"### Profile: {what} at N = {data['N']}, T = {data['T']}", "",
                  "pyinstrument, with the engine's worker jobs run inline in one process so that the profile sees "
                  f"them (total {data.get('duration', 0):.1f} s, sequential). Functions by cumulative time, wrappers "
                  "left out:", "", profile_table(data), ""]
    parts += ["Machine:", ""] + [f"- {k}: {v}" for k, v in mach.items()]
    return "\n".join(parts)


if __name__ == "__main__":
    sys.exit(main())
