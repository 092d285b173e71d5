"""Assessment models: one module per area (member points, schemes and results)."""

# slot:points (imports)
# slot:scheme (imports)
