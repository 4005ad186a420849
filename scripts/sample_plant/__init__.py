"""Sample plant document set for Floor Copilot: TOML content rendered by per-format writers.

Hanbit Drive Systems, Changwon plant, Line 2 (EDU-200 e-axle assembly), as fixed in
``sample_docs/PLANT.md``. The documents' content lives in ``data/`` (one TOML file per work
instruction, per PFMEA process step, per maintenance plan); ``writers/`` holds one small module
per output format; ``build.py`` ties them together. Run ``python scripts/make_sample_plant.py``
(or ``python -m scripts.sample_plant``) with ``--out DIR`` to write somewhere other than
``sample_docs/``.

Deterministic: a fixed random seed, fixed document dates and normalised zip containers, so
re-running produces byte-identical files for a given python-docx / openpyxl / fpdf2 / zlib.
"""
