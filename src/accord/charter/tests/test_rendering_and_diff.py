from accord.charter.diff import line_diff
from accord.charter.rendering import markdown_to_html, render_charter


def test_scripts_iframes_and_javascript_links_are_removed_on_render():
    hostile = ("# Rules\n\n<script>alert(1)</script>\n\n<iframe src='https://evil.test'></iframe>\n\n"
               "[click](javascript:alert(2)) <a href=\"javascript:alert(3)\">x</a> "
               "<img src=x onerror=alert(4)> <p onclick=\"alert(5)\">p</p>\n\n"
               "[ok](https://example.test)")
    html = markdown_to_html(hostile)
    lowered = html.lower()
    for needle in ("<script", "<iframe", "javascript:", "onerror", "onclick", "<img"):
        assert needle not in lowered
    assert '<a href="https://example.test"' in html and "<h1>Rules</h1>" in html


def test_glossary_terms_are_marked_once_with_a_focusable_tooltip():
    html = render_charter("The case conference meets. Another case conference.\n\n"
                          "[case conference](https://example.test)",
                          [("Case conference", "Operational meeting on <cases>")])
    assert html.count('class="glossary-term" tabindex="0"') == 1
    assert 'role="tooltip"' in html and "Operational meeting on &lt;cases&gt;" in html
    assert ">case conference</a>" in html  # text inside links stays plain


def test_a_term_definition_cannot_inject_markup():
    html = render_charter("A signal.", [("signal", '"><script>x()</script>')])
    assert "<script>" not in html


def test_the_diff_names_removed_and_added_lines_and_skips_long_unchanged_stretches():
    old = "\n".join(f"line {i}" for i in range(1, 21))
    new = old.replace("line 10", "line ten") + "\nline 21"
    rows = line_diff(old, new)
    kinds = [(r.kind, r.text) for r in rows]
    assert ("removed", "line 10") in kinds and ("added", "line ten") in kinds
    assert ("added", "line 21") in kinds
    assert ("same", "line 1") not in kinds and any(r.kind == "gap" for r in rows)
    assert [r.old_number for r in rows if r.kind == "removed"] == [10]


def test_diff_of_identical_texts_is_empty():
    assert line_diff("a\nb", "a\nb") == []
