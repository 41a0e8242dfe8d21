import { readFileSync } from 'node:fs';
import { parseStatementFile } from '#packages/bank/statements';
import { corpusFiles } from './eval/bank-statements.ts';
const want = process.argv[2] ?? '';
for (const f of corpusFiles().filter((f) => f.path.includes(want))) {
  const p = parseStatementFile(new Uint8Array(readFileSync(f.path)));
  const ours = p.statements.flatMap((s) => s.lines.map((l) => `${l.amount} ${l.bookingDate} ${l.valueDate}`));
  const exp = (f.expected ?? []).map((e) => `${e.amount} ${e.bookingDate} ${e.valueDate}`);
  console.log(ours.filter((x) => !exp.includes(x)), exp.filter((x) => !ours.includes(x)));
}
