"""The vault's pages: a case's identity (the same section the case page shows), its edit form,
and search by name. Thin: selectors read, services write."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accord import policy
from accord.core.forms import add_service_errors
from accord.vault import selectors, services
from accord.vault.forms import IdentityForm, SearchForm


def identity_page(request, network: str, case_id: int):
    case = selectors.case_for(request.membership, case_id)
    reading = selectors.identity_read(request.membership, case, channel="page")
    may_record = policy.decide(request.membership, "case_data.record",
                               services.identity_facet(case), purpose=services.PURPOSE).allowed
    return render(request, "vault/identity.html", {"case": case, "reading": reading,
                                                   "may_record": may_record})


def identity_edit(request, network: str, case_id: int):
    membership = request.membership
    case = selectors.case_for(membership, case_id)
    policy.require(membership, "case_data.record", services.identity_facet(case),
                   purpose=services.PURPOSE)
    if request.method == "POST":
        form = IdentityForm(request.POST)
        if form.is_valid():
            try:
                services.subject_set_identity(membership=membership, case=case,
                                              **form.service_arguments())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Identity saved."))
                return redirect("vault:identity", network=network, case_id=case.pk)
        return render(request, "vault/identity_edit.html", {"case": case, "form": form},
                      status=400)
    reading = selectors.identity_read(membership, case, channel="page")
    initial = IdentityForm.initial_from(reading.identity, reading.guardian,
                                        bool(reading.subject and reading.subject.is_minor))
    return render(request, "vault/identity_edit.html",
                  {"case": case, "form": IdentityForm(initial=initial)})


def search(request, network: str):
    # Searching the register is a use of the case list; each hit is then decided on its own.
    policy.require(request.membership, "case.list", request.network, purpose="search")
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["name"].strip():
        subjects = selectors.subjects_matching(request.membership, form.cleaned_data["name"])
        results = [(s, s.identity()) for s in subjects]
    status = 400 if request.GET and not form.is_valid() else 200
    return render(request, "vault/search.html", {"form": form, "results": results},
                  status=status)
