import { readFileSync } from 'node:fs';
import { parseStatementFile } from '#packages/bank/statements';
for (const f of process.argv.slice(2)) {
  const p = parseStatementFile(new Uint8Array(readFileSync(f)));
  const s = p.statements[0];
  console.log(f, p.format, p.version, s?.account, s?.currency, s?.statementId, s?.openingBalance, s?.closingBalance);
  for (const l of p.statements.flatMap((s) => s.lines).slice(0, 4)) console.log('  ', JSON.stringify(l));
}
