"""Administration of users and the organisation, for the system administrator.

Case data is deliberately not in the admin: it would bypass need-to-know (ROLE-02) and the
access log (ROLE-03). Nothing is deleted here either: users are deactivated, memberships ended.

Separated duties (issue 19): the administrator holds no role in the service's work and no
clearance, and what he grants – a role, a clearance – is an *access grant* that a head of
service confirms in the app before it takes effect. Roles in force are read-only here except
their end. Setting a password ends the user's sessions and removes the authenticator app; the
app is set up again with an enrolment code the administrator makes («Lag registreringskode»),
shown once. The authenticator devices can be seen and removed, never added, changed or read.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from core.exceptions import DomainError

from . import services
from .models import (
    CASE_ROLES,
    CASE_USER_IS_NO_ADMIN,
    Registreringskode,
    Rolle,
    Rolletildeling,
    Team,
    Tilgangstildeling,
    Tjeneste,
    User,
)
from .security import username_hash


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None):
        return False


class RolletildelingInline(NoDeleteMixin, admin.TabularInline):
    """Roles in force: only their end can be set here. A new role is an access grant."""

    model = Rolletildeling
    fk_name = "user"
    extra = 0
    fields = ("rolle", "tjeneste", "team", "opprettet", "avsluttet")
    readonly_fields = ("rolle", "tjeneste", "team", "opprettet")
    verbose_name_plural = _("roles in force")

    def has_add_permission(self, request, obj=None):
        return False


class TilgangstildelingFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        new = [
            form.cleaned_data
            for form in self.forms
            if form.instance.pk is None and form.has_changed() and hasattr(form, "cleaned_data")
        ]
        admin_role = any(d.get("rolle") == Rolle.SYSTEMADMINISTRATOR for d in new)
        case_access = any(d.get("rolle") in CASE_ROLES or d.get("adresseklarering") for d in new)
        if admin_role and case_access:
            raise ValidationError(CASE_USER_IS_NO_ADMIN)


class TilgangstildelingInline(NoDeleteMixin, admin.TabularInline):
    """New roles and clearances: each waits for a head of service of its service to confirm
    it in the app (/konto/tildelinger/)."""

    model = Tilgangstildeling
    formset = TilgangstildelingFormSet
    fk_name = "user"
    extra = 0
    fields = (
        "rolle",
        "team",
        "tjeneste",
        "adresseklarering",
        "status",
        "tildelt_av",
        "tildelt",
        "avgjort_av",
        "avgjort",
    )
    readonly_fields = ("status", "tildelt_av", "tildelt", "avgjort_av", "avgjort")
    verbose_name_plural = _("access grants (take effect when a head of service confirms them)")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(NoDeleteMixin, SimpleHistoryAdmin, BaseUserAdmin):
    inlines = [RolletildelingInline, TilgangstildelingInline]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            "Stilling",
            {"fields": ("tittel", "telefon", "malform", "adresseklarering", "lockout_key")},
        ),
    )
    readonly_fields = ("adresseklarering", "lockout_key")
    list_display = ("username", "first_name", "last_name", "is_active")
    actions = ["make_enrolment_code", "remove_clearance"]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.display(description=_("lockout key"))
    def lockout_key(self, obj) -> str:
        """What *Access attempts* shows for this user name (a keyed hash, issue 19)."""
        return username_hash(obj.get_username()) if obj and obj.pk else "–"

    def save_formset(self, request, form, formset, change):
        if formset.model is not Tilgangstildeling:
            return super().save_formset(request, form, formset, change)
        for instance in formset.save(commit=False):
            if instance.pk is not None:
                continue
            try:
                services.tilgangstildeling_create(
                    actor=request.user,
                    user_id=form.instance.pk,
                    tjeneste_id=instance.tjeneste_id,
                    rolle=instance.rolle,
                    team_id=instance.team_id,
                    adresseklarering=instance.adresseklarering,
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.info(
                    request,
                    _(
                        "The grant awaits confirmation by a head of service of %(tjeneste)s. "
                        "It gives no access until then."
                    )
                    % {"tjeneste": instance.tjeneste},
                )
        return None

    def user_change_password(self, request, id, form_url=""):
        """Django's page, and then: a changed password ends the user's sessions and removes the
        authenticator app, so that the next login needs an enrolment code (issue 19)."""
        before = User.objects.filter(pk=id).values_list("password", flat=True).first()
        response = super().user_change_password(request, id, form_url)
        after = User.objects.filter(pk=id).values_list("password", flat=True).first()
        if request.method == "POST" and before is not None and before != after:
            services.user_credentials_reset(actor=request.user, user_id=int(id))
            if int(id) != request.user.pk:
                messages.warning(
                    request,
                    _(
                        "The user's sessions have ended and the authenticator app was "
                        "removed. Make an enrolment code («Make an enrolment code» in the "
                        "user list) so that the user can set it up again."
                    ),
                )
        return response

    @admin.action(description=_("Make an enrolment code"))
    def make_enrolment_code(self, request, queryset):
        """One new enrolment code per chosen user, shown on this page once (issue 19)."""
        codes = []
        for user in queryset.order_by("username"):
            try:
                codes.append(
                    (user, services.registreringskode_issue(actor=request.user, user_id=user.pk))
                )
            except DomainError as exc:
                messages.error(request, f"{user}: {exc.message}")
        if not codes:
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Enrolment codes"),
            "opts": self.opts,
            "codes": codes,
            "valid_hours": Registreringskode.VALID_HOURS,
        }
        return TemplateResponse(request, "admin/accounts/user/enrolment_codes.html", context)

    @admin.action(description=_("Remove the clearance for shielded addresses"))
    def remove_clearance(self, request, queryset):
        """Less access needs no confirmation: at once."""
        count = 0
        for user in queryset:
            count += services.adresseklarering_remove(actor=request.user, user_id=user.pk)
        messages.info(
            request,
            ngettext(
                "The clearance for shielded addresses was removed from %(count)s user.",
                "The clearance for shielded addresses was removed from %(count)s users.",
                count,
            )
            % {"count": count},
        )


@admin.register(Tjeneste)
class TjenesteAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("navn", "kommune", "kommunenummer", "malform")
    list_filter = ("malform",)


@admin.register(Team)
class TeamAdmin(NoDeleteMixin, SimpleHistoryAdmin):
    list_display = ("navn", "tjeneste")
    list_filter = ("tjeneste",)


# django-otp's own admin adds devices with a chosen key and shows any device's QR code: the
# administrator could copy a user's second factor. Here a device can be seen and removed only
# (a lost phone); removing one ends the user's sessions (accounts.receivers).
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "created_at", "last_used_at", "confirmed")
    list_filter = ("confirmed",)
    search_fields = ("user__username",)
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
