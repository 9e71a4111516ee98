"""Staff pages of the hall, under /staff/hall/."""

from django.urls import URLPattern, URLResolver, path

from yichuang.frontdesk.views import inquiries as inquiry_views
from yichuang.frontdesk.views import manage, window

app_name = "frontdesk"

urlpatterns: list[URLPattern | URLResolver] = [
    # window screen, kiosks, figures
    path("", window.hall_index, name="hall"),
    path("window/<int:number>/", window.window_screen, name="window"),
    path("window/<int:number>/panel/", window.window_panel, name="window_panel"),
    path("window/<int:number>/queue/", window.window_queue, name="window_queue"),
    path("window/<int:number>/call-next/", window.window_call_next, name="window_call_next"),
    path("window/<int:number>/call/", window.window_call, name="window_call"),
    path("window/<int:number>/recall/", window.window_recall, name="window_recall"),
    path("window/<int:number>/no-show/", window.window_no_show, name="window_no_show"),
    path("window/<int:number>/finish/", window.window_finish, name="window_finish"),
    path("window/<int:number>/transfer/", window.window_transfer, name="window_transfer"),
    path(
        "window/<int:number>/identity-check/",
        window.window_identity_check,
        name="window_identity_check",
    ),
    path("window/<int:number>/issue/", window.window_issue, name="window_issue"),
    path("kiosks/", manage.kiosk_list, name="kiosks"),
    path("kiosks/register/", manage.kiosk_register, name="kiosk_register"),
    path("kiosks/<int:kiosk_id>/revoke/", manage.kiosk_revoke, name="kiosk_revoke"),
    path("settings/", manage.hall_settings, name="settings"),
    path("figures/", manage.figures, name="figures"),
    # inquiries
    path("inquiries/", inquiry_views.inquiry_list, name="inquiry_list"),
    path("inquiries/new/", inquiry_views.inquiry_new, name="inquiry_new"),
    path(
        "inquiries/hand-overs/<int:handover_id>/accept/",
        inquiry_views.inquiry_handover_accept,
        name="inquiry_handover_accept",
    ),
    path(
        "inquiries/hand-overs/<int:handover_id>/decline/",
        inquiry_views.inquiry_handover_decline,
        name="inquiry_handover_decline",
    ),
    path("inquiries/<str:reference>/", inquiry_views.inquiry_detail, name="inquiry_detail"),
    path("inquiries/<str:reference>/answer/", inquiry_views.inquiry_answer, name="inquiry_answer"),
    path(
        "inquiries/<str:reference>/hand-over/",
        inquiry_views.inquiry_hand_over,
        name="inquiry_hand_over",
    ),
    path(
        "inquiries/<str:reference>/take-over/",
        inquiry_views.inquiry_take_over,
        name="inquiry_take_over",
    ),
]
