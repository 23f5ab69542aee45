"""Verification for employers: the public page, VC-API verify endpoints, trust in issuers (issue 5)."""
