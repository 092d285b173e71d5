"""REST resources of the six systems (under /api/v1/activities/)."""
