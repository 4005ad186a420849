#!/usr/bin/env python3
"""Generate the sample plant document set (``sample_docs/``) for Floor Copilot.

The documents' content is data under ``scripts/sample_plant/data/`` (TOML), rendered by one
writer per format in ``scripts/sample_plant/writers/``. Needs python-docx, openpyxl and fpdf2
(the dev dependencies); the output is byte-identical for a given set of their versions::

    python scripts/make_sample_plant.py            # rewrites sample_docs/
    python scripts/make_sample_plant.py --out DIR  # writes elsewhere, e.g. to compare
"""

from sample_plant.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
