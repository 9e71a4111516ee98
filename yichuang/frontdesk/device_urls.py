"""Pages shown on the hall's devices: the kiosk (/kiosk/) and the call screen (/display/)."""

from django.urls import path

app_name = "devices"

urlpatterns: list = [
    # kiosk and call screen
]
