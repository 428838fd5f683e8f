"""The translated messages of each language's catalogs."""

from babel.messages.pofile import read_po

from support.project import DOCS


def catalogs(language: str):
    return sorted((DOCS / "locales" / language / "LC_MESSAGES").rglob("*.po"))


def translated_messages(language: str):
    """(catalog name, English message, translation) for every translated entry."""
    for path in catalogs(language):
        with path.open("rb") as file:
            catalog = read_po(file)
        for message in catalog:
            if not message.id or not message.string:
                continue
            if message.pluralizable:
                pairs = zip([message.id[0]] * 2, message.string, strict=False)
            else:
                pairs = [(message.id, message.string)]
            for english, translation in pairs:
                yield path.name, english, translation
