"""The assessment framework a network configures (issue 10, Deliver 3): domains, then
indicators. A structured professional judgement: the indicators inform the assessor, who
chooses the overall concern level; nothing here scores.

The default framework is Accord's own neutral text (casework/frameworks.py). Default rows store
a code and show the translated default text in the reader's language, like cases' ConcernType;
a network's own framework stores its own words.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.core.models import NetworkOwned


class IndicatorKind(models.TextChoices):
    RISK = "risk", _("Risk")
    PROTECTIVE = "protective", _("Protective")
    NEED = "need", _("Need")
    MOTIVATION = "motivation", _("Motivation")


def _default_text(kind: str, code: str) -> str:
    from accord.casework.frameworks import default_text

    return default_text(kind, code)


class AssessmentFramework(NetworkOwned):
    code = models.SlugField(_("code"), max_length=40)
    # Empty for the default framework: its name is the translated default.
    name = models.CharField(_("name"), max_length=160, blank=True)
    version = models.CharField(_("version"), max_length=20, default="1")
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    is_default = models.BooleanField(_("default framework"), default=False)

    class Meta:
        verbose_name = _("assessment framework")
        verbose_name_plural = _("assessment frameworks")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["network", "code", "version"],
                                               name="unique_framework_version")]

    @property
    def label(self) -> str:
        return self.name or _default_text("framework", self.code)

    def __str__(self) -> str:
        return self.label


class Domain(NetworkOwned):
    framework = models.ForeignKey(AssessmentFramework, on_delete=models.CASCADE,
                                  related_name="domains")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=160, blank=True)

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        ordering = ["framework", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"],
                                               name="unique_domain_code")]

    @property
    def label(self) -> str:
        return self.name or _default_text("domain", self.code)

    def __str__(self) -> str:
        return self.label


class Indicator(NetworkOwned):
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SlugField(_("code"), max_length=60)
    text = models.CharField(_("text"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=IndicatorKind.choices)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["domain__order", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["domain", "code"],
                                               name="unique_indicator_code")]

    @property
    def label(self) -> str:
        return self.text or _default_text("indicator", self.code)

    def __str__(self) -> str:
        return self.label
