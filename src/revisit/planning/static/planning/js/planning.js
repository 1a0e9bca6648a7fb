// Planning pages: ask before a destructive or final step. Buttons and
// forms carry the question in data-confirm; htmx re-renders the page after
// each boosted submit, so the listener sits on the document.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.getAttribute("data-confirm"))) {
    event.preventDefault();
    event.stopPropagation();
  }
}, true);
