"""The site's languages, shared by ``conf.py`` and ``noxfile.py``.

Each entry maps a Sphinx language code to the name readers know it by.
The first entry is the source language.
"""

LANGUAGES = {
    "en": "English",
    "zh_CN": "简体中文",
    "zh_TW": "繁體中文",
}

# Languages whose catalogs are converted from another language's catalogs
# (see traditional_chinese.py) instead of translated by hand.
CONVERTED_FROM = {"zh_TW": "zh_CN"}
