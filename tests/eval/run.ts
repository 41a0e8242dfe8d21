// The SDK warns on every client that Node 20 support ends in 2027; the README's deploy notes say so once.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { type Figure, report } from '../helpers/figures.ts';

/**
 * `npm run eval -- <suite>`: accuracy suites (recognition, bank matching, conformance) print
 * a table and write `eval-results/<suite>.json`. Each suite reads `../shared/corpora` when it
 * exists and says so plainly when it does not.
 */
const suites: Record<string, () => Promise<{ run: () => Promise<Figure[]> }>> = {
  recognition: () => import('./recognition/suite.ts'),
  suggestions: () => import('./suggestions.ts'),
  conformance: () => import('./conformance.ts'),
  bank: () => import('./bank.ts'),
  learning: () => import('./learning.ts'),
  official: () => import('./official.ts'),
};

/** Suite names: the arguments that are neither options nor an option's value (`--count 20`). */
const args = process.argv.slice(2);
const wanted = args.filter(
  (a, i) => !a.startsWith('-') && !(args[i - 1]?.startsWith('--') && !args[i - 1]?.includes('=')),
);
const known = Object.keys(suites);
const unknown = wanted.filter((s) => !(s in suites));
if (unknown.length > 0) {
  process.stderr.write(`Unknown eval suite(s): ${unknown.join(', ')}. Known: ${known.join(', ') || '(none yet)'}\n`);
  process.exit(2);
}
if (known.length === 0) {
  process.stdout.write('No eval suites are defined yet.\n');
  process.exit(0);
}
for (const name of wanted.length > 0 ? wanted : known) {
  const suite = await (suites[name] as () => Promise<{ run: () => Promise<Figure[]> }>)();
  await report('eval-results', name, await suite.run());
}
process.exit(0);
