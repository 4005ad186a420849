"""Child process for the crash-window test: ingests a folder and, once the named file is
committed, says so on stdout and waits to be killed (the progress callback is the sync point)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from copilot.core.settings import load_settings
from copilot.service import Copilot


def main(home: str, root: str, stop_after: str) -> None:
    app = Copilot(load_settings(env={"COPILOT_HOME": home}))

    def progress(source: str, done: int, total: int) -> None:
        if Path(source).name == stop_after:
            print(f"committed {source}", flush=True)
            time.sleep(600)  # the test kills us here, between the commit and the run's end

    app.ingest([Path(root)], progress=progress)
    print("finished", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
