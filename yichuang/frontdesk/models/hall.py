"""The front desk (服务大厅): queue settings, kiosks, tickets, calls, appointments, inquiries.

Tickets and appointments are real-name (实名): each is bound to the applicant
(the principal) and, when an agent comes, to the agent as well. An identity is
kept as a key, ``<document type>:<country>:<canonical number>``, so the per-person
rules are plain equality on one indexed column; names and numbers are personal
data and are masked wherever they are shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yichuang.frontdesk.rules import PRIORITY_GROUPS


def _default_sessions() -> list[list[str]]:
    return [["09:00", "12:00"], ["13:30", "17:00"]]


def _default_priority_groups() -> list[str]:
    return list(PRIORITY_GROUPS)


def _default_out_of_order_reasons() -> list[str]:
    return [
        "returned_after_recall",
        "urgent_medical",
        "transferred_by_supervisor",
        "document_collection_only",
    ]


class QueueSettings(models.Model):
    """How one office runs its hall (大厅设置): hours, caps, holds and escalation.

    Every figure here is an office's own choice within the notice's rules, not a
    legal fact; docs/adr/0010-front-desk-defaults.md explains the defaults.
    """

    office = models.OneToOneField(
        "accounts.Office",
        on_delete=models.PROTECT,
        related_name="queue_settings",
        verbose_name=_("office"),
    )
    sessions = models.JSONField(
        _("opening hours"),
        default=_default_sessions,
        help_text=_(
            'Opening periods of a working day, e.g. [["09:00","12:00"],["13:30","17:00"]].'
        ),
    )
    agent_principal_cap = models.PositiveSmallIntegerField(
        _("principals per agent at once"),
        default=3,
        help_text=_("How many different applicants one agent may hold open tickets for at once."),
    )
    priority_groups = models.JSONField(
        _("priority groups"),
        default=_default_priority_groups,
        help_text=_("Groups served before other walk-ins: elderly, disabled, military."),
    )
    out_of_order_reasons = models.JSONField(
        _("reasons for calling out of order"), default=_default_out_of_order_reasons
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("appointment slot length (minutes)"), default=30
    )
    appointment_share = models.PositiveSmallIntegerField(
        _("share of window time offered for appointments (%)"), default=50
    )
    booking_horizon_days = models.PositiveSmallIntegerField(_("booking horizon (days)"), default=14)
    booking_hold_minutes = models.PositiveSmallIntegerField(_("booking hold (minutes)"), default=5)
    bookings_per_identity = models.PositiveSmallIntegerField(
        _("bookings per identity in the period"), default=3
    )
    booking_period_days = models.PositiveSmallIntegerField(
        _("booking cap period (days)"), default=30
    )
    checkin_early_minutes = models.PositiveSmallIntegerField(
        _("check-in opens before the slot (minutes)"), default=30
    )
    checkin_late_minutes = models.PositiveSmallIntegerField(
        _("check-in closes after the slot starts (minutes)"), default=15
    )
    inquiry_escalation_hours = models.PositiveSmallIntegerField(
        _("escalate unanswered inquiries after (hours)"), default=24
    )
    default_service_minutes = models.PositiveSmallIntegerField(
        _("service time assumed before any is measured (minutes)"), default=12
    )

    class Meta:
        verbose_name = _("queue settings")
        verbose_name_plural = _("queue settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(appointment_share__lte=100), name="queue_appointment_share_percent"
            ),
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="queue_slot_minutes_min"),
            models.CheckConstraint(
                condition=Q(agent_principal_cap__gte=1), name="queue_agent_cap_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(self.office)


class Kiosk(models.Model):
    """A registered ticket machine (取号机): only a kiosk with a live token may print numbers."""

    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="kiosks", verbose_name=_("office")
    )
    name = models.CharField(_("name"), max_length=50)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    token_hint = models.CharField(_("token ends with"), max_length=4, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("kiosk")
        verbose_name_plural = _("kiosks")
        ordering = ["office", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None


class Identity(models.Model):
    """The real name a ticket or appointment is bound to: a principal and perhaps an agent."""

    class Kind(models.TextChoices):
        PERSON = "person", _("natural person")
        ORGANISATION = "organisation", _("organisation")

    principal_kind = models.CharField(_("applicant kind"), max_length=16, choices=Kind.choices)
    principal_key = models.CharField(_("applicant identity"), max_length=80, db_index=True)
    principal_name = models.CharField(_("applicant name"), max_length=200)
    agent_key = models.CharField(_("agent identity"), max_length=80, blank=True, db_index=True)
    agent_name = models.CharField(_("agent name"), max_length=100, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)

    class Meta:
        abstract = True


class TicketCounter(models.Model):
    """The last ticket number of a prefix at an office on a day (numbers are never reused)."""

    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    prefix = models.CharField(max_length=1)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "day", "prefix"], name="ticket_counter_once"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.prefix}{self.last:03d}"


class Ticket(Identity):
    """A real-name queue ticket (实名取号), e.g. A001, valid at one office on one day."""

    class Channel(models.TextChoices):
        KIOSK = "kiosk", _("kiosk")
        WINDOW = "window", _("window")
        ONLINE = "online", _("online")
        APPOINTMENT = "appointment", _("appointment")

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        CALLED = "called", _("called")
        SERVING = "serving", _("being served")
        FINISHED = "finished", _("finished")
        NO_SHOW = "no_show", _("did not come")
        CANCELLED = "cancelled", pgettext_lazy("ticket or appointment", "cancelled")

    OPEN_STATUSES = (Status.WAITING, Status.CALLED, Status.SERVING)

    office = models.ForeignKey(
        "accounts.Office",
        on_delete=models.PROTECT,
        related_name="tickets",
        verbose_name=_("office"),
    )
    service_type = models.ForeignKey(
        "accounts.ServiceType",
        on_delete=models.PROTECT,
        related_name="tickets",
        verbose_name=_("service type"),
    )
    day = models.DateField(_("day"))
    number = models.PositiveIntegerField(_("number"))
    display = models.CharField(_("ticket"), max_length=8)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    kiosk = models.ForeignKey(
        Kiosk, on_delete=models.PROTECT, null=True, blank=True, related_name="tickets"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    priority_group = models.CharField(_("priority group"), max_length=16, blank=True)
    phone_verified = models.BooleanField(_("phone verified"), default=False)
    due_at = models.DateTimeField(
        _("appointment time"), null=True, blank=True, help_text=_("Set for appointments.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.WAITING
    )
    issued_at = models.DateTimeField(_("issued at"))
    window = models.ForeignKey(
        "accounts.Window",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("window"),
    )
    transferred_to = models.ForeignKey(
        "accounts.Window",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("transferred to"),
    )
    called_at = models.DateTimeField(_("first called at"), null=True, blank=True)
    serving_at = models.DateTimeField(_("service started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("served by"),
    )
    identity_checked_as = models.CharField(
        _("identity checked as"),
        max_length=16,
        blank=True,
        help_text=_("principal or agent, once the document shown matched"),
    )

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["day", "office", "issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "day", "display"], name="ticket_number_once_a_day"
            ),
            models.UniqueConstraint(
                fields=["office", "day", "service_type", "principal_key"],
                condition=Q(status__in=["waiting", "called", "serving"]),
                name="ticket_one_open_per_principal",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["waiting", "cancelled"]) | Q(called_at__isnull=False),
                name="ticket_called_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "day", "status"], name="ticket_queue"),
            models.Index(fields=["agent_key", "status"], name="ticket_agent_open"),
        ]

    def __str__(self) -> str:
        return self.display


class CallEvent(models.Model):
    """One call of a ticket to a window (叫号): who called it, and why if out of order."""

    class Action(models.TextChoices):
        CALL = "call", _("call")
        RECALL = "recall", _("recall")

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="calls")
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+")
    window = models.ForeignKey("accounts.Window", on_delete=models.PROTECT, related_name="+")
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=8, choices=Action.choices)
    out_of_order_reason = models.CharField(_("out-of-order reason"), max_length=40, blank=True)
    skipped = models.PositiveSmallIntegerField(
        _("tickets passed over"), default=0, help_text=_("How many were ahead in order.")
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-at"]
        indexes = [models.Index(fields=["office", "-at"], name="call_recent")]

    def __str__(self) -> str:
        return f"{self.ticket_id} → {self.window_id}"


class IdentityCheck(models.Model):
    """The identity re-check when a ticket is served (核验): the document shown vs the ticket."""

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="identity_checks")
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+")
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    presented_key = models.CharField(_("document presented"), max_length=80)
    matched = models.CharField(
        _("matched"), max_length=16, blank=True, help_text=_("principal, agent, or empty")
    )
    power_of_attorney = models.BooleanField(_("power of attorney shown"), default=False)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("identity check")
        verbose_name_plural = _("identity checks")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.matched or 'mismatch'}"


class AbuseSignal(models.Model):
    """A cap hit or a mismatch worth a supervisor's look (异常取号/预约): a possible tout."""

    class Kind(models.TextChoices):
        TICKET_DUPLICATE = "ticket_duplicate", _("second open ticket refused")
        AGENT_CAP = "agent_cap", _("agent cap reached")
        BOOKING_CAP = "booking_cap", _("booking cap reached")
        PHONE_CAP = "phone_cap", _("phone cap reached")
        ADDRESS_CAP = "address_cap", _("address cap reached")
        IDENTITY_MISMATCH = "identity_mismatch", _("identity mismatch at the window")
        UNREGISTERED_KIOSK = "unregistered_kiosk", _("unregistered kiosk")

    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    subject_key = models.CharField(_("identity, phone or address"), max_length=80, blank=True)
    detail = models.JSONField(_("detail"), default=dict)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("abuse signal")
        verbose_name_plural = _("abuse signals")
        ordering = ["-at"]
        indexes = [models.Index(fields=["office", "kind", "-at"], name="abuse_by_kind")]

    def __str__(self) -> str:
        return self.kind


class PhoneChallenge(models.Model):
    """A one-time code sent to a phone to claim an identity online (短信验证码)."""

    phone = models.CharField(max_length=20, db_index=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"challenge {self.pk}"


class OutgoingMessage(models.Model):
    """A text message waiting for (or handed to) the SMS gateway (短信发件箱)."""

    phone = models.CharField(max_length=20)
    text = models.CharField(max_length=200)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"message {self.pk}"
