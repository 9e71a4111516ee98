from django.urls import path

from yichuang.portal import booking, inquiry_status, queue, views

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("verify/c/<str:code>", views.verify_certificate, name="verify_certificate"),
    path("verify/d/<str:code>", views.verify_case_document, name="verify_case_document"),
    # queue status and online tickets
    path("queue/<slug:office_code>/", queue.queue_status, name="queue_status"),
    path("ticket/<slug:office_code>/", queue.online_ticket, name="online_ticket"),
    # appointments
    path("book/<slug:office_code>/", booking.book, name="book"),
    path("appointment/<str:reference>/", booking.appointment, name="appointment"),
    # inquiries
    path("inquiry/<str:reference>/", inquiry_status.inquiry_status, name="inquiry_status"),
]
