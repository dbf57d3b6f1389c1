"""What machine a benchmark ran on, from /proc (shared by bench/run.py and bench/conflicts.py)."""

from __future__ import annotations

from pathlib import Path


def proc_value(path: str, name: str) -> str | None:
    """The value of the first `name: value` line of a /proc file, or None where there is none."""
    try:
        return next(line.split(":", 1)[1].strip() for line in Path(path).read_text().splitlines()
                    if line.startswith(name))
    except (OSError, StopIteration):
        return None


def cpu_name() -> str:
    return proc_value("/proc/cpuinfo", "model name") or "unknown"


def memory_total() -> str:
    total = proc_value("/proc/meminfo", "MemTotal")  # "24631436 kB"
    return f"{int(total.split()[0]) / 1024**2:.1f} GiB" if total else "unknown"


def person_environment() -> dict[str, str]:
    """This process's environment as a person's machine has it, for the commands a benchmark times: Python writes
    its bytecode (the first run does, as a person's does) and standard output is buffered. A sandbox that sets
    PYTHONDONTWRITEBYTECODE made every timed run compile each module edited since the last install again, some
    0.05 s of `theorycheck run --theory` after an edit of the engine."""
    import os

    return {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED")}
