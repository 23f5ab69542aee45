"""Issuance infrastructure: organisation signing keys and did:web identities, status lists, API tokens,
the audit log and background jobs (issue 4)."""
