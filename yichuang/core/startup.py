"""Turning a configuration error into one clear line and a non-zero exit."""

from __future__ import annotations

import importlib
import os
import sys

from yichuang.core.env import EnvError


def exit_on_configuration_error() -> None:
    """Import the settings module now; on a bad variable print its message and exit 2."""
    module = os.environ.get("DJANGO_SETTINGS_MODULE", "yichuang.settings")
    try:
        importlib.import_module(module)
    except EnvError as error:
        sys.stderr.write(f"Configuration error: {error}\n")
        raise SystemExit(2) from None
