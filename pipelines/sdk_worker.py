"""The local runner's worker process: Beam's SDK harness, its bundles ending without waiting for
their state sampler (``sample_state_often``), then an exit without the interpreter's teardown.

Once the harness returns, every bundle's outputs and logs have reached the runner. Tearing down a
process that holds a loaded spaCy model still took about 0.5 s (measured on this machine), and the
runner stops its workers one after the other at the end of each run. A harness that fails exits
the ordinary way, with its traceback and a non-zero status.

Started with ``--standby [model]`` (``local_runner.StandbyWorkers``), the process first imports the
harness, then reads the environment of the worker it becomes (one JSON line: the driver's
variables and Beam's) from its standard input while a thread imports spaCy and the model's
language module. The end of that input, without a line, means it is not needed: it exits.
On Linux the run's workers are forked from one process instead (``pipelines.fork_server``) and
run ``run_harness``; workers beyond those prepared start here, as Beam starts them.
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import threading
from typing import Iterator, Optional, Sequence

COMMAND = f"{sys.executable} -m pipelines.sdk_worker"
STANDBY_FLAG = "--standby"
# The driver's logger of the records local workers send (``local_runner.WorkerLogRelay``).
WORKER_LOGGER = "pipelines.worker"
# How the CLI, the fork server and a worker without its harness's channel write log records.
LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"


@contextlib.contextmanager
def import_warnings_dropped() -> Iterator[None]:
    """Records logged while it is open are dropped, unless the root logger has handlers already (a
    program's own logging, left as it is). For Beam's import: its GCP I/O logs a warning when its
    BigQuery clients are not installed (a local run has no use for them), and ``logging.warning``
    would first give the root logger a handler on standard error, for good: in each worker, one that
    then wrote every INFO line of Beam's harness (~20 per worker) above the CLI's summary."""
    root = logging.getLogger()
    if root.handlers:
        yield
        return
    silent = logging.NullHandler()
    root.addHandler(silent)
    try:
        yield
    finally:
        root.removeHandler(silent)


class WarningsUntilHarness(logging.StreamHandler):
    """Standard error, from WARNING, while it is the root logger's only handler: in the fork server,
    and in a worker until Beam's harness adds the handler that sends its records to the runner
    (``local_runner.WorkerLogRelay`` logs them again in the driver). A worker whose harness could
    not open that channel keeps writing its warnings and errors here."""

    def __init__(self):
        super().__init__(sys.stderr)
        self.setLevel(logging.WARNING)
        self.setFormatter(logging.Formatter(LOG_FORMAT))

    def emit(self, record: logging.LogRecord) -> None:
        if all(handler is self for handler in logging.getLogger().handlers):
            super().emit(record)


def log_like_a_worker() -> None:
    """Imports Beam's harness with its import-time warning dropped, then writes warnings on standard
    error until the harness sends the records to the runner (``WarningsUntilHarness``)."""
    with import_warnings_dropped():
        from apache_beam.runners.worker import sdk_worker_main  # noqa: F401
    root = logging.getLogger()
    if not any(isinstance(handler, WarningsUntilHarness) for handler in root.handlers):
        root.addHandler(WarningsUntilHarness())


def wait_on_standby(model: Optional[str]) -> Optional[dict[str, str]]:
    """Imports Beam's harness and, in the background, ``model``'s modules (which the first stage
    would otherwise start); then waits for the environment the runner sends, or None."""
    from apache_beam.runners.worker import sdk_worker_main  # noqa: F401 - imported ahead, while the driver builds

    if model:
        threading.Thread(target=import_model_modules_quietly, args=(model,), name="import-spacy-model", daemon=True).start()
    line = sys.stdin.readline()
    return json.loads(line) if line.strip() else None


def import_model_modules_quietly(model: str) -> None:
    """``model``'s modules imported ahead, or nothing (see ``transforms.entities.import_model_modules``)."""
    try:
        from transforms.entities import import_model_modules

        import_model_modules(model)
    except Exception:  # noqa: BLE001 - a head start only: the stage that loads the model reports what fails
        pass


def load_before_fork_quietly(model: Optional[str]) -> None:
    """What each worker would load first, loaded once by the process that forks them
    (``pipelines.fork_server``): ``model``, if any, the boilerplate lexicon and the language
    detector's tables (a ``DetectorHolder`` built once fills its per-process caches); or what of
    them loads (the stages that use them report what fails)."""
    from transforms.boilerplate import load_lexicon
    from transforms.entities import load_before_fork
    from transforms.language import DetectorHolder

    for load in (load_lexicon, DetectorHolder, lambda: model and load_before_fork(model)):
        try:
            load()
        except Exception:  # noqa: BLE001 - see above
            pass


# Beam's worker ends each bundle by joining its state sampler's thread, which sleeps between two
# samples for up to 200 ms (``statesampler.DEFAULT_SAMPLING_PERIOD_MS``; the sleep grows from 2 ms
# as the bundle goes on). Every bundle ended that much late: on 2,000 articles each worker spent
# 1.0-1.6 s of the run in that join (py-spy), the annotation stage's dozen bundles per worker most.
STATE_SAMPLING_PERIOD_MS = 5


def sample_state_often(period_ms: int = STATE_SAMPLING_PERIOD_MS) -> None:
    """Bundles this process runs from now on sample their state every ``period_ms`` at most, so
    that a bundle's end waits at most that long for the sampler's thread."""
    from apache_beam.runners.worker import statesampler

    if getattr(statesampler.StateSampler, "period_ms", None) == period_ms:
        return

    class OftenSampled(statesampler.StateSampler):  # Beam's bundle processor makes its sampler with the default
        def __init__(self, *args, **kwargs):
            if len(args) < 3:  # (prefix, counter_factory, sampling_period_ms=...)
                kwargs.setdefault("sampling_period_ms", period_ms)
            super().__init__(*args, **kwargs)

    OftenSampled.period_ms = period_ms
    statesampler.StateSampler = OftenSampled


def exit_without_teardown(status: int) -> None:
    """Ends the process with ``status`` once its logs and standard streams are flushed, skipping the
    interpreter's teardown (freeing every object, joining Beam's and gRPC's threads) and its
    ``atexit`` handlers: for a process whose work is done, whose files are closed and which started
    nothing an ``atexit`` handler stops. Measured on this machine: ~0.5 s for a worker holding a
    spaCy model, ~0.12 s for the CLI's driver. A stream closed or gone does not change the status."""
    try:
        logging.shutdown()
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                try:
                    stream.flush()
                except (OSError, ValueError):  # a closed pipe or file: nothing more can reach it
                    pass
    finally:
        os._exit(status)


def exit_status(stop: SystemExit) -> int:
    """The status Python exits with for ``stop`` (a message, as sys.exit("...") gives, is 1)."""
    return 0 if stop.code is None else stop.code if isinstance(stop.code, int) else 1


def run_harness(argv: Sequence[str]) -> None:
    from apache_beam.runners.worker import sdk_worker_main

    from pipelines.beam_introspection import remember_dofn_specs_and_option_views

    sample_state_often()
    remember_dofn_specs_and_option_views()  # each stage's DoFns are introspected when the worker builds it
    sdk_worker_main.main(argv)
    exit_without_teardown(0)


def main(argv: Sequence[str]) -> None:
    from transforms.regex_compile import use_prebuilt_patterns

    use_prebuilt_patterns()
    log_like_a_worker()
    if len(argv) > 1 and argv[1] == STANDBY_FLAG:
        environment = wait_on_standby(argv[2] if len(argv) > 2 else None)
        if environment is None:
            exit_without_teardown(0)
        os.environ.clear()  # the driver's environment as the run starts, as Beam starts a worker with
        os.environ.update(environment)
    run_harness(argv)


if __name__ == "__main__":
    main(sys.argv)
