// Accessibility the theme leaves to us. Furo leaves its two sidebars
// unnamed; name them in the page's language, with the site's script
// catalog, which docs/_ext/script_translations.py compiles from sphinx.po
// (docs/_templates/page.html translates the labels Furo does write). Code
// blocks that scroll sideways must take keyboard focus to be scrolled
// without a mouse.
document.addEventListener("DOMContentLoaded", () => {
  const labels = [
    [".sidebar-drawer", _("Site navigation")],
    [".toc-drawer", _("Contents of this page")],
  ];
  for (const [selector, label] of labels) {
    for (const element of document.querySelectorAll(selector)) {
      element.setAttribute("aria-label", label);
    }
  }
  for (const block of document.querySelectorAll("pre")) {
    if (block.scrollWidth > block.clientWidth) {
      block.tabIndex = 0;
    }
  }
});
