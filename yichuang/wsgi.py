"""WSGI entry point (gunicorn yichuang.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from yichuang.core.startup import exit_on_configuration_error

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yichuang.settings")
exit_on_configuration_error()
application = get_wsgi_application()

# Import every view (and what they import: reportlab, the rules) now, then move
# the loaded application out of the collector's sight: otherwise about one
# request in a hundred pays a full collection of it, some 100 ms (bench/cases.py).
get_resolver().url_patterns  # noqa: B018 - loading the URLconf is the point
gc.freeze()
