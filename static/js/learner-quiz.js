// Quiz page: answers saved as they change, a countdown, ordering buttons.
// Without it the form still works: it sends everything at once.
(function () {
  var form = document.querySelector("form[data-quiz]");
  document.addEventListener("submit", function (e) {
    var b = e.target.matches("form[data-once]") && e.target.querySelectorAll("button");
    if (b) setTimeout(function () { b.forEach(function (x) { x.disabled = true; }); }, 0);
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-once] button").forEach(function (b) { b.disabled = false; });
  });
  if (!form) return;
  var timers = {}, busy = false;

  function save(box) {
    var data = new FormData(), status = box.querySelector("[data-status]");
    ["csrfmiddlewaretoken", "client_key"].forEach(function (n) { data.append(n, form.elements[n].value); });
    data.append("action", "save");
    data.append("version", box.dataset.version);
    box.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (!el.name || ((el.type === "radio" || el.type === "checkbox") && !el.checked)) return;
      data.append(el.name, el.value);
    });
    status.textContent = form.dataset.saving;
    fetch(form.getAttribute("action") || location.href, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (j) {
        if (j.key) form.elements.client_key.value = j.key;
        status.textContent = j.saved ? j.status : j.error || "";
      })
      .catch(function () { status.textContent = form.dataset.unsaved; });
  }
  function later(event) {
    var box = event.target.closest("[data-version]");
    if (!box || busy) return;
    clearTimeout(timers[box.dataset.version]);
    timers[box.dataset.version] = setTimeout(function () { save(box); }, event.type === "input" ? 800 : 300);
  }
  form.addEventListener("change", later);
  form.addEventListener("input", later);
  form.addEventListener("submit", function () {
    busy = true;
    Object.keys(timers).forEach(function (k) { clearTimeout(timers[k]); });
  });

  // Ordering: up and down buttons beside each position select.
  document.querySelectorAll("[data-ordering]").forEach(function (list) {
    function renumber() {
      list.querySelectorAll("select").forEach(function (s, i) { s.value = String(i + 1); });
      list.dispatchEvent(new Event("change", { bubbles: true }));
    }
    list.querySelectorAll("li").forEach(function (li) {
      var name = li.querySelector("label").textContent;
      [["↑", list.dataset.up, -1], ["↓", list.dataset.down, 1]].forEach(function (d) {
        var b = document.createElement("button");
        b.type = "button"; b.className = "secondary"; b.textContent = d[0];
        b.setAttribute("aria-label", d[1] + " " + name);
        b.addEventListener("click", function () {
          var other = d[2] < 0 ? li.previousElementSibling : li.nextElementSibling;
          if (!other) return;
          list.insertBefore(d[2] < 0 ? li : other, d[2] < 0 ? other : li);
          renumber();
          b.focus();
        });
        li.querySelector(".row").appendChild(b);
      });
    });
  });

  // Countdown from the server's seconds left; at zero the page sends itself.
  var clock = document.querySelector("[data-timer]");
  if (clock) {
    var end = Date.now() + 1000 * Number(clock.dataset.seconds);
    (function tick() {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      var text = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      clock.textContent = clock.dataset.left.replace("%s", text);
      if (left > 0) return setTimeout(tick, 1000);
      clock.textContent = clock.dataset.over;
      var action = document.createElement("input");
      action.type = "hidden"; action.name = "action"; action.value = "timeout";
      form.appendChild(action);
      busy = true;
      form.submit();
    })();
  }
})();
