"""URL wiring of the whole platform."""

from django.contrib import admin
from django.urls import include, path

from yichuang.api import api
from yichuang.core.views import healthz

admin.site.site_header = "一窗 Yichuang"
admin.site.site_title = "一窗 Yichuang"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("staff/", include("yichuang.accounts.urls")),
    path("staff/register/", include("yichuang.registry.urls")),
    path("staff/hall/", include("yichuang.frontdesk.urls")),
    path("staff/cases/", include("yichuang.cases.urls")),
    path("", include("yichuang.frontdesk.device_urls")),
    path("", include("yichuang.portal.urls")),
]
