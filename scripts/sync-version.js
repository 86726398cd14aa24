// Writes package.json's version into src/version.ts. Runs as the `version` lifecycle script,
// so `npm version patch` bumps both and commits them together.
import { readFileSync, writeFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const file = 'src/version.ts';
const source = readFileSync(file, 'utf8');
const updated = source.replace(/export const VERSION = '[^']*';/, `export const VERSION = '${version}';`);
if (updated === source && !source.includes(`'${version}'`)) throw new Error(`${file}: no VERSION constant to update`);
writeFileSync(file, updated);
console.log(`${file}: VERSION = '${version}'`);
