from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "yichuang.core"
    verbose_name = "Core"
