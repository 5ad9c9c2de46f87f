"""Forms of the charter pages. They check shape and limits; the services check the rules."""

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accord.charter.models import (
    MAX_BODY_CHARS,
    Assessment,
    DocumentKind,
    GlossaryTerm,
    Level,
    PracticeState,
    Raci,
)
from accord.charter.starter import STARTER_KINDS
from accord.charter.survey import QUESTIONS
from accord.core.forms import Form, ModelForm
from accord.tenancy.fields import MemberField, MultiMemberField
from accord.tenancy.models import LANGUAGE_CHOICES, Body, BodyRole, Membership, Organisation


class BodyTextField(forms.CharField):
    """Markdown text with a clear message when it is too long (not a silent cut)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 24, "cols": 80}))
        kwargs.setdefault("required", False)
        kwargs.setdefault("strip", False)
        super().__init__(max_length=MAX_BODY_CHARS, **kwargs)
        self.error_messages["max_length"] = _(
            "The text is too long: at most %(limit_value)s characters (it has %(show_value)s). "
            "Split it into two documents or shorten it.")


class DocumentCreateForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)


class StarterForm(Form):
    kind = forms.ChoiceField(label=_("Template"),
                             choices=[(k, DocumentKind(k).label) for k in STARTER_KINDS])
    language = forms.ChoiceField(label=_("Language of the template"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args, **kwargs):
        # Shown beside the new-document form, which has a "kind" too: ids of its own keep
        # both labels pointing at their own select (unique ids, WCAG 4.1.1).
        kwargs.setdefault("auto_id", "starter_%s")
        super().__init__(*args, **kwargs)


class VersionEditForm(Form):
    body = BodyTextField(label=_("Text (Markdown)"),
                         help_text=_("Headings start with #, lists with -. Links and simple "
                                     "tables are kept; scripts and embedded content are removed."))
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class AdoptForm(Form):
    body = forms.ModelChoiceField(label=_("Adopted by"), queryset=Body.objects.none())
    adopted_on = forms.DateField(label=_("Adopted on"),
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(network=network)
        self.fields["adopted_on"].initial = timezone.localdate()


class CommentForm(Form):
    text = forms.CharField(label=_("Your comment"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 4}))


class PracticeStatusForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=PracticeState.choices)
    owner = MemberField(label=_("Owner"), required=False,
                        queryset=Membership.objects.none())
    note = forms.CharField(label=_("Note"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (Membership.objects.filter(network=network).active()
                                         .select_related("user"))


class GoalForm(Form):
    statement = forms.CharField(label=_("Goal"), max_length=500)
    indicators = forms.CharField(label=_("Indicators (what would show progress)"),
                                 max_length=4000, required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    owner_organisation = forms.ModelChoiceField(label=_("Owner organisation"), required=False,
                                                queryset=Organisation.objects.none())
    review_interval_months = forms.IntegerField(label=_("Review every (months)"), min_value=1,
                                                max_value=36, initial=6)

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = Organisation.objects.filter(network=network)


class GoalReviewForm(Form):
    assessment = forms.ChoiceField(label=_("Assessment"), choices=Assessment.choices)
    evidence = forms.CharField(label=_("Evidence"), max_length=4000, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    reviewed_on = forms.DateField(label=_("Reviewed on"),
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class GlossaryTermForm(ModelForm):
    class Meta:
        model = GlossaryTerm
        fields = ["term", "definition", "source_definition", "source", "usage_notes"]
        widgets = {f: forms.Textarea(attrs={"rows": 3})
                   for f in ("definition", "source_definition", "usage_notes")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = (self.instance.translations or {}) if self.instance else {}
        for code, name in LANGUAGE_CHOICES:
            entry = current.get(code, {})
            self.fields[f"term_{code}"] = forms.CharField(
                label=_("Term in %(language)s") % {"language": name}, max_length=120,
                required=False, initial=entry.get("term", ""))
            self.fields[f"definition_{code}"] = forms.CharField(
                label=_("Definition in %(language)s") % {"language": name}, max_length=2000,
                required=False, initial=entry.get("definition", ""),
                widget=forms.Textarea(attrs={"rows": 2}))

    def values(self) -> dict:
        data = {f: self.cleaned_data[f] for f in self.Meta.fields}
        data["translations"] = {
            code: {"term": self.cleaned_data[f"term_{code}"],
                   "definition": self.cleaned_data[f"definition_{code}"]}
            for code, _name in LANGUAGE_CHOICES
        }
        return data

    def validate_unique(self):
        """Uniqueness is the service's check, with its own message."""

    def validate_constraints(self, exclude=None):
        """Likewise the unique-term constraint."""


def party_choices(network) -> list[tuple[str, list[tuple[str, str]]]]:
    """Organisations and body roles, which stay few; named members are typed instead (a list
    of every member grows with the network, see docs/benchmarks.md)."""
    organisations = [(f"org:{o.pk}", o.name) for o in Organisation.objects.filter(network=network)]
    roles = [(f"body:{b.pk}:{code}", f"{label}, {b.name}")
             for b in Body.objects.filter(network=network)
             for code, label in BodyRole.choices if code in (BodyRole.CHAIR, BodyRole.SECRETARY)]
    return [(_("Organisations"), organisations), (_("Body roles"), roles)]


class ResponsibilityForm(Form):
    task = forms.CharField(label=_("Task"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    deputy = MemberField(label=_("Deputy"), required=False,
                         queryset=Membership.objects.none())

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(network=network).active().select_related("user")
        self.fields["deputy"].queryset = members
        choices = party_choices(network)
        for code, label in Raci.choices:
            self.fields[f"raci_{code}"] = forms.MultipleChoiceField(
                label=label, required=False, choices=choices,
                widget=forms.SelectMultiple(attrs={"size": 6}))
            self.fields[f"raci_{code}_members"] = MultiMemberField(
                label=format_lazy("{} ({})", label, _("named members")), required=False,
                queryset=members)

    def assignments(self) -> list[dict]:
        return [{"raci": code, "party": party} for code, _label in Raci.choices
                for party in self.cleaned_data[f"raci_{code}"]
                + [f"member:{m.pk}" for m in self.cleaned_data[f"raci_{code}_members"]]]


class LevelForm(ModelForm):
    class Meta:
        model = Level
        fields = ["number", "name", "admits", "min_severity", "topics"]
        widgets = {"admits": forms.Textarea(attrs={"rows": 2})}

    def validate_unique(self):
        """Uniqueness is the service's check, with its own message."""

    def validate_constraints(self, exclude=None):
        """The number range is a field validator; the unique number is the service's check."""


class SurveyForm(Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[question.code] = forms.ChoiceField(
                label=question.text, required=False, widget=forms.RadioSelect,
                choices=list(question.choices))
