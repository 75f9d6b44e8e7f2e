// Runs the browser's "open today" rules (themes/default/static/when-where.js) in Node for
// tests/when_where.rs, which compares them with the Rust timetable.
//   node when.cjs INPUT.json -> {occurs, next, status}
// INPUT: {calendar (a page's data block), messages (the scripts' wording), schedules: [compact], from: "YYYY-MM-DD", days,
//         instants: [{at: ISO instant, schedule: index, hub: bool}]}
'use strict';
const fs = require('fs');
const path = require('path');
const ww = require(path.join(__dirname, '../../themes/default/static/when-where.js'));

const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
// The wording a page would carry in its signpost-data block.
ww.useMessages(input.messages);
const cal = ww.calendar(input.calendar);
const from = Math.round(Date.parse(input.from + 'T00:00:00Z') / 864e5);
const iso = (n) => (n == null ? null : new Date(n * 864e5).toISOString().slice(0, 10));
const out = { occurs: [], next: [], status: [] };
for (const text of input.schedules) {
  const sessions = ww.parse(text);
  out.occurs.push(sessions.map((s) => {
    let codes = '';
    for (let d = from; d < from + input.days; d++) {
      const o = ww.occurs(s, d, cal);
      codes += o === null ? '-' : o === '' ? 'y' : o[0];
    }
    return codes;
  }));
  out.next.push(sessions.map((s) => {
    const r = [];
    for (let d = from; d < from + input.days; d += 7) r.push(iso(ww.nextRun(s, d, cal)));
    return r;
  }));
}
for (const i of input.instants) {
  const st = ww.status(ww.parse(input.schedules[i.schedule]), ww.now(new Date(i.at)), cal, i.hub);
  out.status.push(st ? st.text : null);
}
process.stdout.write(JSON.stringify(out));
