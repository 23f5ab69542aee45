"""Internal helpers of the credential core: not part of the public API, may change without notice."""
