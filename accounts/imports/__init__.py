"""Legacy Excel imports (and exports) of organizations and members."""
