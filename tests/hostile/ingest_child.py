"""Child process for the hostile-corpus test: ingest the good files, then the hostile folder,
and print one JSON line with every file's outcome, what stayed indexed and the peak RSS."""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

from copilot.core.settings import load_settings
from copilot.service import Copilot


def main(home: str, good: str, hostile: str) -> None:
    app = Copilot(load_settings(env={"COPILOT_HOME": home}))
    try:
        first = app.ingest([Path(good)])
        before = app.catalog.all_chunk_ids()
        report = app.ingest([Path(hostile)])
        after = app.catalog.all_chunk_ids()
        hits = app.search("press the bearing to 12 kN", k=3).hits
    finally:
        app.close()
    print(json.dumps({
        "good": [(f.source, f.status) for f in first.files],
        "files": [{"source": f.source, "status": f.status, "error": f.error, "reason": f.reason,
                   "warnings": list(f.warnings)} for f in report.files],
        "lost": len(before - after),
        "top_source": hits[0].chunk.source if hits else None,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main(*sys.argv[1:4])
