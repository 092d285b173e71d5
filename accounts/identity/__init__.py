"""Identity: password policy, login lockout, session limits, TOTP and expiring API tokens.

A sub-app of accounts (label `identity`) so it owns its own tables and migrations; per-user security
state lives in `UserSecurity`, one row per user, never on accounts.User itself.
"""
