"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from yichuang.core.startup import exit_on_configuration_error

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yichuang.settings")
exit_on_configuration_error()
application = get_asgi_application()
