"""Staff pages of the legacy cases register, included in the ``cases`` namespace."""

from django.urls import URLPattern, URLResolver, path

from yichuang.cases.views import legacy

urlpatterns: list[URLPattern | URLResolver] = [
    path("", legacy.legacy_list, name="legacy_list"),
    path("new/", legacy.legacy_new, name="legacy_new"),
    path("<int:pk>/", legacy.legacy_detail, name="legacy_detail"),
    path("<int:pk>/update/", legacy.legacy_update, name="legacy_update"),
]
