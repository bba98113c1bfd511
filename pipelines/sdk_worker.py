"""The local runner's worker process: Beam's SDK harness, then an exit without the interpreter's
teardown.

Once the harness returns, every bundle's outputs and logs have reached the runner. Tearing down a
process that holds a loaded spaCy model still took about 0.5 s (measured on this machine), and the
runner stops its workers one after the other at the end of each run. A harness that fails exits
the ordinary way, with its traceback and a non-zero status.
"""
from __future__ import annotations

import os
import sys

COMMAND = f"{sys.executable} -m pipelines.sdk_worker"


def main() -> None:
    from apache_beam.runners.worker import sdk_worker_main

    sdk_worker_main.main(sys.argv)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
