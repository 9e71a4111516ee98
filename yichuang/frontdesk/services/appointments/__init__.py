"""Appointments (预约): slots, holds, confirmation by phone, cancellation, check-in, lapses.

An office offers a share of its windows' time as slots of each service type.
A booking is first *held* for a few minutes while the applicant proves the
phone with a one-time code, then *booked*. Held (until the hold runs out),
booked and checked-in appointments take a place; any other state frees it at
once, and an expired hold frees it when it expires whether or not the lapse
job has run yet.

Against touts (号贩子) a principal may hold one live appointment per service
type a day, and a principal, a phone number and a client address may each make
only so many bookings in the office's cap period; a cap hit is refused and kept
as an abuse signal for supervision.

On arrival the appointment is checked in at a kiosk or by a clerk and becomes a
ticket due at the slot's start, which the calling order puts ahead of walk-ins
once its time has come.
"""

from yichuang.frontdesk.services.appointments.arrival import (
    appointment_check_in,
    appointments_lapse,
)
from yichuang.frontdesk.services.appointments.booking import (
    appointment_cancel,
    appointment_confirm,
    appointment_get,
    appointment_hold,
)
from yichuang.frontdesk.services.appointments.places import check_in_window, taking_a_place
from yichuang.frontdesk.services.appointments.slots import (
    SlotClosure,
    SlotPlaces,
    bookable_service_types,
    booking_days,
    slot_get,
    slots_close,
    slots_for_day,
    slots_generate,
)

# How many public booking writes (holds, confirmations, cancellations, codes)
# one client address may make in an hour, on the portal and through the API.
BOOKING_WRITES_PER_ADDRESS = "30/h"

__all__ = [
    "BOOKING_WRITES_PER_ADDRESS",
    "SlotClosure",
    "SlotPlaces",
    "appointment_cancel",
    "appointment_check_in",
    "appointment_confirm",
    "appointment_get",
    "appointment_hold",
    "appointments_lapse",
    "bookable_service_types",
    "booking_days",
    "check_in_window",
    "slot_get",
    "slots_close",
    "slots_for_day",
    "slots_generate",
    "taking_a_place",
]
