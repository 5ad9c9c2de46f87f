"""How every form is drawn and checked: one renderer, so {{ form }} and {{ field.as_field_group }}
both use Accord's templates (error summary, help and error ids the controls point to); one text
rule on every text field; one way to show a service's refusal on a form.

Every Accord form derives from `Form` or `ModelForm` here, or mixes in `TextRulesMixin`
first (core/tests/test_text_rule.py finds one that does not).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.renderers import TemplatesSetting

from accord.core.text import ControlCharacterValidator


class AccordFormRenderer(TemplatesSetting):
    form_template_name = "core/_form.html"
    field_template_name = "core/_field.html"


def apply_text_rule(field: forms.Field) -> None:
    """The control-character rule on one text field: a <textarea> keeps tab and line breaks,
    any other text control keeps the tab only. Django's own NUL check goes, since the rule
    refuses NUL too and one message is enough."""
    if not isinstance(field, forms.CharField):
        return
    rule = ControlCharacterValidator(multiline=isinstance(field.widget, forms.Textarea))
    replaced = ProhibitNullCharactersValidator | ControlCharacterValidator
    field.validators = [v for v in field.validators if not isinstance(v, replaced)]
    field.validators.append(rule)


class TextRulesMixin:
    """Applies the text rule to every text field of the form, also to fields a form adds in its
    own __init__ (the rule is applied when the form is cleaned)."""

    def full_clean(self):
        for field in self.fields.values():
            apply_text_rule(field)
        super().full_clean()


class Form(TextRulesMixin, forms.Form):
    pass


class ModelForm(TextRulesMixin, forms.ModelForm):
    pass


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: each message on the field it names when the form
    has that field, else on top of the form (the error summary). Codes and parameters are kept,
    so a message reads as the service wrote it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
