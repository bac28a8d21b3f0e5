// Progressive enhancement of the web admin: the pages work without it (forms post, the
// list shows its first 500 clients); with it the list searches as you type, loads 500
// more at the end, and deletes in bulk after a confirmation. Rows are built with
// textContent only: a client's name is never parsed as markup.
(function () {
  'use strict';

  var table = document.getElementById('clients');
  if (table) { clientList(table); }

  function clientList(table) {
    var form = document.getElementById('list-form');
    var search = document.getElementById('search');
    var filter = document.getElementById('filter');
    var tbody = table.tBodies[0];
    var more = document.getElementById('more');
    var total = document.getElementById('total');
    var exportLink = document.getElementById('export');
    var bulk = document.getElementById('bulk');
    var selectAll = document.getElementById('select-all');
    var selectMatching = document.getElementById('select-matching');
    var selectedCount = document.getElementById('selected-count');
    var dialog = document.getElementById('confirm-delete');
    var result = document.getElementById('bulk-result');
    var next = table.dataset.next || null;
    var count = Number(total.dataset.total) || 0;
    var generation = 0;
    var loading = false;
    var matchingAll = false;

    Array.prototype.forEach.call(document.querySelectorAll('.no-js'), function (e) { e.hidden = true; });

    function query(cursor) {
      var p = new URLSearchParams();
      if (search.value.trim()) { p.set('search', search.value); }
      if (filter.value) { p.set('filter', filter.value); }
      return p;
    }

    function cell(text) {
      var td = document.createElement('td');
      td.textContent = text || '';
      return td;
    }

    function row(c) {
      var tr = document.createElement('tr');
      tr.dataset.id = c.id;
      var pick = document.createElement('input');
      pick.type = 'checkbox';
      pick.className = 'pick';
      pick.value = c.id;
      pick.checked = matchingAll;
      pick.setAttribute('aria-label', table.dataset.select + ' ' + c.first_name + ' ' + c.last_name);
      var first = document.createElement('td');
      first.appendChild(pick);
      tr.appendChild(first);
      var name = document.createElement('td');
      var link = document.createElement('a');
      link.href = '/clients/' + encodeURIComponent(c.id);
      link.textContent = c.last_name;
      name.appendChild(link);
      if (c.banned) {
        var badge = document.createElement('span');
        badge.className = 'badge banned';
        badge.textContent = table.dataset.banned;
        name.appendChild(document.createTextNode(' '));
        name.appendChild(badge);
      }
      tr.appendChild(name);
      tr.appendChild(cell(c.first_name));
      tr.appendChild(cell(c.phone));
      tr.appendChild(cell(c.email));
      var account = cell(c.has_account ? '✓' : '');
      if (c.has_account) { account.title = table.dataset.account; account.className = 'check'; }
      tr.appendChild(account);
      return tr;
    }

    function showTotal() {
      total.dataset.total = String(count);
      total.textContent = count + ' ' + (count === 1 ? total.dataset.one : total.dataset.many);
    }

    function load(reset) {
      if (loading && !reset) { return; }
      if (!reset && !next) { return; }
      if (reset) { generation += 1; matchingAll = false; }
      var mine = generation;
      loading = true;
      var p = query();
      p.set('limit', '500');
      if (!reset) { p.set('cursor', next); }
      fetch('/api/clients?' + p.toString(), { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : r.json().then(function (e) { throw e; }); })
        .then(function (body) {
          if (mine !== generation) { return; }
          if (reset) { tbody.replaceChildren(); }
          body.clients.forEach(function (c) { tbody.appendChild(row(c)); });
          next = body.next_cursor || null;
          count = body.total;
          showTotal();
          more.hidden = !next;
          var empty = document.getElementById('empty');
          if (empty) { empty.hidden = body.total > 0; }
          loading = false;
          updateBulk();
          if (next && visible(more)) { load(false); }
        })
        .catch(function (e) {
          loading = false;
          result.textContent = (e && e.message) || String(e);
        });
    }

    function visible(el) {
      var r = el.getBoundingClientRect();
      return !el.hidden && r.top < window.innerHeight + 400;
    }

    function reflectUrl() {
      var p = query();
      var qs = p.toString();
      history.replaceState(null, '', '/clients' + (qs ? '?' + qs : ''));
      exportLink.href = '/api/exports/clients.csv?' + qs;
    }

    var timer = null;
    search.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { reflectUrl(); load(true); }, 250);
    });
    filter.addEventListener('change', function () { reflectUrl(); load(true); });
    form.addEventListener('submit', function (e) { e.preventDefault(); reflectUrl(); load(true); });

    if ('IntersectionObserver' in window) {
      new IntersectionObserver(function (entries) {
        if (entries.some(function (en) { return en.isIntersecting; })) { load(false); }
      }, { rootMargin: '400px' }).observe(more);
    }
    window.addEventListener('scroll', function () { if (next && visible(more)) { load(false); } }, { passive: true });

    function picked() {
      return Array.prototype.filter.call(tbody.querySelectorAll('.pick'), function (p) { return p.checked; });
    }

    function selectionSize() { return matchingAll ? count : picked().length; }

    function updateBulk() {
      var n = selectionSize();
      bulk.hidden = n === 0;
      selectedCount.textContent = selectedCount.dataset.template.replace('{n}', String(n));
      selectMatching.textContent = selectMatching.dataset.template.replace('{n}', String(count));
      selectMatching.hidden = matchingAll || count <= tbody.rows.length;
    }

    table.addEventListener('change', function (e) {
      if (e.target === selectAll) {
        Array.prototype.forEach.call(tbody.querySelectorAll('.pick'), function (p) { p.checked = selectAll.checked; });
      } else if (!e.target.checked) {
        matchingAll = false;
        selectAll.checked = false;
      }
      updateBulk();
    });

    selectMatching.addEventListener('click', function () {
      matchingAll = true;
      selectAll.checked = true;
      Array.prototype.forEach.call(tbody.querySelectorAll('.pick'), function (p) { p.checked = true; });
      updateBulk();
    });

    document.getElementById('bulk-delete').addEventListener('click', function () {
      var text = document.getElementById('confirm-text');
      text.textContent = text.dataset.template.replace('{n}', String(selectionSize()));
      dialog.returnValue = '';
      dialog.showModal();
    });

    dialog.addEventListener('close', function () {
      if (dialog.returnValue !== 'confirm') { return; }
      var body;
      if (matchingAll) {
        body = { search: search.value, filter: filter.value };
      } else {
        body = { ids: picked().map(function (p) { return p.value; }) };
      }
      fetch('/api/clients/bulk-delete', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body)
      })
        .then(function (r) { return r.json().then(function (j) { if (!r.ok) { throw j; } return j; }); })
        .then(function (j) {
          var kept = (j.kept || []).length;
          var message = result.dataset.done.replace('{n}', String(j.deleted));
          if (kept) { message += ' ' + result.dataset.kept.replace('{n}', String(kept)); }
          result.textContent = message;
          selectAll.checked = false;
          load(true);
        })
        .catch(function (e) { result.textContent = (e && e.message) || String(e); });
    });

    updateBulk();
  }
})();

// Import from the phone's contacts (Contact Picker API, where the browser has it: Chrome
// on Android). The chosen contacts become a vCard file in the upload form, previewed like
// any .vcf upload; elsewhere the button stays hidden and the file upload does the job.
(function () {
  'use strict';
  var button = document.getElementById('contact-picker');
  var form = document.getElementById('import-form');
  if (!button || !form || !('contacts' in navigator) || !('ContactsManager' in window)) { return; }
  button.hidden = false;

  function escape(value) {
    return String(value).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/([,;])/g, '\\$1');
  }

  function vcard(contact) {
    var lines = ['BEGIN:VCARD', 'VERSION:3.0'];
    var name = (contact.name && contact.name[0]) || '';
    lines.push('FN:' + escape(name));
    (contact.tel || []).forEach(function (tel) { lines.push('TEL:' + escape(tel)); });
    (contact.email || []).forEach(function (email) { lines.push('EMAIL:' + escape(email)); });
    lines.push('END:VCARD');
    return lines.join('\r\n');
  }

  button.addEventListener('click', function () {
    navigator.contacts.select(['name', 'email', 'tel'], { multiple: true }).then(function (contacts) {
      if (!contacts.length) { return; }
      var text = contacts.map(vcard).join('\r\n') + '\r\n';
      var file = new File([text], 'contacts.vcf', { type: 'text/vcard' });
      var transfer = new DataTransfer();
      transfer.items.add(file);
      form.querySelector('input[type=file]').files = transfer.files;
      var vcardKind = form.querySelector('input[name=kind][value=vcard]');
      if (vcardKind) { vcardKind.checked = true; }
      form.requestSubmit();
    }).catch(function () { /* the user closed the picker: nothing to do */ });
  });
})();
