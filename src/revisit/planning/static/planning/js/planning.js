// Planning pages: ask before a destructive or final step. Buttons and
// forms carry the question in data-confirm; htmx re-renders the page after
// each boosted submit, so the listener sits on the document. The swapped-in
// page loads this file again, and a second listener would ask twice: the
// flag makes the file bind once per page load.
(function () {
  if (window.revisitPlanningConfirmBound) {
    return;
  }
  window.revisitPlanningConfirmBound = true;
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);
})();
