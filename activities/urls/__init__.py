"""The six systems' pages: one URL module (and namespace) per system, included by partybuild.urls."""
