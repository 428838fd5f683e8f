"""Every message of the English source has a finished translation.

The messages are extracted afresh from the sources, as `nox -s i18n` does,
so a page edited without updating its catalog fails here.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from support.project import DOCS, LANGUAGES, TOOLS

TRANSLATIONS = LANGUAGES[1:]
# The gettext build runs the gallery examples, which need the pinned torch.
pytestmark = pytest.mark.runs_gallery


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gettext")
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "gettext", "-q", str(DOCS), str(out)],
        check=True,
    )
    subprocess.run(
        [sys.executable, str(TOOLS / "interface_messages.py"), str(out / "sphinx.pot")],
        check=True,
    )
    return out


def read(path: Path):
    with path.open("rb") as file:
        return read_po(file)


def catalog_problems(template: Path, catalog_path: Path) -> list[str]:
    if not catalog_path.is_file():
        return ["no catalog"]
    catalog = read(catalog_path)
    problems = [f"obsolete: {message_id!r}" for message_id in catalog.obsolete]
    for expected in read(template):
        if not expected.id:
            continue
        message = catalog.get(expected.id)
        if message is None:
            problems.append(f"missing: {expected.id!r}")
        elif message.fuzzy:
            problems.append(f"fuzzy: {expected.id!r}")
        elif not message.string or not all(
            message.string if message.pluralizable else [message.string]
        ):
            problems.append(f"untranslated: {expected.id!r}")
    return problems


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_every_message_is_translated(templates, language):
    messages = DOCS / "locales" / language / "LC_MESSAGES"
    problems = {}
    pots = sorted(templates.rglob("*.pot"))
    assert pots, "the gettext build wrote no templates"
    for template in pots:
        relative = template.relative_to(templates).with_suffix(".po")
        if found := catalog_problems(template, messages / relative):
            problems[relative.as_posix()] = found
    assert problems == {}


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_no_catalog_outlives_its_page(templates, language):
    messages = DOCS / "locales" / language / "LC_MESSAGES"
    orphans = [
        po.relative_to(messages).as_posix()
        for po in sorted(messages.rglob("*.po"))
        if not (templates / po.relative_to(messages).with_suffix(".pot")).is_file()
    ]
    assert orphans == []
