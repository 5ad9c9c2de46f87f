"""Forms of meeting papers and the speakers list (issue 16). The upload's own checks (name,
type by content, size) are the service's, so the page and the API refuse alike."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core.forms import Form
from accord.meetings.models import PaperKind, PaperVisibility


class PaperForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("Left empty: the file's name."))
    kind = forms.ChoiceField(label=_("Kind"), choices=PaperKind.choices,
                             initial=PaperKind.UPLOAD, widget=forms.RadioSelect)
    file = forms.FileField(label=_("File"), required=False, help_text=_(
        "PDF, ODT, DOCX, PNG or JPEG. Papers are never sent by e-mail: readers download them "
        "here."))
    url = forms.URLField(label=_("Address (https)"), max_length=500, required=False,
                         assume_scheme="https")
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=PaperVisibility.choices,
                                   initial=PaperVisibility.BODY, widget=forms.RadioSelect)

    def clean(self):
        data = super().clean()
        if data.get("kind") == PaperKind.UPLOAD and not data.get("file"):
            self.add_error("file", _("Choose a file to upload."))
        if data.get("kind") == PaperKind.LINK:
            if not data.get("url"):
                self.add_error("url", _("Give the address of the paper."))
            if not data.get("title"):
                self.add_error("title", _("Give the link a title."))
        return data


class SpeakingTimeForm(Form):
    speaking_time_minutes = forms.IntegerField(
        label=_("Speaking time (minutes, optional)"), min_value=1, max_value=60,
        required=False)
