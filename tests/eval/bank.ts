import type { Figure } from '../helpers/figures.ts';
import { matchingFigures } from './bank-matching.ts';
import { statementCorpusFigures } from './bank-statements.ts';

/**
 * `npm run eval -- bank`: the matching robot on generated administrations with real-world
 * noise (auto-book rate, precision of what it books, partial and combined payments), and every
 * statement file of `../shared/corpora` parsed with its balance checks.
 */
export async function run(): Promise<Figure[]> {
  return [...(await matchingFigures()), ...(await statementCorpusFigures())];
}
