// ICD-10-CM codes as you type, for the diagnosis form's code field (CL-8): a combobox with a list of
// matches from /api/v1/icd10. Up and Down move through the list, Enter chooses, Escape closes. Without
// this script the Find codes button lists the matches with a page load.
(function () {
  "use strict";
  var input = document.querySelector("input[data-icd10]");
  if (!input || !window.fetch) { return; }
  var list = document.createElement("ul");
  list.id = "f-code-list";
  list.className = "icd10-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Matching codes");
  list.hidden = true;
  input.parentNode.insertBefore(list, input.nextSibling);
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  input.parentNode.appendChild(status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  var active = -1, timer = 0, pending = null;
  // chose holds back the keypress that follows the Enter that chose a code, which some browsers and
  // automation send on their own, so the choice does not also submit the form.
  var chose = false;

  function options() { return list.querySelectorAll("[role=option]"); }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(i) {
    var opts = options();
    if (opts.length === 0) { return; }
    active = (i + opts.length) % opts.length;
    opts.forEach(function (o, j) { o.setAttribute("aria-selected", j === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", opts[active].id);
    opts[active].scrollIntoView({ block: "nearest" });
  }

  function choose(o) {
    input.value = o.dataset.code;
    status.textContent = o.dataset.code + " chosen: " + o.dataset.description;
    close();
    input.focus();
  }

  function render(items) {
    list.textContent = "";
    items.forEach(function (c, i) {
      var li = document.createElement("li");
      li.id = "f-code-opt-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.dataset.code = c.code;
      li.dataset.description = c.description;
      var strong = document.createElement("strong");
      strong.textContent = c.code;
      li.appendChild(strong);
      li.appendChild(document.createTextNode(" " + c.description));
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(li); });
      list.appendChild(li);
    });
    active = -1;
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
    status.textContent = items.length ? items.length + " codes match. Use the arrow keys to choose." : "No code matches.";
  }

  function search() {
    var q = input.value.trim();
    if (q.length < 1) { close(); return; }
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch("/api/v1/icd10?billable=true&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" }, credentials: "same-origin", signal: pending.signal })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (d) { render(d.items || []); })
      .catch(function () {});
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); if (list.hidden) { search(); } else { highlight(active + 1); } }
    else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active - 1); }
    else if (e.key === "Enter" && !list.hidden && active >= 0) { e.preventDefault(); chose = true; choose(options()[active]); }
    else if (e.key === "Escape" && !list.hidden) { e.preventDefault(); close(); }
  });
  input.addEventListener("keypress", function (e) {
    if (e.key === "Enter" && chose) { e.preventDefault(); }
  });
  input.addEventListener("keyup", function (e) { if (e.key === "Enter") { chose = false; } });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
