"""The six systems in the demo year (called by seed_demo), one module per system."""
