"""A worker process of the batch register import (see ``legacy_import.batch``).

A fresh process cannot read register objects before Django is set up, so the
work comes pickled: this module imports nothing of the platform until
:func:`start` has set Django up.
"""

from __future__ import annotations

import pickle
from typing import Any

_context: Any = None


def start(context: bytes, language: str) -> None:
    """Set Django up (no database is used here), then read the import's context."""
    import django

    django.setup()
    from django.utils import translation

    translation.activate(language)
    global _context
    _context = pickle.loads(context)  # noqa: S301 (from the parent process)


def prepare(batch: bytes) -> Any:
    """A batch prepared: checked and folded through the rules."""
    from yichuang.registry.legacy_import.prepare import Batch, prepare_batch

    if _context is None:
        raise RuntimeError("the worker was not started")
    return prepare_batch(_context, Batch.from_wire(batch))
