"""The site's languages, shared by ``conf.py`` and ``noxfile.py``.

Each entry maps a Sphinx language code to the name readers know it by.
The first entry is the source language.
"""

LANGUAGES = {
    "en": "English",
    "zh_CN": "简体中文",
}
