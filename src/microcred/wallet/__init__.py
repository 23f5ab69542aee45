"""The learner's wallet and skills passport: credentials claimed here or imported, shares, export (issue 5)."""
