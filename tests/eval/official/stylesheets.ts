import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The official validation stylesheets (Schematron compiled to XSLT, as published) run with
 * SaxonJS. Each XSLT is compiled once to SEF with xslt3 and cached outside the repository under
 * `node_modules/.cache/official-sef`, keyed by the XSLT's hash. Test material only: nothing in
 * the product loads these.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
export const oracles = join(root, '../shared/oracles');
const cache = join(root, 'node_modules/.cache/official-sef');
const require = createRequire(import.meta.url);

// biome-ignore lint/suspicious/noExplicitAny: SaxonJS ships no types.
type Saxon = any;
let saxon: Saxon | undefined;
function saxonJs(): Saxon {
  saxon ??= require('saxon-js');
  return saxon;
}

/** The rule sets an access point applies, each with its published stylesheet. */
export const ruleSets = {
  'cen-ubl': 'peppol-bis-billing-3.0/2026.5/CEN-EN16931-UBL.xslt',
  'peppol-ubl': 'peppol-bis-billing-3.0/2026.5/PEPPOL-EN16931-UBL.xslt',
  'cen-cii': 'en16931-cii/1.3.16/EN16931-CII-validation.xslt',
  'si-ubl': 'nlcius/si-ubl-2.0.3.13.xslt',
  'nlcius-cii': 'nlcius/nlcius-cii-1.0.3.13.xslt',
  ublbe: 'ublbe/1.31/GLOBALUBL.BE.xslt',
} as const;
export type RuleSet = keyof typeof ruleSets;

const compiled = new Map<RuleSet, unknown>();

/** The SEF of one rule set, compiled on first use and cached by the XSLT's hash. */
export function stylesheet(set: RuleSet): unknown {
  const known = compiled.get(set);
  if (known) return known;
  const xslt = join(oracles, ruleSets[set]);
  const hash = createHash('sha256').update(readFileSync(xslt)).digest('hex').slice(0, 16);
  const sef = join(cache, `${basename(xslt, '.xslt')}-${hash}.sef.json`);
  if (!existsSync(sef)) {
    mkdirSync(cache, { recursive: true });
    process.stderr.write(`compiling ${ruleSets[set]} to SEF (once)\n`);
    const partial = `${sef}.${process.pid}.tmp`;
    execFileSync(
      process.execPath,
      [require.resolve('xslt3/xslt3.js'), '-t', `-xsl:${xslt}`, `-export:${partial}`, '-nogo'],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    renameSync(partial, sef);
  }
  const parsed = JSON.parse(readFileSync(sef, 'utf8'));
  compiled.set(set, parsed);
  return parsed;
}

/** What the official stylesheets say of one document: rule ids by level, or the dynamic error they raised. */
export interface OfficialVerdict {
  readonly errors: Set<string>;
  readonly warnings: Set<string>;
  /** Failed asserts per id, with their flag, for counting. */
  readonly fired: readonly { id: string; flag: string }[];
  /** Set when a stylesheet raised a dynamic error: the document breaks the syntax's schema. */
  readonly dynamicError?: string;
}

const svrl = 'http://purl.oclc.org/dsdl/svrl';

/** Parses the document once; null when it is not well-formed XML. */
export function parseSource(xml: string): unknown | null {
  try {
    return saxonJs().XPath.evaluate('parse-xml($xml)', [], { params: { xml } });
  } catch {
    return null;
  }
}

/** Runs the given rule sets over an already parsed document. */
export function runOfficial(source: unknown, sets: readonly RuleSet[]): OfficialVerdict {
  const SaxonJS = saxonJs();
  const errors = new Set<string>();
  const warnings = new Set<string>();
  const fired: { id: string; flag: string }[] = [];
  for (const set of sets) {
    let result: { principalResult: unknown };
    try {
      result = SaxonJS.transform(
        { stylesheetInternal: stylesheet(set), sourceNode: source, destination: 'raw' },
        'sync',
      ) as { principalResult: unknown };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { errors, warnings, fired, dynamicError: `${set}: ${message.slice(0, 300)}` };
    }
    const asserts = SaxonJS.XPath.evaluate('descendant-or-self::svrl:failed-assert', result.principalResult, {
      namespaceContext: { svrl },
      resultForm: 'array',
    }) as { getAttribute(name: string): string | null }[];
    for (const node of asserts) {
      const id = node.getAttribute('id') ?? '';
      const flag = node.getAttribute('flag') ?? 'error';
      fired.push({ id, flag });
      (flag === 'warning' ? warnings : errors).add(id);
    }
  }
  return { errors, warnings, fired };
}
