from datetime import date

from accord.charter import services


def adopted_document(coordinator, body, *, text="# Rules\n\nWe meet monthly.\n",
                     kind="rules_of_procedure", title="Geschäftsordnung"):
    version = services.document_create(membership=coordinator, kind=kind, title=title,
                                       body=text)
    version = services.version_propose(membership=coordinator, version=version)
    return services.version_adopt(membership=coordinator, version=version, body=body,
                                  adopted_on=date.today())


def page_texts(document) -> list[str]:
    """The text on each laid-out PDF page, margin boxes (running footers) included."""
    def walk(box):
        if getattr(box, "text", None):
            yield box.text
        for child in getattr(box, "children", []) or []:
            yield from walk(child)
    return [" ".join(walk(page._page_box)) for page in document.pages]
