from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontdeskConfig(AppConfig):
    name = "yichuang.frontdesk"
    verbose_name = _("Front desk")

    def ready(self) -> None:
        from yichuang.ledger.triggers import register_append_only

        register_append_only("frontdesk_callevent", "frontdesk_identitycheck")
