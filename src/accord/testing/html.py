"""Read a rendered page the way assistive technology does: elements by id, the table scroll
regions and their names, the error summary and where its links lead. Standard library only."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parent: "Element | None" = None
    children: list["Element"] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def text_content(self) -> str:
        parts = list(self.text)
        for child in self.children:
            parts.append(child.text_content())
        return " ".join(" ".join(parts).split())

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(element)
        if tag not in _VOID:
            self.current = element

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.text.append(data)


def parse(page: str) -> Element:
    tree = _Tree()
    tree.feed(page)
    return tree.root


def by_id(root: Element) -> dict[str, list[Element]]:
    found: dict[str, list[Element]] = {}
    for element in root.iter():
        if "id" in element.attrs:
            found.setdefault(element.attrs["id"], []).append(element)
    return found


def scroll_regions(page: str) -> list[tuple[Element, str]]:
    """Each table scroll region with the text of the caption that names it."""
    root = parse(page)
    ids = by_id(root)
    regions = []
    for element in root.iter():
        if "table-scroll" not in element.attrs.get("class", "").split():
            continue
        assert element.attrs.get("role") == "region", "a scroll region has role=region"
        assert element.attrs.get("tabindex") == "0", "a scroll region can be focused"
        [caption] = ids[element.attrs["aria-labelledby"]]
        assert caption.tag == "caption" and element in list(caption.ancestors())
        regions.append((element, caption.text_content()))
    return regions


def scroll_region_caption(page: str) -> str:
    """The name of the page's first table scroll region."""
    return scroll_regions(page)[0][1]


def error_summary(page: str) -> list[tuple[str, str]]:
    """The error summaries' entries as (id of the control linked to, text); the id is "" for
    errors of the whole form. Fails unless every link leads to exactly one element."""
    root = parse(page)
    ids = by_id(root)
    entries = []
    for summary in root.iter():
        if "data-error-summary" not in summary.attrs:
            continue
        assert summary.attrs.get("role") == "alert"
        for item in summary.iter():
            if item.tag != "li":
                continue
            links = [e for e in item.iter() if e.tag == "a"]
            target = links[0].attrs["href"].removeprefix("#") if links else ""
            if target:
                assert len(ids.get(target, [])) == 1, f"the summary links to #{target}"
            entries.append((target, item.text_content()))
    return entries


def title(page: str) -> str:
    return next(e.text_content() for e in parse(page).iter() if e.tag == "title")


def dangling_references(page: str) -> list[str]:
    """Each aria-describedby / aria-labelledby id that names no element on the page."""
    root = parse(page)
    ids = by_id(root)
    missing = []
    for element in root.iter():
        for attribute in ("aria-describedby", "aria-labelledby"):
            for ref in element.attrs.get(attribute, "").split():
                if ref not in ids:
                    missing.append(f"{element.tag} {attribute}={ref}")
    return missing
