// The SDK warns on every client that Node 20 support ends in 2027; the README's deploy notes say so once.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import type { Figure } from '../helpers/figures.ts';
import { report } from '../helpers/figures.ts';

/** `npm run bench -- <suite>`; no argument runs every suite. */
const suites: Record<string, () => Promise<{ run: () => Promise<Figure[]> }>> = {
  foundation: () => import('./foundation.ts'),
  books: () => import('./books.ts'),
  intake: () => import('./intake.ts'),
  peppol: () => import('./peppol.ts'),
  billing: () => import('./billing.ts'),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((s) => !(s in suites));
if (unknown.length > 0) {
  process.stderr.write(`Unknown bench suite(s): ${unknown.join(', ')}. Known: ${Object.keys(suites).join(', ')}\n`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(suites)) {
  const suite = await (suites[name] as () => Promise<{ run: () => Promise<Figure[]> }>)();
  await report('bench-results', name, await suite.run());
}
process.exit(0);
