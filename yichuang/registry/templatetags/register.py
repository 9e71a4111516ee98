"""Template filters for the register's codes."""

from __future__ import annotations

from django import template

from yichuang.registry.labels import label

register = template.Library()
register.filter("register_label", label)
