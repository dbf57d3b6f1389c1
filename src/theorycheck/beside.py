"""Pure work of the engine's own (rendering a report) computed in a forked child while the parent works on."""

from __future__ import annotations

import multiprocessing
import os
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from .sandbox import _die_with


@contextmanager
def beside(func: Callable[..., Any], *args: Any) -> Iterator[Callable[[], Any]]:
    """`func(*args)` computed in a forked child while the caller works on; yields the function that returns it.

    Not for solving (solver jobs go through `sandbox.run_bounded`, bounded in time and memory): the child has no
    limits. It only ever saves time: if it fails in any way, or cannot be forked, the result is computed here, so
    it is what the call itself returns or raises. The child ends with the caller, however the caller ends.

    Example:
        with beside(render_html, result) as page:
            files = render_the_rest(result)
            files["compatibility_matrix.html"] = page()
    """
    process = conn = None
    try:
        ctx = multiprocessing.get_context("fork")
        conn, end = ctx.Pipe(duplex=False)
        process = ctx.Process(target=_compute, args=(end, func, args, os.getpid()), daemon=True)
        process.start()
        end.close()
    except (ValueError, OSError):  # no fork on this platform, or no process to spare
        process = None

    def result() -> Any:
        if process is not None:
            try:
                status, value = conn.recv()
                if status == "ok":
                    return value
            except (EOFError, OSError):  # the child died
                pass
        return func(*args)

    try:
        yield result
    finally:
        if process is not None:
            process.kill()
            process.join()
        if conn is not None:
            conn.close()


def _compute(conn, func: Callable[..., Any], args: tuple, parent: int) -> None:
    _die_with(parent)
    try:
        outcome = ("ok", func(*args))
    except BaseException:  # noqa: BLE001 - the parent computes it again and raises it there
        outcome = ("failed", None)
    try:
        conn.send(outcome)
    except BaseException:  # noqa: BLE001 - unpicklable or too large: the parent sees the pipe close
        pass
    finally:
        conn.close()
