// Quiz page: answers saved as they change, a countdown, ordering buttons.
// Without it the form still works: it sends everything at once.
// Offline (no network, or a save that cannot reach the server), the answers and the
// final submit go to Amont.answers, the outbox of static/js/offline.js, sent again once
// online; the server applies them once per client key. A page opened again offline shows
// them.
(function () {
  var form = document.querySelector("form[data-quiz]"), box = window.Amont && Amont.answers;
  document.addEventListener("submit", function (e) {
    var once = e.target.matches("form[data-once]");
    if (once && !e.defaultPrevented && box && navigator.onLine === false) {
      // Starting a timed quiz needs the server (the quiz form handles itself below).
      e.preventDefault();
      e.target.insertAdjacentHTML("beforeend", '<p class="card warn" role="status"></p>');
      e.target.lastChild.textContent = box.text.needsNetwork;
      return;
    }
    var b = once && !e.defaultPrevented && e.target.querySelectorAll("button");
    if (b) setTimeout(function () { b.forEach(function (x) { x.disabled = true; }); }, 0);
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-once]:not([data-sealed]) button").forEach(function (b) { b.disabled = false; });
  });
  if (!form) return;
  var timers = {}, busy = false, url = new URL(form.getAttribute("action") || "", location.href).href;
  var SKIP = ["csrfmiddlewaretoken", "client_key", "action", "version", "q"];

  // Keeps a POST that found no network; false when this browser cannot.
  function queue(data, kind, status) {
    var kept = box && box.add(url, data, kind);
    if (status) status.textContent = kept ? box.text.queued : form.dataset.unsaved || "";
    return kept;
  }
  function save(question) {
    var data = new FormData(), status = question.querySelector("[data-status]");
    ["csrfmiddlewaretoken", "client_key"].forEach(function (n) { data.append(n, form.elements[n].value); });
    data.append("action", "save");
    data.append("version", question.dataset.version);
    question.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (!el.name || ((el.type === "radio" || el.type === "checkbox") && !el.checked)) return;
      data.append(el.name, el.value);
    });
    if (navigator.onLine === false) return queue(data, "save", status);
    status.textContent = form.dataset.saving;
    fetch(url, { method: "POST", body: data, credentials: "same-origin" }).then(function (r) {
      return r.json().then(function (j) {
        if (j.key) form.elements.client_key.value = j.key;
        status.textContent = j.saved ? j.status : j.error || "";
        // The network is back: what waits goes now, without the older copy of this answer.
        if (box) { box.forget(url, data, "save"); box.send(); }
      }, function () { status.textContent = form.dataset.unsaved; });
    }, function () { queue(data, "save", status); });
  }
  function later(event) {
    var question = event.target.closest("[data-version]");
    if (!question || busy) return;
    clearTimeout(timers[question.dataset.version]);
    timers[question.dataset.version] = setTimeout(function () { save(question); }, event.type === "input" ? 800 : 300);
  }
  form.addEventListener("change", later);
  form.addEventListener("input", later);

  // Every field of every question has a value (what the server asks of a full submit).
  function complete() {
    return Array.prototype.every.call(form.querySelectorAll("[data-version]"), function (question) {
      var names = {};
      question.querySelectorAll("input, select, textarea").forEach(function (el) {
        if (!el.name || el.type === "hidden") return;
        var given = el.type === "radio" || el.type === "checkbox" ? el.checked : el.value.trim() !== "";
        names[el.name] = names[el.name] || given;
      });
      return Object.keys(names).every(function (n) { return names[n]; });
    });
  }
  function sayOnForm(message) {
    var p = form.querySelector("[data-outbox]");
    if (!p) {
      p = document.createElement("p");
      p.setAttribute("data-outbox", "");
      p.setAttribute("role", "status");
      p.className = "card warn";
      form.appendChild(p);
    }
    p.textContent = message;
  }
  function sealed() {
    form.dataset.sealed = "";
    form.querySelectorAll("fieldset, button").forEach(function (el) { el.disabled = true; });
  }
  form.addEventListener("submit", function (e) {
    busy = true;
    Object.keys(timers).forEach(function (k) { clearTimeout(timers[k]); });
    if (navigator.onLine !== false || !box) return;
    e.preventDefault();
    var action = (e.submitter && e.submitter.value) || "submit";
    busy = false;
    // Moving between screens and starting a timed quiz need the server.
    if (action !== "submit" && action !== "finish") return sayOnForm(box.text.needsNetwork);
    if (!complete()) return sayOnForm(box.text.incomplete);
    var data = new FormData(form);
    data.set("action", action);
    if (!queue(data, "submit")) return sayOnForm(form.dataset.unsaved || "");
    busy = true;
    sayOnForm(box.text.queued);
    sealed();
  });

  // Answers kept on this device for this attempt, shown again (a page opened offline).
  if (box) {
    box.entries(url).forEach(function (entry) {
      var values = {}, key = "";
      entry.fields.forEach(function (f) {
        if (f[0] === "client_key") key = f[1];
        else if (SKIP.indexOf(f[0]) < 0) (values[f[0]] = values[f[0]] || []).push(f[1]);
      });
      if (key !== form.elements.client_key.value) return;
      Object.keys(values).forEach(function (name) {
        form.querySelectorAll("[name='" + CSS.escape(name) + "']").forEach(function (el) {
          if (el.type === "radio" || el.type === "checkbox") el.checked = values[name].indexOf(el.value) >= 0;
          else el.value = values[name][0];
        });
      });
      if (entry.kind === "submit") {
        busy = true;
        sayOnForm(box.text.queued);
        sealed();
      }
    });
  }

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
      // Offline, the server sends what reached it once the time is up.
      if (navigator.onLine === false) return;
      var action = document.createElement("input");
      action.type = "hidden"; action.name = "action"; action.value = "timeout";
      form.appendChild(action);
      busy = true;
      form.submit();
    })();
  }
})();
