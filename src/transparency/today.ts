/** Today in London, `YYYY-MM-DD` (the day a public delay is counted to). */
export const londonToday = (now: Date = new Date()) =>
  now.toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
