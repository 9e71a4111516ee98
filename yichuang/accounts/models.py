"""Offices, windows, staff and the office calendar."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yichuang.accounts.roles import Role

division_code_validator = RegexValidator(
    r"^[1-9]\d{5}$",
    _("An administrative division code is six digits and does not start with 0."),
    code="division_code",
)


class Office(models.Model):
    """A real estate registration agency (不动产登记机构).

    ``division_code`` is the GB/T 2260 code of the county or city it serves; a
    supervisor's jurisdiction is matched against it.
    """

    code = models.SlugField(_("office code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    division_code = models.CharField(
        _("administrative division code"), max_length=6, validators=[division_code_validator]
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    public_phone = models.CharField(_("public telephone"), max_length=40, blank=True)
    certificate_province = models.CharField(
        _("province on certificates"),
        max_length=1,
        blank=True,
        help_text=_("The province abbreviation certificate numbers begin with, e.g. 苏."),
    )
    certificate_place = models.CharField(
        _("place on certificates"),
        max_length=20,
        blank=True,
        help_text=_("The city or county named in certificate numbers, e.g. 海门区."),
    )
    reviewer_may_register = models.BooleanField(
        _("reviewer may also enter the register"),
        default=False,
        help_text=_("Whether the reviewer of a case may also be its registrar."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration office")
        verbose_name_plural = _("registration offices")
        ordering = ["division_code", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(division_code__regex=r"^[1-9][0-9]{5}$"),
                name="office_division_code_six_digits",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceType(models.Model):
    """A kind of business a window handles (业务类型), with its ticket prefix."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50)
    ticket_prefix = models.CharField(
        _("ticket prefix"),
        max_length=1,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]$", _("One capital letter A–Z."))],
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering = ["ticket_prefix"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ticket_prefix__regex=r"^[A-Z]$"), name="service_type_prefix_letter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_prefix} {self.name}"


class Window(models.Model):
    """A service window (窗口) of an office and the service types it handles."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="windows", verbose_name=_("office")
    )
    number = models.PositiveSmallIntegerField(_("window number"))
    name = models.CharField(_("name"), max_length=50, blank=True)
    service_types = models.ManyToManyField(
        ServiceType, related_name="windows", verbose_name=_("service types")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("window")
        verbose_name_plural = _("windows")
        ordering = ["office", "number"]
        constraints = [
            models.UniqueConstraint(fields=["office", "number"], name="window_number_per_office"),
            models.CheckConstraint(condition=Q(number__gte=1), name="window_number_positive"),
        ]

    def __str__(self) -> str:
        return _("Window %(number)s") % {"number": self.number}


class User(AbstractUser):
    """A person who signs in: staff (工作人员) of an office, a supervisor, or an applicant.

    Staff belong to one office. A supervisor (督查) instead has a jurisdiction: a
    division code whose trailing zeros widen it (320600 a city, 320000 a
    province, 000000 the whole country).
    """

    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("office"),
    )
    jurisdiction_code = models.CharField(
        _("jurisdiction (division code)"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", _("Six digits."))],
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def roles(self) -> frozenset[Role]:
        """The roles held, from the user's groups (cached per instance)."""
        cached: frozenset[Role] | None = getattr(self, "_roles_cache", None)
        if cached is None:
            # groups.all() so a prefetch_related("groups") is used, not re-queried.
            names = [group.name for group in self.groups.all()]
            cached = frozenset(Role(name) for name in names if name in Role.values)
            self._roles_cache = cached
        return cached

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def jurisdiction_prefix(self) -> str:
        """The division-code prefix a supervisor's jurisdiction covers."""
        return jurisdiction_prefix(self.jurisdiction_code)


def jurisdiction_prefix(code: str) -> str:
    """320600 → 3206 (a city), 320000 → 32 (a province), 000000 → '' (the country)."""
    if code == "000000":
        return ""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


class CalendarDay(models.Model):
    """A day an administrator entered (放假调休安排): a rest day or a working day.

    With no office it is part of the national arrangement the State Council
    publishes; with an office it changes that office's calendar only.
    """

    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calendar_days",
        verbose_name=_("office"),
        help_text=_("Leave empty for the national arrangement."),
    )
    date = models.DateField(_("date"))
    is_working_day = models.BooleanField(_("working day"))
    name = models.CharField(_("name"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "date"],
                condition=Q(office__isnull=False),
                name="calendar_day_once_per_office",
            ),
            models.UniqueConstraint(
                fields=["date"],
                condition=Q(office__isnull=True),
                name="calendar_day_once_nationally",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class CalendarYear(models.Model):
    """A year whose national holiday arrangement has been entered in full (年度放假安排)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    confirmed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("confirmed by")
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)
    source = models.CharField(
        _("source"), max_length=200, help_text=_("The State Council notice, e.g. 国办发明电…")
    )

    class Meta:
        verbose_name = _("confirmed calendar year")
        verbose_name_plural = _("confirmed calendar years")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class Deadline(models.Model):
    """A time limit counted in working days on an office's calendar (办理时限).

    ``provisional`` says the due date was computed on a provisional calendar (a
    year whose arrangement is not yet entered); such dates are recomputed when
    the arrangement is entered.
    """

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="deadlines", verbose_name=_("office")
    )
    purpose = models.CharField(_("purpose"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    working_days = models.PositiveSmallIntegerField(_("working days"))
    due_on = models.DateField(_("due on"))
    provisional = models.BooleanField(_("provisional"), default=False, db_index=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("starts_on")), name="deadline_due_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.due_on}"
