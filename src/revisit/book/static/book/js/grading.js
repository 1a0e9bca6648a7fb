// Quick grading: a "select all on this page" box and a running count.
// Without JavaScript the page still works one checkbox at a time, so the
// select-all box stays hidden until this script runs.
(function () {
  "use strict";
  const form = document.getElementById("grading-form");
  const selectAll = document.getElementById("select-all");
  const counter = document.getElementById("selected-count");
  if (!form || !selectAll) {
    return;
  }
  const boxes = Array.from(form.querySelectorAll("input[name=customers]"));
  const template = counter.dataset.template || "";

  function update() {
    const checked = boxes.filter((box) => box.checked).length;
    selectAll.checked = checked === boxes.length && checked > 0;
    selectAll.indeterminate = checked > 0 && checked < boxes.length;
    counter.textContent = template.replace("__count__", String(checked));
  }

  selectAll.hidden = false;
  selectAll.addEventListener("change", () => {
    boxes.forEach((box) => {
      box.checked = selectAll.checked;
    });
    update();
  });
  boxes.forEach((box) => box.addEventListener("change", update));
  update();
})();
