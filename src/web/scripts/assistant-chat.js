// The 101 web chat, better with JavaScript: messages are sent without reloading the page, and
// new lines (a person joining, their replies) appear as they come, announced by the log's live
// region. Without JavaScript the same page works by form posts and refreshes.
const root = document.getElementById('chat');
const form = document.getElementById('chat-form');
const log = document.getElementById('chat-log');
const texts = document.getElementById('chat-text')?.content.firstElementChild?.dataset;

if (root && form && log && texts) {
  const api = root.dataset.api;
  let count = Number(root.dataset.count);
  let status = root.dataset.status;
  const field = document.getElementById('text');
  const fill = (s, params) => s.replace(/\{(\w+)\}/g, (w, k) => (k in params ? String(params[k]) : w));

  const addLine = (l) => {
    const li = document.createElement('li');
    li.className = `bl-chat__line bl-chat__line--${l.from}`;
    const who = document.createElement('p');
    who.className = 'govuk-body-s govuk-!-margin-bottom-1';
    const strong = document.createElement('strong');
    strong.textContent =
      l.from === 'caller'
        ? texts.you
        : l.from === 'handler'
          ? fill(texts.handler, { name: l.name })
          : texts.bot;
    who.append(strong);
    li.append(who);
    for (const para of l.text.split('\n\n')) {
      const p = document.createElement('p');
      p.className = 'govuk-body govuk-!-margin-bottom-2';
      p.textContent = para;
      li.append(p);
    }
    for (const c of l.citations ?? []) {
      const p = document.createElement('p');
      p.className = 'govuk-body-s bl-chat__source';
      p.textContent = fill(texts.source, { title: c.title });
      li.append(p);
    }
    log.append(li);
  };

  const showStatus = (v) => {
    const box = document.getElementById('chat-status');
    let text = '';
    if (v.status === 'waiting' && v.place)
      text = v.place.position === 1 ? texts.next : fill(texts.waiting, v.place);
    else if (v.status === 'with-person') text = texts.with;
    else if (v.status === 'closed') text = texts.ended;
    box.innerHTML = '';
    if (text) {
      const d = document.createElement('div');
      d.className = 'govuk-inset-text';
      d.textContent = text;
      box.append(d);
    }
    const person = document.getElementById('person');
    if (person && v.status !== 'assistant') person.hidden = true;
    if (v.status === 'closed') window.location.reload();
  };

  const refresh = async () => {
    const r = await fetch(api, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    if (!r.ok) return;
    const v = await r.json();
    for (const l of v.lines.slice(count)) addLine(l);
    count = v.lines.length;
    if (v.status !== status || v.status === 'waiting') showStatus(v);
    status = v.status;
  };

  form.addEventListener('submit', async (event) => {
    const action = event.submitter?.getAttribute('formaction');
    if (action && !action.endsWith('/messages')) {
      if (!action.endsWith('/person')) return; // ending the chat: a normal post
      event.preventDefault();
      await fetch(`${api}/person`, { method: 'POST', credentials: 'same-origin' });
      await refresh();
      return;
    }
    const text = field.value.trim();
    if (!text) return; // the server's error message, in the page's language
    event.preventDefault();
    const send = document.getElementById('send');
    send.disabled = true;
    try {
      const r = await fetch(`${api}/messages`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ text }),
      });
      if (!r.ok) {
        form.submit();
        return;
      }
      field.value = '';
      await refresh();
    } finally {
      send.disabled = false;
      field.focus();
    }
  });

  setInterval(() => {
    if (status === 'waiting' || status === 'with-person') refresh();
  }, 3000);
}
