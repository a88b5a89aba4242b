// Reference answers for OpenStreetMap opening_hours strings, from the npm
// opening_hours library (the syntax's reference implementation).
//
// Reads lines "<osm string>\t<ISO instant, UTC>\t<IANA zone>" on stdin and
// prints, per line, "<open|closed>\t<next change, ISO UTC, or none>" where
// the next change is looked for up to 7 days ahead (as rxlocator::Evaluate
// does); "error\t<message>" if the library rejects the string, and
// "failed\t<message>" if it throws while evaluating it.
//
//   cd tests/oracles && npm ci
//   printf 'Mo-Fr 08:00-20:00\t2026-03-08T07:30:00Z\tAmerica/New_York\n' |
//       node tests/oracles/opening_hours_oracle.js
//   # closed	2026-03-09T12:00:00.000Z
//
// The library evaluates in the JS Date's local zone, so the script sets
// process.env.TZ to each line's zone (Node re-reads it when it changes).
'use strict';

const OpeningHours = require('opening_hours');
const readline = require('readline');

const kWeekMs = 7 * 24 * 60 * 60 * 1000;

function answer(text, iso) {
  let hours;
  try {
    hours = new OpeningHours(text, null, {});
  } catch (e) {
    return 'error\t' + String(e).split('\n')[0];
  }
  const at = new Date(iso);
  try {
    const change = hours.getNextChange(at, new Date(at.getTime() + kWeekMs));
    return (hours.getState(at) ? 'open' : 'closed') + '\t' +
        (change === undefined ? 'none' : change.toISOString());
  } catch (e) {
    // The library gives up on some instants ("infinite loop in nextChange").
    return 'failed\t' + String(e).split('\n')[0];
  }
}

const lines = readline.createInterface({input: process.stdin});
lines.on('line', (line) => {
  if (line === '') return;
  const [text, iso, zone] = line.split('\t');
  if (process.env.TZ !== zone) process.env.TZ = zone;
  process.stdout.write(answer(text, iso) + '\n');
});
