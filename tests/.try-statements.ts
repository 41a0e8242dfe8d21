import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseStatementFile } from '#packages/bank/statements';
const roots = process.argv.slice(2);
function* walk(p: string): Generator<string> { if (statSync(p).isDirectory()) { for (const n of readdirSync(p)) yield* walk(join(p, n)); } else yield p; }
for (const r of roots) for (const f of walk(r)) {
  if (/\.(json|yml|LICENSE)$|LICENSE/.test(f)) continue;
  try {
    const p = parseStatementFile(new Uint8Array(readFileSync(f)), f);
    console.log('OK ', f, p.format, p.version ?? '', p.statements.length, 'st', p.statements.reduce((a, s) => a + s.lines.length, 0), 'lines', p.statements.map(s => s.balanceCheck.unchecked ? 'u' : s.balanceCheck.ok ? 'ok' : `X${s.balanceCheck.difference}`).join(','));
  } catch (e) { console.log('ERR', f, (e as any).code, (e as Error).message); }
}
