from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "yichuang.registry"
    verbose_name = _("Register")

    def ready(self) -> None:
        from yichuang.ledger.triggers import register_append_only

        register_append_only("registry_entry", "registry_unitaccess", "registry_certificate")
