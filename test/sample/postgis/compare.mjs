// Compare PostGIS findings (verify-sample.sql) with the sample's answer file.
// usage: node compare.mjs findings.csv anomalies.json
import { readFileSync } from 'node:fs';
const [, , findingsPath, answerPath] = process.argv;
const rows = readFileSync(findingsPath, 'utf8').trim().split('\n').filter(Boolean).map((l) => l.split(',').map((c) => c.replace(/^""?$|^"|"$/g, '')));
const answer = JSON.parse(readFileSync(answerPath, 'utf8'));
const key = (kind, id, other) => `${kind}|${id}|${other ?? ''}`;
const found = new Map(rows.map(([kind, id, other, , mu]) => [kind === 'village_mismatch' ? key(kind, id, '') : key(kind, id, other), Number(mu)]));
const expected = new Map(answer.anomalies.map((a) => [key(a.kind, a.featureId, a.kind === 'village_mismatch' ? '' : a.otherId), a.expectedAreaMu]));
const summary = {};
let worstRelative = 0;
for (const [k, mu] of expected) {
  const kind = k.split('|')[0];
  summary[kind] ??= { seeded: 0, found: 0, unexpected: 0 };
  summary[kind].seeded++;
  if (found.has(k)) {
    summary[kind].found++;
    worstRelative = Math.max(worstRelative, Math.abs(found.get(k) - mu) / mu);
  } else console.log('MISSED', k, mu);
}
for (const [k, mu] of found) {
  if (expected.has(k)) continue;
  const kind = k.split('|')[0];
  summary[kind] ??= { seeded: 0, found: 0, unexpected: 0 };
  summary[kind].unexpected++;
  console.log('UNEXPECTED', k, mu);
}
console.log(JSON.stringify({ summary, worstRelativeAreaDifference: Number(worstRelative.toExponential(3)) }, null, 1));
