"""One writer per output format; work-instruction writers are picked by the file's suffix."""
