import { execFileSync } from 'node:child_process';
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
 * can be written by hand in `rules/restrictions.ts`. It also writes the EN 16931 CII binding's
 * syntax rules (`CII-SR-*`, `CII-DT-*`) as a table of their rule contexts in the stylesheet's
 * order, each with its asserts (see {@link deriveCii}).
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

/** The kinds of test the CII table states as data; anything else is marked `by-hand`. */
function ciiKind(test: string): [kind: string, path: string] {
  const t = test.trim();
  const whole = (inner: string) => {
    // The path must be the whole argument: no `or`/`and` outside it, parentheses balanced.
    let depth = 0;
    for (const ch of inner) {
      if (ch === '(') depth++;
      if (ch === ')' && --depth < 0) return false;
    }
    return depth === 0 && !/\s(or|and)\s/.test(inner.replace(/\[[^\]]*\]/g, ''));
  };
  const compiles = (path: string) => {
    try {
      compilePath(path);
      return whole(path);
    } catch {
      return false;
    }
  };
  const forms: [RegExp, string][] = [
    [/^not\s*\((.*)\)$/, 'absent'],
    [/^\(?\s*count\((.*)\)\s*<=\s*1\s*\)?$/, 'at-most-one'],
    [/^\(?\s*count\((.*)\)\s*=\s*1\s*\)?$/, 'exactly-one'],
    [/^\((.*)\)$/, 'present'],
  ];
  for (const [form, kind] of forms) {
    const path = form.exec(t)?.[1]?.trim();
    if (path !== undefined && compiles(path)) return [kind, path];
  }
  return ['by-hand', t];
}

/**
 * The EN 16931 CII binding's syntax rules, `CII-SR-*` and `CII-DT-*`, all in one pattern of the
 * compiled stylesheet: its rule contexts in the stylesheet's priority order (an element is
 * checked by the first context that matches it, as XSLT picks one template), each with its
 * asserts as rows of id, flag, kind of test, the path it is about (or the test as written, for
 * those written by hand in `rules/cii.ts`) and the rule's message.
 */
function deriveCii(): void {
  const out = 'packages/peppol/validation/releases/cii-restrictions.ts';
  const xslt = readFileSync(join(oracles, 'en16931-cii/1.3.16/EN16931-CII-validation.xslt'), 'utf8');
  const template = /<xsl:template match="([^"]*)" mode="(M\d+)" priority="(\d+)">([\s\S]*?)<\/xsl:template>/g;
  const assert =
    /<svrl:failed-assert test="([^"]*)">\s*<xsl:attribute name="id">(CII-(?:SR|DT)-\d+)<\/xsl:attribute>\s*<xsl:attribute name="flag">(\w+)<\/xsl:attribute>[\s\S]*?<svrl:text>([^<]*)<\/svrl:text>/g;
  const contexts: { context: string; priority: number; rows: string[] }[] = [];
  let mode: string | undefined;
  const byHand: string[] = [];
  for (const [, match, m, priority, body] of xslt.matchAll(template)) {
    const rows = [...(body ?? '').matchAll(assert)];
    if (rows.length === 0 && m !== mode) continue;
    if (mode !== undefined && m !== mode) continue;
    mode = m;
    const context = decode(match ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    contexts.push({
      context,
      priority: Number(priority),
      rows: rows.map(([, rawTest, id, flag, text]) => {
        const [kind, path] = ciiKind(decode(rawTest ?? '').replace(/\s+/g, ' '));
        if (kind === 'by-hand') byHand.push(id as string);
        const message = decode(text ?? '')
          .replace(/^\s*\[[^\]]*\]\s*-?\s*/, '')
          .replace(/\s+/g, ' ')
          .trim();
        return `      ['${id}', '${flag}', '${kind}', ${JSON.stringify(path)}, ${JSON.stringify(message)}],`;
      }),
    });
  }
  contexts.sort((a, b) => b.priority - a.priority);
  const count = contexts.reduce((n, c) => n + c.rows.length, 0);
  const text = `/**
 * The EN 16931 CII binding's syntax rules (CII-SR-*, CII-DT-*; EN16931-CII-validation 1.3.16): the
 * rule contexts in the order the stylesheet tries them (an element is checked by the first that
 * matches it), each with its asserts as rows of rule id, flag, kind of test, the path the test
 * is about (relative to the context) and the rule's message. Kinds: \`absent\` fires when the path
 * selects something, \`at-most-one\` when it selects more than one, \`exactly-one\` when not exactly
 * one, \`present\` when nothing; \`by-hand\` rows carry the test as written and are implemented in
 * rules/cii.ts. Derived from the published stylesheet by tests/eval/official/derive-restrictions.ts.
 */
export type CiiTestKind = 'absent' | 'at-most-one' | 'exactly-one' | 'present' | 'by-hand';

export type CiiAssert = readonly [
  id: string,
  flag: 'fatal' | 'error' | 'warning',
  kind: CiiTestKind,
  path: string,
  message: string,
];

export const ciiRestrictions: readonly { readonly context: string; readonly asserts: readonly CiiAssert[] }[] = [
${contexts
  .map((c) => `  {\n    context: ${JSON.stringify(c.context)},\n    asserts: [\n${c.rows.join('\n')}\n    ],\n  },`)
  .join('\n')}
];
`;
  writeFileSync(join(root, out), text);
  process.stdout.write(`${out}: ${contexts.length} contexts, ${count} rules; by hand:\n  ${byHand.join(', ')}\n`);
}

deriveCii();

// The tables as the formatter writes them, so that taking a release changes only what changed.
execFileSync(
  'npx',
  [
    'biome',
    'format',
    '--write',
    ...tables.map((t) => t.out),
    'packages/peppol/validation/releases/cii-restrictions.ts',
  ],
  {
    cwd: root,
    stdio: 'ignore',
  },
);
