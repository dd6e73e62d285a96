// Dutch dates and times as the pages show them, in one place (Intl, nl-NL). Day: "do 12 maart 2026";
// long day: "donderdag 12 maart 2026"; date: "12 maart 2026"; moment: "12 maart 2026 om 09:15"; time: "09:15".
const format = (options) => new Intl.DateTimeFormat('nl-NL', options);
const date = { day: 'numeric', month: 'long', year: 'numeric' };
export const dayFormat = format({ weekday: 'short', ...date });
export const longDayFormat = format({ weekday: 'long', ...date });
export const dateFormat = format(date);
export const momentFormat = format({ ...date, hour: '2-digit', minute: '2-digit' });
export const timeFormat = format({ hour: '2-digit', minute: '2-digit' });
/** A calendar day (YYYY-MM-DD) at noon, so no time zone moves it to another day. */
export const noon = (day) => new Date(`${day}T12:00:00`);
