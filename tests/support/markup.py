"""The parts of a message that a translation must carry over unchanged.

A message from a MyST page or a gallery script holds code spans, link
targets, role targets and HTML. The translation rewrites the prose around
them, but each of these must reappear exactly: a lost code span or a changed
link target is a defect even when the Chinese reads well.
"""

import re
from collections import Counter

# `text <target>`_ : a reStructuredText hyperlink.
RST_LINK = re.compile(r"`[^`<]*<([^`>]+)>`__?")
# {role}`target` (MyST) and :role:`target` (reStructuredText), where the
# target may follow a title: {role}`title <target>`.
ROLE = re.compile(r"(?:\{([\w:.-]+)\}|:([\w:.-]+):)`(?:[^`<]*<([^`>]+)>|([^`]+))`")
# A code span: a run of backticks, its content, the same run again.
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
HTML_TAG = re.compile(r"<(/?[a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:=\"[^\"]*\")?)*)\s*/?>")
HTML_ATTRIBUTE = re.compile(r"([\w:-]+)(?:=\"([^\"]*)\")?")
# Attributes whose value is text for the reader, translated with the prose.
TEXT_ATTRIBUTES = {"alt", "title", "tooltip", "aria-label"}


def fixed_parts(message: str) -> Counter:
    """The code spans, targets and HTML of ``message``, as a multiset."""
    parts = Counter()
    rest = message
    for pattern, kind in ((RST_LINK, "link"), (ROLE, "role")):
        for match in pattern.finditer(rest):
            if kind == "role":
                name = match.group(1) or match.group(2)
                parts[("role", name, match.group(3) or match.group(4))] += 1
            else:
                parts[("link", match.group(1))] += 1
        rest = pattern.sub(" ", rest)
    for match in CODE_SPAN.finditer(rest):
        parts[("code", match.group(2))] += 1
    rest = CODE_SPAN.sub(" ", rest)
    for match in MARKDOWN_LINK.finditer(rest):
        parts[("link", match.group(1))] += 1
    for match in HTML_TAG.finditer(rest):
        parts[("tag", match.group(1))] += 1
        for attribute in HTML_ATTRIBUTE.finditer(match.group(2)):
            name, value = attribute.groups()
            shown = None if name in TEXT_ATTRIBUTES else value
            parts[("attribute", match.group(1), name, shown)] += 1
    return parts


def lost_parts(message: str, translation: str) -> list[tuple]:
    """The fixed parts of ``message`` that ``translation`` does not repeat.

    Each part counts as often as it occurs. A translation may add a code
    span (a class name the English writes as a word, say) but not drop one.
    """
    lost = fixed_parts(message) - fixed_parts(translation)
    return sorted(lost.elements())


def prose(message: str) -> str:
    """``message`` without its code spans, targets and HTML tags."""
    for pattern in (RST_LINK, ROLE, CODE_SPAN, HTML_TAG):
        message = pattern.sub(" ", message)
    return MARKDOWN_LINK.sub("]", message)
