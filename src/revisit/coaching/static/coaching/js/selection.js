// Selection lists: "select all on this page" and a live count of ticked rows.
(function () {
  "use strict";
  document.querySelectorAll("form[data-selection]").forEach(function (form) {
    var all = form.querySelector("[data-select-all]");
    var counter = form.querySelector("[data-selected-count]");
    var boxes = function () {
      return form.querySelectorAll("input[type=checkbox][name=selected]");
    };
    var update = function () {
      var ticked = 0;
      boxes().forEach(function (box) { if (box.checked) { ticked += 1; } });
      if (counter) { counter.textContent = String(ticked); }
      if (all) {
        all.checked = ticked > 0 && ticked === boxes().length;
        all.indeterminate = ticked > 0 && ticked < boxes().length;
      }
    };
    if (all) {
      all.addEventListener("change", function () {
        boxes().forEach(function (box) { box.checked = all.checked; });
        update();
      });
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === "selected") { update(); }
    });
    update();
  });
})();
