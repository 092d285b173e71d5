"""Models are added by the issues that need them."""
