"""Forms of the six systems' pages, one module per system."""
