"""The service types every office starts with; administrators may add more."""

from django.db import migrations

DEFAULTS = [
    ("general", "综合登记", "A"),
    ("mortgage", "抵押登记", "B"),
    ("query", "登记资料查询", "C"),
    ("collection", "领证", "D"),
]


def create_defaults(apps, schema_editor):
    ServiceType = apps.get_model("accounts", "ServiceType")
    for code, name, prefix in DEFAULTS:
        ServiceType.objects.get_or_create(code=code, defaults={"name": name, "ticket_prefix": prefix})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
