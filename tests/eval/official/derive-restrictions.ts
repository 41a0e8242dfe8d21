import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compilePath } from '#packages/peppol';
import { oracles } from './stylesheets.ts';

/**
 * Taking a new rule release: `npx tsx tests/eval/official/derive-restrictions.ts` reads the
 * syntax-binding restrictions (`UBL-CR-*`, UBL.BE's `ubl-CR-*`) of the published rules, from the
 * compiled stylesheet validators run (for UBL.BE 1.31 it differs from its `.sch`), and writes them as the validator's data tables: one row per rule, its id, its flag and the
 * location path it forbids. Rules whose test is not a plain `not(path)` are listed so they
 * can be written by hand in `rules/restrictions.ts`.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));

const tables = [
  {
    schematron: 'peppol-bis-billing-3.0/2026.5/CEN-EN16931-UBL.xslt',
    prefix: 'UBL-CR-',
    out: 'packages/peppol/validation/releases/cen-ubl-restrictions.ts',
    name: 'cenUblRestrictions',
    what: 'EN 16931 UBL binding (CEN-EN16931-UBL, as bundled with Peppol BIS Billing 3.0 2026.5)',
  },
  {
    schematron: 'ublbe/1.31/GLOBALUBL.BE.xslt',
    prefix: 'ubl-CR-',
    out: 'packages/peppol/validation/releases/ublbe-restrictions.ts',
    name: 'ublBeRestrictions',
    what: 'UBL.BE 1.31 (GLOBALUBL.BE)',
  },
];

const decode = (s: string) =>
  s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&').replaceAll('&apos;', "'");

for (const table of tables) {
  const sch = readFileSync(join(oracles, table.schematron), 'utf8');
  const rows: string[] = [];
  const byHand: string[] = [];
  // Each failed assert of the compiled Schematron: its test, then its id and flag as attributes.
  const assert = new RegExp(
    `<svrl:failed-assert test="([^"]*)">\\s*<xsl:attribute name="id">(${table.prefix}\\d+)</xsl:attribute>\\s*<xsl:attribute name="flag">(\\w+)</xsl:attribute>`,
    'g',
  );
  for (const [, rawTest, id, flag] of sch.matchAll(assert)) {
    const test = decode(rawTest ?? '').replace(/\s+/g, ' ');
    const path = /^not\((.*)\)$/.exec(test)?.[1];
    let supported = path !== undefined && !/\bor\b.*\)$/.test(test.slice(4, -1)) && !path.includes(' or ../');
    if (supported) {
      try {
        compilePath(path as string);
      } catch {
        supported = false;
      }
    }
    if (supported) rows.push(`  ['${id}', '${flag}', ${JSON.stringify(path)}],`);
    else byHand.push(`${id} (${flag}): ${test}`);
  }
  const text = `/**
 * The ${table.what} restrictions: elements and attributes the document should not carry, each
 * a row of rule id, flag and the location path (from the document element) whose presence fires
 * it. Derived from the published Schematron by tests/eval/official/derive-restrictions.ts; rules
 * written by hand instead: ${byHand.map((r) => r.split(' ')[0]).join(', ') || 'none'}.
 */
export const ${table.name}: readonly (readonly [id: string, flag: 'fatal' | 'error' | 'warning', path: string])[] = [
${rows.join('\n')}
];
`;
  writeFileSync(join(root, table.out), text);
  process.stdout.write(`${table.out}: ${rows.length} rules; by hand:\n  ${byHand.join('\n  ')}\n`);
}
