"""Staff URLs of cases, under /staff/cases/."""

from django.urls import include, path

from yichuang.cases import legacy_urls
from yichuang.cases.views import case, work

app_name = "cases"

urlpatterns = [
    path("", work.cases_index, name="index"),
    path("intake/", case.intake, name="intake"),
    path("queues/<slug:name>/", work.queue, name="queue"),
    path("figures/", work.figures, name="figures"),
    path("settings/", work.case_settings, name="settings"),
    path("escalations/<int:pk>/acknowledge/", work.escalation_acknowledge, name="escalation_ack"),
    path("legacy/", include(legacy_urls.urlpatterns)),
    path("<str:reference>/", case.case_page, name="case"),
    path("<str:reference>/do/<slug:action>/", case.case_act, name="act"),
    path("<str:reference>/documents/<str:number>.pdf", case.document_download, name="document"),
]
