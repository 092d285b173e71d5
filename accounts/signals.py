"""What accounts tells the apps above it (they import accounts; accounts never imports them)."""

from django.dispatch import Signal

# Sent inside the moving transaction after an org (and its subtree) moved under another parent, with
# `organization` and the ids of its top-level org (the committee's child it lies under) before and
# after. The ledger refills its per-top-level-org summary rows from it.
organization_moved = Signal()
