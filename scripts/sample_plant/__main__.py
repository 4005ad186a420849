"""``python -m scripts.sample_plant``: the same as ``python scripts/make_sample_plant.py``."""

from .cli import main

raise SystemExit(main())
