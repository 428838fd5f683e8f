"""Version notes: what holds only on some torch releases, folded away.

The pages are written for the torch that builds the site. Where another
release in the range the package supports behaves differently, the page
says so in a version note, which the HTML page shows closed, as a
``<details>`` element whose summary names the versions::

    :::{version-note} On torch 2.6
    torch 2.6 creates no state in `step()`, ...
    :::

The title is a message of the page's catalog like any paragraph, and the
note's text is in the page's search index whether the note is open or
closed. A printed page shows every note open (``_static/version-notes.js``;
the style is ``_static/version-notes.css``). Builders
other than HTML show the title as a paragraph followed by the note's text.
"""

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


class version_note(nodes.Admonition, nodes.Element):
    """A note that holds for some torch versions only.

    An admonition, so that code treating notes as asides (the page's first
    sentence in ``page_meta``) treats this one the same way.
    """


class version_note_title(nodes.Part, nodes.TextElement):
    """The title of a version note: which versions it is about."""


class VersionNote(SphinxDirective):
    """``version-note``: the title names the versions, the content says what differs."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        title_text = " ".join(self.arguments[0].split())
        title_nodes, messages = self.state.inline_text(title_text, self.lineno)
        title = version_note_title(title_text, "", *title_nodes)
        self.set_source_info(title)
        note = version_note("", title, classes=["version-note"])
        self.set_source_info(note)
        if not self.content:
            raise self.error("a version note needs text under its title")
        self.state.nested_parse(self.content, self.content_offset, note)
        return [note, *messages]


def visit_note_html(self, node: version_note) -> None:
    self.body.append(self.starttag(node, "details"))


def depart_note_html(self, node: version_note) -> None:
    self.body.append("</div>\n</details>\n")


def visit_title_html(self, node: version_note_title) -> None:
    self.body.append(self.starttag(node, "summary", "", CLASS="version-note-title"))


def depart_title_html(self, node: version_note_title) -> None:
    self.body.append('</summary>\n<div class="version-note-body">\n')


def visit_nothing(self, node: nodes.Node) -> None:
    pass


def depart_nothing(self, node: nodes.Node) -> None:
    pass


def visit_title_as_paragraph(self, node: version_note_title) -> None:
    self.visit_paragraph(node)


def depart_title_as_paragraph(self, node: version_note_title) -> None:
    self.depart_paragraph(node)


def add_assets(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Load the notes' style and print script on the pages that have notes."""
    if doctree is not None and any(doctree.findall(version_note)):
        app.add_css_file("version-notes.css")
        app.add_js_file("version-notes.js")


def setup(app: Sphinx) -> dict:
    other = (visit_nothing, depart_nothing)
    title_other = (visit_title_as_paragraph, depart_title_as_paragraph)
    app.add_node(
        version_note,
        html=(visit_note_html, depart_note_html),
        text=other,
        latex=other,
        man=other,
        texinfo=other,
    )
    app.add_node(
        version_note_title,
        html=(visit_title_html, depart_title_html),
        text=title_other,
        latex=title_other,
        man=title_other,
        texinfo=title_other,
    )
    app.add_directive("version-note", VersionNote)
    # Before page_assets, which copies the page's list of assets.
    app.connect("html-page-context", add_assets, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
