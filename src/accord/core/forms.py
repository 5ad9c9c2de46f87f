"""How every form is drawn: one renderer, so {{ form }} and {{ field.as_field_group }} both use
Accord's templates (error summary, help and error ids the controls point to)."""

from django.forms.renderers import TemplatesSetting


class AccordFormRenderer(TemplatesSetting):
    form_template_name = "core/_form.html"
    field_template_name = "core/_field.html"
