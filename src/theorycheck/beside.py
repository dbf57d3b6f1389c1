"""Pure work of the engine's own (rendering a report, simplifying formulas) computed in a forked child while the
parent works on."""

from __future__ import annotations

import multiprocessing
import os
import pickle
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from .worker import _die_with


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
    with _child(func, args, None) as (result, _):
        yield result


@contextmanager
def ahead(warm: Callable[[], Any], func: Callable[..., Any]) -> Iterator[Callable[..., Any]]:
    """A forked child that runs `warm()` at once (an import the work will need) and `func(*args)` when the caller
    calls with `args`, once; yields that call. For work whose set-up is costly and whose inputs come late: the
    set-up runs on a core the caller leaves idle (while it loads a knowledge base), not after the inputs are known.
    As with `beside`, a failure of any kind in the child only means the call is computed here.

    Example:
        with ahead(import_sympy, formulas) as compute:
            inputs = search()
            texts = compute(inputs)
    """
    with _child(func, None, warm) as (result, send):
        def call(*args: Any) -> Any:
            return result(*args) if send(args) else func(*args)

        yield call


@contextmanager
def _child(func: Callable[..., Any], args: tuple | None, warm: Callable[[], Any] | None):
    """A child computing `func(*args)`, or (`args` None) `func` of the arguments sent later; yields (result, send):
    `result(*args)` is the child's value or, if it fails, the call made here; `send(args)`, whether they went."""
    process = conn = inbox = None
    try:
        ctx = multiprocessing.get_context("fork")
        conn, end = ctx.Pipe(duplex=False)
        ends = [end]
        if args is None:  # the arguments come later, through a second pipe
            reader, inbox = ctx.Pipe(duplex=False)
            ends.append(reader)
        process = ctx.Process(target=_compute, args=(func, args, os.getpid(), warm, *ends), daemon=True)
        process.start()
        for child_end in ends:
            child_end.close()
    except (ValueError, OSError):  # no fork on this platform, or no process to spare
        process = None

    def result(*late: Any) -> Any:
        if process is not None:
            try:
                status, value = conn.recv()
                if status == "ok":
                    return value
            except (EOFError, OSError):  # the child died
                pass
        return func(*(late if args is None else args))

    def send(late: tuple) -> bool:
        if process is None:
            return False
        try:
            inbox.send(late)
            return True
        except (OSError, ValueError, pickle.PicklingError, TypeError, AttributeError):  # died, or cannot be sent
            return False

    try:
        yield result, send
    finally:
        if process is not None:
            process.kill()
            process.join()
        for pipe in (conn, inbox):
            if pipe is not None:
                pipe.close()


def _compute(func: Callable[..., Any], args: tuple | None, parent: int, warm, conn, inbox=None) -> None:
    _die_with(parent)
    try:
        if warm is not None:
            warm()
        if inbox is not None:
            args = inbox.recv()
        outcome = ("ok", func(*args))
    except BaseException:  # noqa: BLE001 - the parent computes it again and raises it there
        outcome = ("failed", None)
    try:
        conn.send(outcome)
    except BaseException:  # noqa: BLE001 - unpicklable or too large: the parent sees the pipe close
        pass
    finally:
        conn.close()
