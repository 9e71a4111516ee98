"""Pages shown on the hall's devices: the kiosk (/kiosk/) and the call screen (/display/)."""

from django.urls import URLPattern, URLResolver, path

from yichuang.frontdesk.views import display, kiosk

app_name = "devices"

urlpatterns: list[URLPattern | URLResolver] = [
    # kiosk and call screen
    path("kiosk/", kiosk.kiosk_home, name="kiosk"),
    path("kiosk/pair/", kiosk.kiosk_pair, name="kiosk_pair"),
    path("kiosk/unpair/", kiosk.kiosk_unpair, name="kiosk_unpair"),
    path("kiosk/check-in/", kiosk.kiosk_check_in, name="kiosk_check_in"),
    path("display/<slug:office_code>/", display.display, name="display"),
    path("display/<slug:office_code>/calls/", display.display_calls, name="display_calls"),
    path("display/<slug:office_code>/waiting/", display.display_waiting, name="display_waiting"),
]
