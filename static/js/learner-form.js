// One tap, one request: disable the submit button of a [data-once] form once it is sent.
document.addEventListener("submit", function (event) {
  var button = event.target.matches("form[data-once]") && event.target.querySelector("button");
  if (button) setTimeout(function () { button.disabled = true; }, 0);
});
// Coming back with the Back button shows the page from cache: make it usable again.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-once] button").forEach(function (b) { b.disabled = false; });
});
