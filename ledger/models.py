"""The ledger's models live here (issue 3)."""
