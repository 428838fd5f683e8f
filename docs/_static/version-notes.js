// A printed page shows its version notes (docs/_ext/version_notes.py) open,
// and the page on screen goes back to what the reader had open.
(() => {
  let opened = [];
  window.addEventListener("beforeprint", () => {
    opened = [...document.querySelectorAll("details.version-note:not([open])")];
    for (const note of opened) {
      note.open = true;
    }
  });
  window.addEventListener("afterprint", () => {
    for (const note of opened) {
      note.open = false;
    }
    opened = [];
  });
})();
