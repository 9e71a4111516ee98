from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_triggers(using: str = "default", **kwargs: Any) -> None:
    # After every migrate (and after a test-suite flush, which also sends
    # post_migrate): a table rebuilt by a schema change on SQLite loses its triggers.
    from yichuang.ledger.triggers import install_append_only_triggers

    install_append_only_triggers(using=using)


class LedgerConfig(AppConfig):
    name = "yichuang.ledger"
    verbose_name = _("Ledger")

    def ready(self) -> None:
        from yichuang.ledger.triggers import register_append_only

        register_append_only("ledger_leaf", "ledger_node", "ledger_checkpoint")
        post_migrate.connect(_install_triggers, dispatch_uid="ledger.install_triggers")
