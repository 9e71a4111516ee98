from typing import Any

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(using: str = "default", **kwargs: Any) -> None:
    # Permissions exist only once migrate has created them for every app, which
    # post_migrate does app by app; make sure they all exist before the roles.
    from django.contrib.auth.management import create_permissions

    from yichuang.accounts.services import roles_sync

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    roles_sync()


class AccountsConfig(AppConfig):
    name = "yichuang.accounts"
    verbose_name = _("Offices and staff")

    def ready(self) -> None:
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="accounts.sync_roles")
