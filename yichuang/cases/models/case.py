"""Registration cases (办件): the application, its history, its papers and its fee.

A case is written only by the services in ``yichuang.cases.services``; each
change appends a :class:`CaseEvent` (the case's own timeline, read by the
workflow rules for separation of duties) besides the platform's audit event.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yichuang.cases.workflow import CaseState

#: The states each work queue holds (the selectors and the queue indexes share them).
QUEUE_STATES: dict[str, tuple[str, ...]] = {
    "review": (CaseState.ACCEPTED.value, CaseState.IN_REVIEW.value, CaseState.SUSPENDED.value),
    "entry": (CaseState.APPROVED.value, CaseState.ENTERED.value),
    "collection": (CaseState.CERTIFICATE_ISSUED.value,),
    "intake": (CaseState.INTAKE.value, CaseState.NOT_ACCEPTED_NOTICE.value),
}


def _empty_dict() -> dict[str, object]:
    return {}


def _empty_list() -> list[object]:
    return []


class CaseSettings(models.Model):
    """An office's time-limit promises (办理时限承诺) and intake settings.

    Absent until the head changes something; the defaults are the reform
    targets (docs/adr/0013-case-workflow-and-time-limits.md).
    """

    office = models.OneToOneField(
        "accounts.Office",
        on_delete=models.PROTECT,
        related_name="case_settings",
        verbose_name=_("office"),
    )
    general_working_days = models.PositiveSmallIntegerField(
        _("promised working days (general)"), default=5
    )
    promised_by_type = models.JSONField(
        _("promised working days by registration type"),
        default=_empty_dict,
        blank=True,
        help_text=_('Types promised differently from the general limit, e.g. {"seizure": 1}.'),
    )
    count_acceptance_day = models.BooleanField(_("count the day of acceptance"), default=False)
    due_soon_working_days = models.PositiveSmallIntegerField(
        _("due soon at working days left"), default=1
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("case settings")
        verbose_name_plural = _("case settings")

    def __str__(self) -> str:
        return str(self.office)


class DocumentCounter(models.Model):
    """The last number of one series at one office in one year (never reused)."""

    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=16)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "series"], name="case_document_counter_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.series} {self.last}"


class Case(models.Model):
    """One application for registration (登记申请), from the window to the certificate."""

    class State(models.TextChoices):
        INTAKE = CaseState.INTAKE.value, _("at intake")
        ACCEPTED = CaseState.ACCEPTED.value, pgettext_lazy("case state", "accepted")
        NOT_ACCEPTED_NOTICE = (
            CaseState.NOT_ACCEPTED_NOTICE.value,
            _("not accepted, one-time notice given"),
        )
        OUT_OF_REMIT = CaseState.OUT_OF_REMIT.value, _("not accepted, out of remit")
        IN_REVIEW = CaseState.IN_REVIEW.value, _("in review")
        SUSPENDED = CaseState.SUSPENDED.value, _("suspended")
        APPROVED = CaseState.APPROVED.value, _("approved, awaiting entry")
        ENTERED = CaseState.ENTERED.value, _("entered in the register")
        CERTIFICATE_ISSUED = CaseState.CERTIFICATE_ISSUED.value, _("certificate ready")
        COLLECTED = CaseState.COLLECTED.value, _("collected")
        REFUSED = CaseState.REFUSED.value, _("registration refused")
        WITHDRAWN = CaseState.WITHDRAWN.value, _("withdrawn")

    class Side(models.TextChoices):
        OBLIGEE = "obligee", _("obligee (acquires or holds the right)")
        OBLIGOR = "obligor", _("obligor (gives up or burdens the right)")

    reference = models.CharField(_("case number"), max_length=40, unique=True)
    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="cases", verbose_name=_("office")
    )
    ticket = models.ForeignKey(
        "frontdesk.Ticket",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("ticket"),
    )
    submission_key = models.CharField(
        _("submission key"),
        max_length=64,
        help_text=_("Sent with the intake form, so a second submission finds the first case."),
    )
    registration_type = models.CharField(_("registration type"), max_length=40)
    cause = models.CharField(pgettext_lazy("registration", "cause"), max_length=40)
    title = models.CharField(_("registration"), max_length=200)
    application_mode = models.CharField(_("who applies"), max_length=16)
    unit = models.ForeignKey(
        "registry.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("unit"),
    )
    unit_code = models.CharField(_("unit code"), max_length=40)
    agent_name = models.CharField(_("agent"), max_length=100, blank=True)
    agent_key = models.CharField(_("agent identity"), max_length=80, blank=True)
    circumstances = models.JSONField(_("circumstances"), default=_empty_dict)
    details = models.JSONField(_("registration details"), default=_empty_dict)
    catalog_version = models.CharField(_("catalog version"), max_length=32)
    presented = models.JSONField(_("materials presented"), default=_empty_list)
    state = models.CharField(_("state"), max_length=24, choices=State.choices)
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
    )
    intake_opened_at = models.DateTimeField(
        _("intake (re)opened at"),
        help_text=_("The latest visit: an undecided intake is accepted by law when its day ends."),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    deemed = models.BooleanField(_("deemed accepted"), default=False)
    limit_days = models.PositiveSmallIntegerField(_("promised working days"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    visits = models.PositiveSmallIntegerField(_("visits to the window"), default=1)
    notice_breaches = models.PositiveSmallIntegerField(
        _("items asked for beyond the first notice"), default=0
    )
    entry = models.ForeignKey(
        "registry.Entry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("register entry"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "submission_key"], name="case_submitted_once"
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(due_on__isnull=False),
                name="case_accepted_has_due_date",
            ),
        ]
        indexes = [
            models.Index(fields=["office", "state", "due_on"], name="case_work_queue"),
            # One per work queue, in the queue's order, so a page is read off the index
            # instead of sorting every open case (selectors.QUEUES names the states).
            *(
                models.Index(
                    fields=["office", "due_on", "opened_at", "id"],
                    condition=Q(state__in=states),
                    name=f"case_queue_{queue}",
                )
                for queue, states in QUEUE_STATES.items()
            ),
            models.Index(fields=["office", "opened_at"], name="case_opened"),
            models.Index(fields=["unit", "state"], name="case_on_unit"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def workflow_state(self) -> CaseState:
        """The state as the workflow rules name it."""
        return CaseState(self.state)


class CaseApplicant(models.Model):
    """One applicant of a case (申请人), on one side of the registration."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="applicants")
    party = models.ForeignKey("registry.Party", on_delete=models.PROTECT, related_name="+")
    side = models.CharField(_("side"), max_length=16, choices=Case.Side.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    share = models.CharField(
        _("share"), max_length=16, blank=True, help_text=_("For shared ownership, e.g. 1/2.")
    )

    class Meta:
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")
        ordering = ["case", "position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "party"], name="case_applicant_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.side} {self.position}"


class CaseEvent(models.Model):
    """One step in a case's life (办件记录), in order: who, when, what, on which basis."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField(_("step"))
    # A workflow action, or one of the case's other steps (NOTE_ACTIONS).
    action = models.CharField(_("action"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"))
    state_from = models.CharField(_("from"), max_length=24, blank=True)
    state_to = models.CharField(_("to"), max_length=24, blank=True)
    article = models.CharField(_("basis"), max_length=300, blank=True)
    data = models.JSONField(_("details"), default=_empty_dict)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["case", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="case_event_seq_once"),
        ]
        indexes = [models.Index(fields=["action", "at"], name="case_event_action_at")]

    def __str__(self) -> str:
        return f"{self.case} #{self.seq} {self.action}"


class Suspension(models.Model):
    """A statutory suspension of a case's clock (中止): a site visit, investigation or notice."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="suspensions")
    reason = models.CharField(_("reason"), max_length=24)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        ordering = ["case", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(end__isnull=True), name="case_one_open_suspension"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.reason} {self.start}"


class CaseDocument(models.Model):
    """A written act handed to the applicant (登记文书), kept as printed, verifiable by QR."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("acceptance receipt")
        NOTICE = "notice", _("non-acceptance with one-time notice")
        OUT_OF_REMIT = "out_of_remit", _("non-acceptance, out of remit")
        REFUSAL = "refusal", _("refusal to register")
        FEE_RECEIPT = "fee_receipt", _("fee receipt")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    number = models.CharField(_("document number"), max_length=48, unique=True)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    verification_code = models.CharField(max_length=32, unique=True, editable=False)
    content = models.JSONField(_("content"), default=_empty_dict)

    class Meta:
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        ordering = ["case", "issued_at"]

    def __str__(self) -> str:
        return self.number


class FeePayment(models.Model):
    """The fee collected on a case (登记费), line by line from the schedule, with its receipt."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="payment")
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+")
    schedule_version = models.CharField(_("schedule version"), max_length=32)
    lines = models.JSONField(_("lines"), default=_empty_list)
    total = models.DecimalField(_("total (yuan)"), max_digits=10, decimal_places=2)
    payer_name = models.CharField(_("payer"), max_length=200)
    collected_at = models.DateTimeField(_("collected at"))
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    receipt = models.OneToOneField(
        CaseDocument, on_delete=models.PROTECT, related_name="payment", null=True, blank=True
    )

    class Meta:
        verbose_name = _("fee payment")
        verbose_name_plural = _("fee payments")
        ordering = ["-collected_at"]
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0), name="fee_payment_not_negative"),
        ]
        indexes = [models.Index(fields=["office", "collected_at"], name="fee_payment_day")]

    def __str__(self) -> str:
        return f"{self.case} {self.total}"


class CaseEscalation(models.Model):
    """A case brought to the office head's attention because its clock runs out (督办)."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("due soon")
        OVERDUE = "overdue", _("overdue")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalations")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    raised_on = models.DateField(_("raised on"))
    due_on = models.DateField(_("due on"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["-raised_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "due_on"], name="case_escalated_once_per_due_date"
            ),
        ]
        indexes = [
            # The head's list of escalations not yet taken up, in the order it shows them.
            models.Index(
                fields=["-kind", "due_on"],
                condition=Q(acknowledged_at__isnull=True),
                name="case_escalation_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.kind}"
