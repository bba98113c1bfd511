"""The local runner's workers on Linux, forked from one process that did their imports once.

Each worker would otherwise import Beam's harness, spaCy and the model's language module itself
(about 2 CPU s, on each of the two cores, while the driver builds the pipeline), then load the
model, the boilerplate lexicon and langdetect's profiles (about 1 CPU s more, while its first
stages run). The fork server (``python -m pipelines.fork_server``) imports the harness as it
starts, loads the rest when told (``sdk_worker.load_before_fork_quietly``), then forks one worker
per run worker, at the moment the run starts it: the workers share what it loaded, each with its
own copy of a page once it writes to it. It has only the standard library at the top, so the CLI
can start it before importing Beam itself (``pipelines.ingest``): its imports then run beside the
driver's.

The driver writes one JSON object per line on the server's standard input: ``{"model": NAME}``
(load that model, or no model for null, and the rest) or ``{"environment": {...}}`` (fork a worker
that takes this environment, the driver's variables and Beam's, as a worker Beam starts). The
server answers on its standard output ``forked PID`` for each fork and ``exited PID STATUS`` when a
worker ends. At the end of its input it waits for its workers, then exits.

Linux only (``FORK_WORKERS``): elsewhere forking a process that has loaded numpy's BLAS (macOS's
Accelerate) is not safe, and Windows has no fork; there the workers are started one by one
(``local_runner.StandbyWorkers``).
"""
from __future__ import annotations

import gc
import json
import os
import queue
import select
import signal
import subprocess
import sys
import threading
import time
import traceback
import warnings
from typing import Optional

# Where forking is safe: Linux, whose C libraries and the native libraries the server has loaded
# (OpenBLAS, jemalloc) handle a fork with their own handlers.
FORK_WORKERS = sys.platform.startswith("linux")


class ForkServer:
    """The driver's side: starts the server, and hands a run the workers it forks (``take``). It
    serves one run: once the last worker it was prepared for is forked, it takes no more requests."""

    def __init__(self):
        self._server = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE)
        self.pid = self._server.pid
        self._left = 0  # workers a run may still take
        self._unforked = 0  # workers taken, not yet forked
        self._forked_any = False
        self._lock = threading.Lock()  # one request at a time: the server answers in order
        self._forked: queue.Queue[Optional[int]] = queue.Queue()
        self._exits: dict[int, int] = {}
        self._changed = threading.Condition()
        self._server_gone = False
        threading.Thread(target=self._read_reports, name="fork-server-reports", daemon=True).start()

    def prepare(self, count: int, model: Optional[str] = None) -> "ForkServer":
        """The next run may take ``count`` workers; the server loads ``model`` (and what every worker
        loads first) before it forks them."""
        with self._lock:
            self._send({"model": model})
            self._left = count
        return self

    def take(self) -> Optional["ForkedWorker"]:
        """A worker to fork, or None when none is left or the server died."""
        with self._lock:
            if not self._left or self._server.poll() is not None:
                return None
            self._left -= 1
            self._unforked += 1
            return ForkedWorker(self)

    def fork(self, environment: dict[str, str]) -> int:
        """Forks a worker with ``environment``; its pid."""
        with self._lock:
            self._send({"environment": environment})
            pid = self._forked.get()
            self._forked_any = True
            self._unforked -= 1
            if not self._left and not self._unforked:
                # Nothing more to ask: at the end of its input the server waits for its workers
                # without a timeout, so it reports each exit at once (its poll would take up to 50
                # ms per worker, and the runner stops them one after the other).
                self._close_input()
            if pid is None:
                self._forked.put(None)  # for the next caller too: the server is gone
        if pid is None:
            raise RuntimeError(f"the fork server exited with status {self._server.wait()} before it forked a worker")
        if pid < 0:
            raise RuntimeError(f"the fork server could not fork a worker: {os.strerror(-pid)}")
        return pid

    def wait(self, pid: int, timeout: Optional[float] = None) -> int:
        """The exit status of forked worker ``pid``, once it has ended."""
        with self._changed:  # a reentrant lock: ended() takes it again
            if not self._changed.wait_for(lambda: self.ended(pid), timeout):
                raise subprocess.TimeoutExpired(f"worker {pid}", timeout)
            # A server killed before its workers ended cannot say how they ended.
            return self._exits.get(pid, -signal.SIGKILL)

    def exit_statuses(self) -> dict[int, int]:
        """The exit status of each forked worker that has ended, by pid."""
        with self._changed:
            return dict(self._exits)

    def ended(self, pid: int) -> bool:
        with self._changed:
            return pid in self._exits or self._server_gone

    def close(self, seconds: float = 10) -> list[int]:
        """No more workers: the server waits for those it forked, then exits (killed at once if it
        forked none: it may still be importing); its exit status."""
        with self._lock:
            self._left = 0
            self._close_input()
            if not self._forked_any and self._server.poll() is None:
                self._server.kill()
        # The end of its reports is the moment it exits (Popen.wait would poll, up to 50 ms late).
        deadline = time.monotonic() + seconds
        with self._changed:
            self._changed.wait_for(lambda: self._server_gone, seconds)
        return [wait_or_kill(self._server, max(0.0, deadline - time.monotonic()))]

    def _close_input(self) -> None:
        try:
            self._server.stdin.close()
        except BrokenPipeError:
            pass

    def _send(self, request: dict) -> None:
        if self._server.stdin.closed:  # once the last worker it was prepared for was forked
            raise RuntimeError("the fork server takes no more requests")
        try:
            self._server.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
            self._server.stdin.flush()
        except BrokenPipeError:
            pass  # the server died: fork() gets no pid and says so

    def _read_reports(self) -> None:
        try:
            for line in self._server.stdout:
                kind, *values = line.decode("ascii", "replace").split() or ["?"]
                if kind == "forked":  # a pid, or minus the errno of a failed fork
                    self._forked.put(int(values[0]))
                elif kind == "exited":
                    with self._changed:
                        self._exits[int(values[0])] = int(values[1])
                        self._changed.notify_all()
        finally:  # whatever ends the reports, no caller waits for one that will not come
            self._forked.put(None)
            with self._changed:
                self._server_gone = True
                self._changed.notify_all()


def wait_or_kill(process: subprocess.Popen, seconds: float = 10) -> int:
    """The exit status of ``process``, killed if it has not exited within ``seconds``."""
    try:
        return process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


class ForkedWorker:
    """A worker a ``ForkServer`` forks when it starts."""

    def __init__(self, server: ForkServer):
        self._server = server
        self.pid: Optional[int] = None

    def start(self, environment: dict[str, str]) -> None:
        self.pid = self._server.fork(environment)

    def wait(self, timeout: Optional[float] = None) -> int:
        return -signal.SIGKILL if self.pid is None else self._server.wait(self.pid, timeout)

    def kill(self) -> None:
        """Kills the worker if it has not ended (an ended one's pid may be another process's by now)."""
        if self.pid is not None and not self._server.ended(self.pid):
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


# ------------------------------------------------------------------ the server's side

def serve() -> None:
    """Imports, then serves requests until the end of its input and its last worker. Single-threaded
    in Python, so no lock is held by another thread when it forks; the native threads it has (numpy's
    BLAS, Arrow's allocator) restart in the child by their own fork handlers."""
    reports = os.dup(1)  # the reports' own descriptor: nothing imported below may write into it
    os.dup2(2, 1)
    from transforms.regex_compile import use_prebuilt_patterns

    use_prebuilt_patterns()  # before the imports and loads: a quarter of their time was compiling regexes
    from pipelines.sdk_worker import load_before_fork_quietly, log_like_a_worker

    log_like_a_worker()  # imports Beam's harness: what every worker imports

    try:  # what loading any model starts with, imported while the driver is still importing (~0.2 s sooner)
        from transforms.entities import import_spacy_without_its_cli

        import_spacy_without_its_cli()
    except ImportError:  # the entity stage reports it
        pass

    children: set[int] = set()
    pending, reading = b"", True
    while reading or children:
        if reading and select.select([0], [], [], 0.05 if children else None)[0]:
            chunk = os.read(0, 1 << 16)
            reading = bool(chunk)
            *lines, pending = (pending + chunk).split(b"\n")
            for request in map(json.loads, filter(bytes.strip, lines)):
                if "model" in request:
                    load_before_fork_quietly(request["model"])
                elif (pid := _fork_worker(request["environment"], reports)) is not None:
                    children.add(pid)
        while children:
            pid, status = os.waitpid(-1, os.WNOHANG if reading else 0)
            if not pid:
                break
            children.discard(pid)
            _report(reports, f"exited {pid} {os.waitstatus_to_exitcode(status)}")


def _report(reports: int, line: str) -> None:
    try:
        os.write(reports, line.encode("ascii") + b"\n")
    except OSError:  # the driver is gone: keep reaping the workers all the same
        pass


def _fork_worker(environment: dict[str, str], reports: int) -> Optional[int]:
    if not gc.get_freeze_count():
        # The imported objects move to a generation the collector never scans: the workers'
        # collections neither walk them nor copy their pages again. Not collected first: after the
        # loads a collection found ~100 unreachable objects in 0.04 s, and the workers wait for it.
        gc.freeze()
    try:
        with warnings.catch_warnings():  # Python 3.12+ warns of the native threads (see serve)
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
    except OSError as error:  # out of memory or processes: the driver's fork() raises, the server serves on
        _report(reports, f"forked {-(error.errno or 1)}")
        return None
    if pid:
        _report(reports, f"forked {pid}")
        return pid
    from pipelines.sdk_worker import exit_status, exit_without_teardown, run_harness

    try:  # the worker: never returns into the server's loop
        os.close(reports)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        os.environ.clear()
        os.environ.update(environment)
        run_harness([sys.argv[0]])
    except SystemExit as stop:
        exit_without_teardown(exit_status(stop))
    except BaseException:  # noqa: BLE001 - reported as an ordinary worker's failure would be
        traceback.print_exc()
    finally:
        exit_without_teardown(1)


if __name__ == "__main__":
    serve()
    from pipelines.sdk_worker import exit_without_teardown

    exit_without_teardown(0)  # its workers have ended; it holds what they loaded (a model: ~0.05 s to free)
