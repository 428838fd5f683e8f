// Furo writes a few screen-reader labels in English only. Translate them
// with the site's script catalog, which docs/_ext/script_translations.py
// compiles from docs/locales/<language>/LC_MESSAGES/sphinx.po.
document.addEventListener("DOMContentLoaded", () => {
  const labels = [
    ["#__navigation", _("Toggle site navigation sidebar")],
    ["#__toc", _("Toggle table of contents sidebar")],
    [".theme-toggle", _("Toggle Light / Dark / Auto color theme")],
  ];
  for (const [selector, label] of labels) {
    for (const element of document.querySelectorAll(selector)) {
      element.setAttribute("aria-label", label);
    }
  }
});
