import { matchingFigures } from './tests/eval/bank-matching.ts';
const figures = await matchingFigures({ seed: Number(process.env.SEED ?? 20260406), administrations: Number(process.env.ADMS ?? 24) });
for (const f of figures) console.log(`${f.name.padEnd(80)} ${Number.isInteger(f.value) ? f.value : f.value.toFixed(4)} ${f.unit} ${f.target ?? ''}`);
