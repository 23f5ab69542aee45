"""Settings for the test suite: the production settings with safe defaults for values tests don't set."""

import os
import tempfile

os.environ.setdefault("MICROCRED_SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("MICROCRED_KEY_ENCRYPTION_KEY", "test-only-key-encryption-key")
os.environ.setdefault("MICROCRED_DATA_DIR", tempfile.mkdtemp(prefix="microcred-test-"))

from microcred.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed: tests only
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
