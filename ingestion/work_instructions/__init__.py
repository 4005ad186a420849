"""Work-instruction converter: .docx, .pdf, .md, .txt and .html procedures -> step records.

Pipeline: ``readers`` (one module per format) turn a file into typed elements; ``metadata``
takes the header fields (Document No., Revision, 시행일, ...) and the title off the top;
``structure`` segments the rest into sections, numbered steps (with their safety blocks and
tables) and free-standing tables; ``converter`` turns each unit into a ``Record``.
"""

from ingestion.work_instructions.converter import WorkInstructionConverter

__all__ = ["WorkInstructionConverter"]
