// The print page's button opens the browser's print dialog.
document.getElementById("print-button").addEventListener("click", function () {
  window.print();
});
