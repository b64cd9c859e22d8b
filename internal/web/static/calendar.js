// calendar.js: the calendar's progressive enhancement (issue 16, item 4). "New appointment" and each
// empty slot open the new-appointment form in a dialog; the form's buttons post with fetch and the answer's
// form takes the dialog's place, so finding a client, adding one in place and the double-booking warning
// all happen there; a booking's redirect opens the calendar week it names. The client search finds as you
// type. Without JavaScript every link opens the same form as a page.
(function () {
  'use strict';
  var dialog = document.getElementById('appt-dialog');
  var body = document.getElementById('appt-dialog-body');
  if (!dialog || !body || typeof dialog.showModal !== 'function' || !window.fetch) {
    return;
  }

  function show(html, fallback) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var form = doc.getElementById('appt-form');
    if (!form) {
      window.location.href = fallback;
      return;
    }
    var nodes = [];
    var msg = doc.querySelector('main > .alert');
    if (msg) {
      nodes.push(document.importNode(msg, true));
    }
    nodes.push(document.importNode(form, true));
    body.replaceChildren.apply(body, nodes);
    wire(body.querySelector('form'));
    if (!dialog.open) {
      dialog.showModal();
    }
    var focus = body.querySelector('[role="alert"], .has-error input, .has-error select, #f-q');
    if (focus) {
      if (focus.getAttribute('role') === 'alert') {
        focus.setAttribute('tabindex', '-1');
      }
      focus.focus();
    }
  }

  function load(url) {
    fetch(url, { credentials: 'same-origin' })
      .then(function (r) { return r.text(); })
      .then(function (t) { show(t, url); })
      .catch(function () { window.location.href = url; });
  }

  function wire(form) {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var data = new FormData(form, e.submitter || undefined);
      fetch(form.action, { method: 'POST', body: new URLSearchParams(data), credentials: 'same-origin', headers: { 'X-Tend-Dialog': '1' } })
        .then(function (r) {
          var to = r.headers.get('X-Tend-Location');
          if (to) {
            window.location.href = to;
            return null;
          }
          return r.text();
        })
        .then(function (t) { if (t !== null) { show(t, form.action); } })
        .catch(function () { form.submit(); });
    });
    var service = form.querySelector('#f-service_id');
    var minutes = form.querySelector('#f-duration_minutes');
    if (service && minutes) {
      service.addEventListener('change', function () {
        var opt = service.options[service.selectedIndex];
        if (opt && opt.dataset.minutes) {
          minutes.value = opt.dataset.minutes;
        }
      });
    }
    var q = form.querySelector('[data-find]');
    if (!q) {
      return;
    }
    var timer = 0;
    q.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var params = new URLSearchParams({ q: q.value });
        form.querySelectorAll('input[name="chart_id"]:checked').forEach(function (c) { params.append('chosen', c.value); });
        if (q.hasAttribute('data-multiple')) {
          params.set('multiple', '1');
        }
        fetch(q.dataset.find + '?' + params.toString(), { credentials: 'same-origin' })
          .then(function (r) { return r.text(); })
          .then(function (t) {
            var old = form.querySelector('#client-choices');
            var doc = new DOMParser().parseFromString(t, 'text/html');
            var fresh = doc.getElementById('client-choices');
            if (old && fresh) {
              old.replaceWith(document.importNode(fresh, true));
            }
          });
      }, 250);
    });
  }

  document.addEventListener('click', function (e) {
    var a = e.target.closest('a[data-book]');
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) {
      return;
    }
    e.preventDefault();
    load(a.href);
  });
  dialog.querySelector('[data-close]').addEventListener('click', function () { dialog.close(); });
})();
