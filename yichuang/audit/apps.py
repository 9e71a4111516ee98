from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "yichuang.audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from yichuang.ledger.triggers import register_append_only

        register_append_only("audit_auditevent")
