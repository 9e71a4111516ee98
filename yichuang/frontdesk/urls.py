"""Staff pages of the hall, under /staff/hall/."""

from django.urls import path

app_name = "frontdesk"

urlpatterns: list = [
    # window screen, kiosks, figures
    # inquiries
]
