"""The learner's wallet and skills passport: credentials claimed or imported, shares, export (issue 5)."""
