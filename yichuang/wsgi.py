"""WSGI entry point (gunicorn yichuang.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from yichuang.core.startup import exit_on_configuration_error

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yichuang.settings")
exit_on_configuration_error()
application = get_wsgi_application()
