// Parts of a staff page that keep themselves up to date (a queue, a conversation): each element
// with `data-live="SECONDS"` and an id is replaced by the same element of a fresh copy of the page,
// fetched every so many seconds. Without JavaScript the page refreshes itself instead.
const parts = [...document.querySelectorAll('[data-live][id]')];
for (const part of parts) {
  const seconds = Math.max(2, Number(part.dataset.live) || 5);
  setInterval(async () => {
    const res = await fetch(window.location.href, {
      headers: { accept: 'text/html' },
      credentials: 'same-origin',
    });
    if (!res.ok) return;
    const fresh = new DOMParser().parseFromString(await res.text(), 'text/html').getElementById(part.id);
    if (fresh && fresh.innerHTML !== part.innerHTML) part.innerHTML = fresh.innerHTML;
  }, seconds * 1000);
}
