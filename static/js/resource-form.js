/* The "new resource" form: shows the file field or the video address field for the kind
   chosen, and sends the file with a progress bar (XMLHttpRequest's upload events), then
   follows the server's answer as a normal submit would. Without JS, the form works as is. */
(function () {
  "use strict";
  // The completion rule's own field: a share for "watched", minutes for "time spent".
  Array.prototype.forEach.call(document.querySelectorAll("select[name=completion]"), function (select) {
    var form = select.form;
    function field(name) {
      var input = form.querySelector("[name=" + name + "]");
      return input && input.closest("p");
    }
    function update() {
      var share = field("watched_percent"), minutes = field("spent_minutes");
      if (share) share.hidden = select.value !== "watched_fraction";
      if (minutes) minutes.hidden = select.value !== "time_spent";
    }
    select.addEventListener("change", update);
    update();
  });

  var form = document.querySelector("form.js-upload");
  if (!form) return;

  function row(name) {
    var field = form.querySelector("[name=" + name + "]");
    return field && field.closest("p");
  }

  function showFor(type) {
    var link = type === "link", doc = type === "document";
    var file = row("file"), url = row("url"), captions = row("captions_file");
    if (file) file.hidden = link;
    if (url) url.hidden = !link;
    if (captions) captions.hidden = doc;
    // A document is not watched: "opened" is its usual rule.
    var completion = form.querySelector("select[name=completion]");
    if (completion && doc && completion.value === "watched_fraction") {
      completion.value = "opened";
      completion.dispatchEvent(new Event("change"));
    }
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "type") showFor(event.target.value);
  });
  var checked = form.querySelector("[name=type]:checked");
  if (checked) showFor(checked.value);

  form.addEventListener("submit", function (event) {
    var file = form.querySelector("[name=file]");
    if (!window.FormData || !file || !file.files.length || row("file").hidden) return;
    event.preventDefault();
    var box = form.querySelector(".upload-progress"), bar = box.querySelector("progress");
    var status = box.querySelector("[role=status]"), button = form.querySelector("[type=submit]");
    box.hidden = false;
    button.disabled = true;
    status.textContent = form.dataset.sending;
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.upload.onprogress = function (e) {
      if (!e.lengthComputable) return;
      var percent = Math.floor((100 * e.loaded) / e.total);
      bar.value = percent;
      status.textContent = form.dataset.sending + " " + percent + " %";
    };
    request.onload = function () {
      // A redirect was followed: go where it led. A form with errors comes back as a page.
      if (request.responseURL && request.responseURL !== form.action) {
        window.location.assign(request.responseURL);
      } else {
        document.open();
        document.write(request.responseText);
        document.close();
      }
    };
    request.onerror = request.onabort = function () {
      button.disabled = false;
      status.textContent = form.dataset.failed;
    };
    request.send(new FormData(form));
  });
})();
