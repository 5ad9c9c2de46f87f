"""How every form is drawn: one renderer, so {{ form }} and {{ field.as_field_group }} both use
Accord's templates (error summary, help and error ids the controls point to)."""

from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting


class AccordFormRenderer(TemplatesSetting):
    form_template_name = "core/_form.html"
    field_template_name = "core/_field.html"


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: each message on the field it names when the form
    has that field, else on top of the form (the error summary). Codes and parameters are kept,
    so a message reads as the service wrote it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
