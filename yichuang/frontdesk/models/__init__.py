"""The front desk's models: the hall (settings, kiosks, tickets, calls, checks, signals,
messages), appointments and inquiries."""

from yichuang.frontdesk.models.appointments import Appointment, AppointmentSlot
from yichuang.frontdesk.models.hall import (
    AbuseSignal,
    CallEvent,
    Identity,
    IdentityCheck,
    Kiosk,
    OutgoingMessage,
    PhoneChallenge,
    QueueSettings,
    Ticket,
    TicketCounter,
    _default_out_of_order_reasons,
    _default_priority_groups,
    _default_sessions,
)
from yichuang.frontdesk.models.inquiries import Inquiry, InquiryHandover

__all__ = [
    "AbuseSignal",
    "Appointment",
    "AppointmentSlot",
    "CallEvent",
    "Identity",
    "IdentityCheck",
    "Inquiry",
    "InquiryHandover",
    "Kiosk",
    "OutgoingMessage",
    "PhoneChallenge",
    "QueueSettings",
    "Ticket",
    "TicketCounter",
    "_default_out_of_order_reasons",
    "_default_priority_groups",
    "_default_sessions",
]
