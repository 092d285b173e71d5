"""Reads of the six systems, one module per system (querysets scoped by the caller's role)."""
