"""Test settings: the normal settings with a fast hasher and quiet logs."""

from revisit.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING["loggers"]["revisit"]["level"] = "WARNING"  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
}
# Tests never run collectstatic; autorefresh makes whitenoise look files up
# per request instead of warning that STATIC_ROOT does not exist.
WHITENOISE_AUTOREFRESH = True
# Imports run inside the request so tests see their rows.
REVISIT_IMPORT_RUNNER = "sync"
