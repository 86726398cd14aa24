/**
 * Prints the StrykerJS scores by area (the server half, the DOM-free browser modules) and by
 * file, from `reports/mutation/mutation.json` (or the file given), as a Markdown table for
 * bench/results.md. Score as StrykerJS counts it: detected (killed + timed out) over detected +
 * survived + no coverage; ignored mutants and runtime/compile errors are left out.
 *
 *   node scripts/mutation-summary.js [reports/mutation/mutation.json]
 */
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2] ?? 'reports/mutation/mutation.json', 'utf8'));
const COLUMNS = ['Killed', 'Timeout', 'Survived', 'NoCoverage'];

function count(mutants) {
  const by = Object.fromEntries(COLUMNS.map((status) => [status, 0]));
  for (const { status } of mutants) if (status in by) by[status]++;
  const detected = by.Killed + by.Timeout;
  const valid = detected + by.Survived + by.NoCoverage;
  return { ...by, valid, score: valid ? (100 * detected) / valid : 100 };
}

const row = (name, c) =>
  `| ${name} | ${c.valid} | ${c.Killed} | ${c.Timeout} | ${c.Survived} | ${c.NoCoverage} | ${c.score.toFixed(1)} % |`;

const files = Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b));
const area = (name) => (name.startsWith('src/server/') ? 'server half (`src/server/`)' : 'browser modules (DOM-free)');
const areas = new Map();
for (const [name, file] of files) areas.set(area(name), [...(areas.get(area(name)) ?? []), ...file.mutants]);

console.log('| scope | mutants | killed | timed out | survived | no coverage | score |');
console.log('|---|---|---|---|---|---|---|');
for (const [name, mutants] of areas) console.log(row(`**${name}**`, count(mutants)));
console.log(row('**all**', count(files.flatMap(([, file]) => file.mutants))));
for (const [name, file] of files) console.log(row(`\`${name}\``, count(file.mutants)));
