"""PDFs with WeasyPrint. Nothing outside the document is fetched: a URL in a member's text must
not make the server call other hosts (only inline data: URLs are allowed)."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher


def pdf_document(template: str, context: dict):
    """The laid-out document (pages and boxes), for writing or for inspecting in tests."""
    html = render_to_string(template, context)
    fetcher = URLFetcher(allowed_protocols=["data"], timeout=2)
    return HTML(string=html, url_fetcher=fetcher, base_url="about:blank").render()


def pdf_response(template: str, context: dict, *, filename: str) -> HttpResponse:
    response = HttpResponse(pdf_document(template, context).write_pdf(),
                            content_type="application/pdf")
    safe_name = "".join(c for c in filename if c.isalnum() or c in "-_.") or "document.pdf"
    response["Content-Disposition"] = f'inline; filename="{safe_name}"'
    return response
