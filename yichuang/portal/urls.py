from django.urls import path

from yichuang.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("verify/c/<str:code>", views.verify_certificate, name="verify_certificate"),
    # queue status and online tickets
    # appointments
    # inquiries
]
