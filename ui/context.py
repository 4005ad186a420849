"""What the source panel shows, as the service hands it over.

The chunk in context and the filter values come from the scoped service calls
``Copilot.source`` and ``Copilot.facets`` (read through the caller's access labels), never
from the catalog directly; this module only names the type the renderer takes.
"""

from __future__ import annotations

from copilot.sources import SourceContext

__all__ = ["SourceContext"]
