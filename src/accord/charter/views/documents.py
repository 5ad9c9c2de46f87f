"""Pages of charter documents: list, read, edit, propose, adopt, comment, compare, print."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.charter import selectors, services
from accord.charter.diff import line_diff
from accord.charter.forms import (
    AdoptForm,
    CommentForm,
    DocumentCreateForm,
    StarterForm,
    VersionEditForm,
)
from accord.charter.models import DocumentKind, VersionStatus
from accord.charter.pdf import pdf_response
from accord.charter.rendering import render_charter
from accord.charter.views._common import PURPOSE, add_service_errors, charter_page, context
from accord.policy import decide


def _version_url(version) -> str:
    return reverse("charter:version", kwargs={"network": version.network.slug,
                                              "pk": version.document_id,
                                              "number": version.number})


def _rendered(request, version):
    terms = selectors.glossary_tips(network=request.network,
                                    language=translation.get_language() or "en")
    return render_charter(version.body, terms)


def _version(request, pk: int, number: int, action: str):
    return selectors.version_for(request.membership, pk, number, action=action,
                                 purpose=PURPOSE)


def _document(request, pk: int, action: str = "charter_document.view"):
    return selectors.document_for(request.membership, pk, action=action, purpose=PURPOSE)


@charter_page()
def documents(request, network: str):
    kind = request.GET.get("kind", "")
    docs = selectors.documents_seen_by(request.membership, request.network, purpose=PURPOSE)
    if kind in DocumentKind.values:
        docs = docs.filter(kind=kind)
    return render(request, "charter/documents.html", context(
        request, documents=docs, kind=kind,
        create_form=DocumentCreateForm(initial={"kind": kind or DocumentKind.CUSTOM}),
        starter_form=StarterForm(initial={"kind": kind if kind in DocumentKind.values else None,
                                          "language": translation.get_language()}),
    ))


@charter_page("charter.edit")
@require_POST
def document_create(request, network: str):
    form = DocumentCreateForm(request.POST)
    if form.is_valid():
        try:
            version = services.document_create(membership=request.membership,
                                               **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Document created as a draft."))
            return redirect("charter:version-edit", network=network, pk=version.document_id,
                            number=version.number)
    return render(request, "charter/documents.html", context(
        request, documents=selectors.documents_seen_by(request.membership, request.network,
                                                       purpose=PURPOSE),
        create_form=form, starter_form=StarterForm(), kind=""), status=400)


@charter_page("charter.edit")
@require_POST
def document_from_starter(request, network: str):
    form = StarterForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a template and a language."))
        return redirect("charter:documents", network=network)
    version = services.document_create_from_starter(membership=request.membership,
                                                    **form.cleaned_data)
    messages.success(request, _("The template is now your draft: change what does not fit."))
    return redirect("charter:version-edit", network=network, pk=version.document_id,
                    number=version.number)


@charter_page()
def document(request, network: str, pk: int):
    doc = _document(request, pk)
    versions = list(doc.versions.all())
    adopted = next((v for v in versions if v.status == VersionStatus.ADOPTED), None)
    return redirect(_version_url(adopted or versions[0]))


@charter_page()
def version(request, network: str, pk: int, number: int):
    doc = _document(request, pk)
    ver = _version(request, pk, number, "charter_version.view")
    may_comment = decide(request.membership, "charter_version.comment", ver,
                         purpose=PURPOSE).allowed
    return render(request, "charter/version.html", context(
        request, document=doc, version=ver, versions=list(doc.versions.all()),
        html=_rendered(request, ver),
        comments=ver.comments.select_related("author__user")
        if decide(request.membership, "charter_version.comments", ver,
                  purpose=PURPOSE).allowed else [],
        comment_form=CommentForm()
        if may_comment and ver.status == VersionStatus.PROPOSED else None,
        adopt_form=AdoptForm(network=request.network)
        if ver.status == VersionStatus.PROPOSED else None,
    ))


@charter_page()
def version_edit(request, network: str, pk: int, number: int):
    ver = _version(request, pk, number, "charter_version.edit")
    doc = ver.document
    if ver.status != VersionStatus.DRAFT:
        messages.info(request, _("Version %(number)s can no longer be changed. Start a new "
                                 "draft from it instead.") % {"number": ver.number})
        return redirect(_version_url(ver))
    form = VersionEditForm(request.POST or None,
                           initial={"body": ver.body, "lock_version": ver.lock_version})
    if request.method == "POST" and form.is_valid():
        try:
            services.version_edit(membership=request.membership, version=ver,
                                  **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Draft saved."))
            return redirect(_version_url(ver))
    status = 400 if request.method == "POST" else 200
    return render(request, "charter/version_edit.html",
                  context(request, document=doc, version=ver, form=form), status=status)


def _transition(request, pk: int, number: int, action: str, service, success: str):
    ver = _version(request, pk, number, action)
    try:
        ver = service(membership=request.membership, version=ver)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(_version_url(ver))


@charter_page()
@require_POST
def version_propose(request, network: str, pk: int, number: int):
    return _transition(request, pk, number, "charter_version.propose", services.version_propose,
                       _("Proposed. Members can now read and comment on it."))


@charter_page()
@require_POST
def version_withdraw(request, network: str, pk: int, number: int):
    return _transition(request, pk, number, "charter_version.withdraw",
                       services.version_withdraw,
                       _("The proposal is a draft again."))


@charter_page()
@require_POST
def version_new_draft(request, network: str, pk: int):
    doc = _document(request, pk, "charter_document.draft")
    try:
        ver = services.version_draft(membership=request.membership, document=doc)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("charter:document", network=network, pk=pk)
    messages.success(request, _("New draft %(number)s made from the latest text.")
                     % {"number": ver.number})
    return redirect("charter:version-edit", network=network, pk=pk, number=ver.number)


@charter_page()
def version_adopt(request, network: str, pk: int, number: int):
    ver = _version(request, pk, number, "charter_version.adopt")
    doc = ver.document
    form = AdoptForm(request.POST or None, network=request.network)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_adopt(membership=request.membership, version=ver,
                                   body=form.cleaned_data["body"],
                                   adopted_on=form.cleaned_data["adopted_on"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Version %(number)s is adopted and now in force.")
                             % {"number": ver.number})
            return redirect(_version_url(ver))
    status = 400 if request.method == "POST" else 200
    return render(request, "charter/version_adopt.html",
                  context(request, document=doc, version=ver, form=form), status=status)


@charter_page()
@require_POST
def version_comment(request, network: str, pk: int, number: int):
    ver = _version(request, pk, number, "charter_version.comment")
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(membership=request.membership, version=ver,
                                 text=form.cleaned_data["text"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you, your comment is saved."))
    else:
        messages.error(request, " ".join(m for errs in form.errors.values() for m in errs))
    return redirect(_version_url(ver))


@charter_page()
def version_diff(request, network: str, pk: int):
    doc = _document(request, pk)
    try:
        numbers = int(request.GET.get("from", "")), int(request.GET.get("to", ""))
    except ValueError:
        raise Http404 from None  # no such comparison: the address is malformed
    # Each side through the policy: a version the reader may not see is as missing as none.
    old, new = (_version(request, pk, number, "charter_version.view") for number in numbers)
    return render(request, "charter/version_diff.html", context(
        request, document=doc, old=old, new=new, rows=line_diff(old.body, new.body)))


@charter_page()
def version_pdf(request, network: str, pk: int, number: int):
    doc = _document(request, pk)
    ver = _version(request, pk, number, "charter_version.view")
    return pdf_response("charter/pdf/version.html", {
        "network": request.network, "document": doc, "version": ver,
        "html": _rendered(request, ver), "LANGUAGE_CODE": translation.get_language(),
    }, filename=f"{doc.title}-v{ver.number}.pdf")
