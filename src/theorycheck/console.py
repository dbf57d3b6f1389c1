"""The theorycheck process: its entry point, what its exit codes and messages are, its signals and its end.

`cli` defines the commands; this module runs them as a program: bad input becomes `file:line:col: error: ...` and
exit code 2, a stopping signal ends every worker, and the process ends without the interpreter's teardown.
"""

from __future__ import annotations

import gc
import os
import signal
import sys

import typer

from .cli import app


def entry() -> None:
    """The `theorycheck` command (and `python -m theorycheck`): `main`, then the process ends (`_leave`)."""
    try:
        main()
    except SystemExit as done:
        _leave(done.code)
    _leave(0)


def _leave(code) -> None:
    """End the process with `code` (as `sys.exit` takes it) without the interpreter's teardown.

    Tearing down frees every object of the loaded KB one by one: 0.03 s of `theorycheck run --theory ...` on the
    shipped KB (7% of it), at 10,000 findings far more, for memory the operating system takes back at once anyway.
    What teardown does that matters is done here: the atexit handlers run (multiprocessing's among them) and the
    standard streams are flushed; a reader that closed the pipe early is not an error of the command's. Only for
    a process that is the command (`entry`): in-process callers of `main` keep their interpreter.
    """
    import atexit

    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`theorycheck run | head`) or a closed stream
            pass
    os._exit(code)


def main() -> None:
    """Console entry point: bad input becomes `file:line:col: error: ...` on stderr and exit code 2.

    typer's standalone mode turns usage errors into exit 2 and `typer.Exit(n)` into exit n; everything else
    that escapes is either bad input (InputError) or an internal error, and neither prints a traceback.
    Raises SystemExit like any click program, so that it can be called in-process (the tests do).
    """
    from .errors import InputError, Interrupted

    # A check holds a few million small objects (findings, predictions, verdicts) and creates no garbage cycles to
    # speak of, so Python's default collector thresholds made it re-scan them over and over: at 10,000 findings a
    # quarter of `theorycheck matrix`. Thresholds as mypy sets them for the same reason; forked workers inherit them.
    gc.set_threshold(200_000, 30, 30)
    previous = {sig: signal.signal(sig, _interrupt) for sig in STOPPING}
    try:
        app()
    except Interrupted as stop:
        typer.echo(f"\ninterrupted by {signal.Signals(stop.signum).name}", err=True)
        sys.exit(128 + stop.signum)
    except InputError as err:
        for diagnostic in err.diagnostics:
            typer.echo(str(diagnostic), err=True)
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - the user sees a message, never a traceback
        if os.environ.get("THEORYCHECK_DEBUG"):
            raise
        typer.echo(f"internal error: {type(exc).__name__}: {exc} (set THEORYCHECK_DEBUG=1 for a traceback)", err=True)
        sys.exit(3)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


# The signals that stop a command: Ctrl-C, `kill`, a closed terminal. Each raises Interrupted in the main thread,
# so every `finally` runs: the workers are killed (sandbox.run_bounded) and a half-staged report set is removed.
STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _interrupt(signum: int, frame) -> None:
    from .errors import Interrupted

    raise Interrupted(signum)
