/* luocdo serve: the chain frame and the upload with its progress bar. Texts come from the page
   (data-t-* attributes, translated on the server); everything from the server is set as text. */
(function () {
  'use strict';
  var csrf = document.querySelector('meta[name="csrf-token"]').content;

  document.querySelectorAll('button.open-chain').forEach(function (b) {
    b.addEventListener('click', function () {
      var box = document.querySelector('.chain-frame');
      box.hidden = false;
      box.querySelector('iframe').src = b.dataset.src;
      box.scrollIntoView({ behavior: 'smooth', block: 'start' });
    });
  });

  document.querySelectorAll('select.chain-province').forEach(function (s) {
    s.addEventListener('change', function () {
      if (!s.value) return;
      var box = document.querySelector('.chain-frame');
      box.hidden = false;
      box.querySelector('iframe').src = s.dataset.src + encodeURIComponent(s.value);
    });
  });

  // an answer still being found in the background (.pending): look again in a moment
  if (document.querySelector('.pending')) setTimeout(function () { location.reload(); }, 2000);

  var form = document.getElementById('upload');
  if (!form) return;
  var input = document.getElementById('files');
  var chosen = document.getElementById('chosen');
  var panel = document.getElementById('progress');
  var bar = document.getElementById('bar');
  var status = document.getElementById('status');
  var errors = document.getElementById('errors');
  var reports = document.getElementById('reports');
  var picked = [];

  function fmt(t, v) { return t.replace(/\{(\w+)\}/g, function (m, k) { return v[k] !== undefined ? v[k] : m; }); }
  function li(list, text, href) {
    var e = document.createElement('li');
    if (href) { var a = document.createElement('a'); a.href = href; a.textContent = text; e.appendChild(a); }
    else e.textContent = text;
    list.appendChild(e);
  }
  function showPicked() {
    chosen.textContent = '';
    picked.forEach(function (f) { li(chosen, f.name + ' (' + Math.ceil(f.size / 1024) + ' KB)'); });
  }
  input.addEventListener('change', function () { picked = Array.prototype.slice.call(input.files); showPicked(); });
  ['dragenter', 'dragover'].forEach(function (n) {
    form.addEventListener(n, function (e) { e.preventDefault(); form.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (n) {
    form.addEventListener(n, function (e) { e.preventDefault(); form.classList.remove('over'); });
  });
  form.addEventListener('drop', function (e) {
    picked = picked.concat(Array.prototype.slice.call(e.dataTransfer.files));
    showPicked();
  });

  function poll(id) {
    fetch('/nap/' + encodeURIComponent(id) + '.json', { credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (j) {
        bar.max = Math.max(1, j.total); bar.value = j.done;
        errors.textContent = '';
        j.errors.forEach(function (e) { li(errors, e); });
        if (j.state === 'running') {
          status.textContent = fmt(panel.dataset.tRunning, { done: j.done, total: j.total, current: j.current });
          setTimeout(function () { poll(id); }, 400);
          return;
        }
        bar.value = bar.max;
        var c = j.counts; c.failed = j.errors.length;
        status.textContent = j.state === 'done' ? fmt(panel.dataset.tDone, c) : panel.dataset.tFailed + ': ' + j.message;
        panel.dataset.state = j.state;
        reports.textContent = '';
        j.reports.forEach(function (r) { li(reports, r.name, '/bao-cao/' + r.id); });
        document.getElementById('reports-title').hidden = !j.reports.length;
        document.getElementById('send').disabled = false;
      });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    if (!picked.length) { picked = Array.prototype.slice.call(input.files); }
    var data = new FormData();
    picked.forEach(function (f) { data.append('files', f, f.name); });
    panel.hidden = false; panel.dataset.state = 'sending';
    errors.textContent = ''; reports.textContent = ''; status.textContent = '…'; bar.value = 0;
    document.getElementById('send').disabled = true;
    fetch('/nap', { method: 'POST', body: data, headers: { 'X-CSRF-Token': csrf }, credentials: 'same-origin' })
      .then(function (r) { return r.json().then(function (j) { return [r.status, j]; }); })
      .then(function (res) {
        if (res[0] !== 202) {
          status.textContent = res[1].error; panel.dataset.state = 'refused';
          document.getElementById('send').disabled = false;
          return;
        }
        picked = []; showPicked(); form.reset();
        poll(res[1].id);
      });
  });
  if (panel.dataset.job) poll(panel.dataset.job);
})();
