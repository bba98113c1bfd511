"""The local runner's worker process: Beam's SDK harness, then an exit without the interpreter's
teardown.

Once the harness returns, every bundle's outputs and logs have reached the runner. Tearing down a
process that holds a loaded spaCy model still took about 0.5 s (measured on this machine), and the
runner stops its workers one after the other at the end of each run. A harness that fails exits
the ordinary way, with its traceback and a non-zero status.

Started with ``--standby [model]`` (``local_runner.StandbyWorkers``), the process first imports the
harness, then reads the environment of the worker it becomes (one JSON line: the driver's
variables and Beam's) from its standard input while a thread imports spaCy and the model's
language module. The end of that input, without a line, means it is not needed: it exits.

Started with ``--fork_server [model]`` (``local_runner.ForkedStandbyWorkers``, on Linux), the
process imports the harness and the model's modules once, then forks one worker per line it
reads (the worker's environment, as above) and reports on its standard output ``forked PID`` and,
when a worker ends, ``exited PID STATUS``. At the end of its input it waits for its workers, then
exits.
"""
from __future__ import annotations

import gc
import json
import os
import select
import sys
import threading
import traceback
import warnings
from typing import Optional, Sequence

COMMAND = f"{sys.executable} -m pipelines.sdk_worker"
STANDBY_FLAG = "--standby"
FORK_SERVER_FLAG = "--fork_server"


def wait_on_standby(model: Optional[str]) -> Optional[dict[str, str]]:
    """Imports Beam's harness and, in the background, ``model``'s modules (which the first stage
    would otherwise start); then waits for the environment the runner sends, or None."""
    from apache_beam.runners.worker import sdk_worker_main  # noqa: F401 - imported ahead, while the driver builds

    if model:
        threading.Thread(target=_import_model_modules, args=(model,), name="import-spacy-model", daemon=True).start()
    line = sys.stdin.readline()
    return json.loads(line) if line.strip() else None


def _import_model_modules(model: str) -> None:
    try:
        from transforms.entities import import_model_modules

        import_model_modules(model)
    except Exception:  # noqa: BLE001 - a head start only: the stage that loads the model reports what fails
        pass


def serve_forks(model: Optional[str]) -> None:
    """The fork server: imports once, then one forked worker per environment line (module doc).
    Single-threaded in Python, so no lock is held by another thread when it forks; the native
    threads it has (numpy's BLAS, Arrow's allocator) restart in the child by their own fork
    handlers."""
    from apache_beam.runners.worker import sdk_worker_main  # noqa: F401 - what every worker imports

    if model:
        _import_model_modules(model)
    # The imported objects move to a generation the collector never scans: the workers' collections
    # do not walk them (nor copy their pages) again.
    gc.collect()
    gc.freeze()
    children: set[int] = set()
    pending, reading = b"", True
    while reading or children:
        if reading:
            ready, _, _ = select.select([0], [], [], 0.05 if children else None)
            if ready:
                chunk = os.read(0, 1 << 16)
                reading = bool(chunk)
                pending += chunk
                *lines, pending = pending.split(b"\n")
                for line in filter(bytes.strip, lines):
                    children.add(_fork_worker(json.loads(line)))
        while children:
            pid, status = os.waitpid(-1, os.WNOHANG if reading else 0)
            if not pid:
                break
            children.discard(pid)
            _report(f"exited {pid} {os.waitstatus_to_exitcode(status)}")


def _report(line: str) -> None:
    os.write(1, line.encode("ascii") + b"\n")


def _fork_worker(environment: dict[str, str]) -> int:
    with warnings.catch_warnings():  # Python 3.12+ warns of the native threads above
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid:
        _report(f"forked {pid}")
        return pid
    try:  # the worker: never returns into the server's loop
        os.dup2(2, 1)  # standard output was the server's reports
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        os.environ.clear()
        os.environ.update(environment)
        run_harness([sys.argv[0]])
    except SystemExit as stop:
        os._exit(stop.code if isinstance(stop.code, int) else 1)
    except BaseException:  # noqa: BLE001 - reported as an ordinary worker's failure would be
        traceback.print_exc()
    finally:
        sys.stderr.flush()
        os._exit(1)


def run_harness(argv: Sequence[str]) -> None:
    from apache_beam.runners.worker import sdk_worker_main

    sdk_worker_main.main(argv)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def main(argv: Sequence[str]) -> None:
    model = argv[2] if len(argv) > 2 else None
    if len(argv) > 1 and argv[1] == FORK_SERVER_FLAG:
        serve_forks(model)
        return
    if len(argv) > 1 and argv[1] == STANDBY_FLAG:
        environment = wait_on_standby(model)
        if environment is None:
            os._exit(0)
        os.environ.clear()  # the driver's environment as the run starts, as Beam starts a worker with
        os.environ.update(environment)
    run_harness(argv)


if __name__ == "__main__":
    main(sys.argv)
