import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateInvoice } from '#packages/peppol';
import type { Figure } from '../helpers/figures.ts';
import { generateInvoiceSpec, Random, renderCii, renderUbl } from '../helpers/invoices/index.ts';
import { mutate, ValuePool } from './official/mutate.ts';
import { type OfficialVerdict, oracles, parseSource, type RuleSet, runOfficial } from './official/stylesheets.ts';

/**
 * `npm run eval -- official [--seed N] [--mutants N]`: the differential conformance check. The
 * same documents go through the official validation stylesheets (SaxonJS over the published
 * XSLT) and through the project's engine; per document, the rule ids at error/fatal level and
 * at warning level must be the same sets. Documents: every UBL and CII invoice and credit note
 * in `../shared/corpora` and `../shared/oracles`, generated invoices, and seeded mutants of
 * them. The official verdicts are cached by document hash, so a second run with the same seed
 * times only the project's engine.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const corpora = join(root, '../shared/corpora');
const verdictCache = join(root, 'node_modules/.cache/official-verdicts');

function option(name: string, fallback: number): number {
  const args = process.argv;
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const value = args[i]?.includes('=') ? args[i]?.split('=')[1] : args[i + 1];
  return Number(value ?? fallback);
}

interface Document {
  readonly name: string;
  readonly xml: string;
}

function xmlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => f.endsWith('.xml') && statSync(f).isFile());
}

const invoiceRoot = /<(?:\w+:)?(Invoice|CreditNote|CrossIndustryInvoice)\b/;

/** Every UBL or CII invoice and credit note in the corpora and the oracles' examples. */
function realDocuments(): Document[] {
  const files = [
    ...xmlFiles(join(corpora, 'en16931-cen/ubl/examples')),
    ...xmlFiles(join(corpora, 'en16931-cen/cii/examples')),
    ...xmlFiles(join(corpora, 'be-ublbe')),
    ...xmlFiles(join(corpora, 'zugferd-facturx-corpus/XML-Rechnung')),
    ...xmlFiles(join(oracles, 'peppol-bis-billing-3.0')),
  ];
  return files.flatMap((file) => {
    const xml = readFileSync(file, 'utf8');
    const head = xml.slice(0, 4_000).replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '');
    return invoiceRoot.test(head) ? [{ name: relative(join(root, '..'), file), xml }] : [];
  });
}

/** The project's own generated documents: NL and BE, invoices and credit notes, UBL and CII. */
function generatedDocuments(): Document[] {
  const docs: Document[] = [];
  for (let seed = 1; seed <= 24; seed++) {
    const spec = generateInvoiceSpec(seed * 7919, {
      country: seed % 2 === 0 ? 'NL' : 'BE',
      documentType: seed % 5 === 0 ? 'credit-note' : 'invoice',
    });
    docs.push({ name: `generated ubl ${seed}`, xml: renderUbl(spec) });
    if (seed % 3 === 0) docs.push({ name: `generated cii ${seed}`, xml: renderCii(spec) });
  }
  return docs;
}

const nlciusCustomization = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0';

/**
 * The generated documents re-labelled as NLCIUS (the CustomizationID in UBL, the guideline in CII),
 * so the SI-UBL 2.0 and NLCIUS CII stylesheets are measured too: the corpora hold no NLCIUS document.
 */
function nlciusDocuments(): Document[] {
  return generatedDocuments().map((doc) => ({
    name: doc.name.replace('generated', 'generated nlcius'),
    xml: doc.xml
      .replace(/(<cbc:CustomizationID>)[^<]*(<\/cbc:CustomizationID>)/, `$1${nlciusCustomization}$2`)
      .replace(
        /(<ram:GuidelineSpecifiedDocumentContextParameter>\s*<ram:ID>)[^<]*(<\/ram:ID>)/,
        `$1${nlciusCustomization}$2`,
      ),
  }));
}

const customization = (xml: string) => /<(?:\w+:)?(?:CustomizationID|ID)>\s*(urn:cen\.eu[^<]*?)\s*</.exec(xml)?.[1];

/** The rule sets an access point applies, chosen by syntax and CustomizationID. */
export function ruleSetsFor(xml: string): RuleSet[] {
  const cii = /<(?:\w+:)?CrossIndustryInvoice\b/.test(xml.slice(0, 4_000));
  const claim = customization(xml) ?? '';
  if (cii) return claim.includes('urn:fdc:nen.nl:nlcius:') ? ['cen-cii', 'nlcius-cii'] : ['cen-cii'];
  const sets: RuleSet[] = ['cen-ubl'];
  if (claim.includes('urn:fdc:peppol.eu:2017:poacc:billing:3.0')) sets.push('peppol-ubl');
  if (claim.includes('urn:fdc:nen.nl:nlcius:')) sets.push('si-ubl');
  if (claim.includes('urn:UBL.BE:')) sets.push('ublbe');
  return sets;
}

interface CachedVerdict {
  readonly errors: string[];
  readonly warnings: string[];
  readonly dynamicError?: string;
}

function official(xml: string, sets: RuleSet[]): CachedVerdict {
  const key = createHash('sha256').update(sets.join(',')).update(xml).digest('hex');
  const file = join(verdictCache, key.slice(0, 2), `${key}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as CachedVerdict;
  const source = parseSource(xml);
  const verdict: OfficialVerdict =
    source === null
      ? { errors: new Set(), warnings: new Set(), fired: [], dynamicError: 'not well-formed' }
      : runOfficial(source, sets);
  const cached: CachedVerdict = {
    errors: [...verdict.errors].sort(),
    warnings: [...verdict.warnings].sort(),
    ...(verdict.dynamicError ? { dynamicError: verdict.dynamicError } : {}),
  };
  mkdirSync(join(verdictCache, key.slice(0, 2)), { recursive: true });
  writeFileSync(file, JSON.stringify(cached));
  return cached;
}

interface Tally {
  documents: number;
  agreeErrors: number;
  agreeWarnings: number;
  agreeBoth: number;
}

interface Miss {
  count: number;
  example: string;
  change: string;
}

const setOf = (ids: Iterable<string>) => new Set(ids);
const minus = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x));

export async function run(): Promise<Figure[]> {
  if (!existsSync(oracles) || !existsSync(corpora)) {
    process.stdout.write(
      '../shared/oracles or ../shared/corpora is not there: the official eval has nothing to compare.\n',
    );
    return [];
  }
  const seed = option('seed', 1);
  const mutantCount = option('mutants', 3_000);
  const bases = [...realDocuments(), ...generatedDocuments()];
  const pool = new ValuePool();
  for (const doc of bases) pool.add(doc.xml);

  const random = new Random(seed);
  const mutants: (Document & { change: string })[] = [];
  let attempts = 0;
  while (mutants.length < mutantCount && attempts < mutantCount * 3) {
    attempts++;
    const base = random.pick(bases);
    const mutant = mutate(base.xml, pool, random.fork(`${attempts}`));
    if (mutant) mutants.push({ name: `${base.name} #${attempts}`, xml: mutant.xml, change: mutant.change });
  }
  // The NLCIUS documents and their mutants draw from a stream of their own, so the other mutants
  // (and their cached official verdicts) stay the same for a seed.
  const nlcius = nlciusDocuments();
  const nlciusRandom = new Random(seed).fork('nlcius');
  const nlciusMutantCount = Math.ceil(mutantCount / 6);
  for (
    let attempt = 1;
    mutants.length < mutantCount + nlciusMutantCount && attempt <= nlciusMutantCount * 3;
    attempt++
  ) {
    const base = nlciusRandom.pick(nlcius);
    const mutant = mutate(base.xml, pool, nlciusRandom.fork(`${attempt}`));
    if (mutant) mutants.push({ name: `${base.name} #${attempt}`, xml: mutant.xml, change: mutant.change });
  }
  const documents = [...[...bases, ...nlcius].map((d) => ({ ...d, change: 'unchanged' })), ...mutants];
  process.stdout.write(`${bases.length + nlcius.length} documents and ${mutants.length} mutants (seed ${seed})\n`);

  const perSet = new Map<string, Tally>();
  const missed = new Map<string, Miss>();
  const wrong = new Map<string, Miss>();
  const failures: unknown[] = [];
  let structureAgreed = 0;
  let dynamicErrors = 0;
  let oursMs = 0;
  let started = Date.now();
  for (const [i, doc] of documents.entries()) {
    if (i > 0 && i % 250 === 0) {
      process.stderr.write(`  ${i}/${documents.length} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
    }
    const sets = ruleSetsFor(doc.xml);
    const theirs = official(doc.xml, sets);
    const t0 = performance.now();
    const report = validateInvoice(doc.xml);
    oursMs += performance.now() - t0;
    const label = sets.join('+');
    const tally = perSet.get(label) ?? { documents: 0, agreeErrors: 0, agreeWarnings: 0, agreeBoth: 0 };
    perSet.set(label, tally);
    tally.documents++;
    if (theirs.dynamicError) {
      // The official process refuses such a document at the schema: ours must refuse it by structure.
      dynamicErrors++;
      const refused = !report.valid && report.findings.some((f) => f.id.includes('XSD') || f.id.startsWith('XML-'));
      if (refused) {
        structureAgreed++;
        tally.agreeErrors++;
        tally.agreeWarnings++;
        tally.agreeBoth++;
      } else {
        const entry = missed.get('(schema refusal)') ?? { count: 0, example: doc.name, change: doc.change };
        entry.count++;
        missed.set('(schema refusal)', entry);
        failures.push({
          document: doc.name,
          change: doc.change,
          official: theirs.dynamicError,
          ours: report.findings.map((f) => f.id),
        });
      }
      continue;
    }
    const business = report.findings.filter((f) => !f.id.includes('XSD'));
    const ourErrors = setOf(business.filter((f) => f.flag !== 'warning').map((f) => f.id));
    const ourWarnings = setOf(business.filter((f) => f.flag === 'warning').map((f) => f.id));
    const theirErrors = setOf(theirs.errors);
    const theirWarnings = setOf(theirs.warnings);
    const missing = [
      ...minus(theirErrors, ourErrors),
      ...minus(theirWarnings, ourWarnings).map((id) => `${id} (warning)`),
    ];
    const extra = [
      ...minus(ourErrors, theirErrors),
      ...minus(ourWarnings, theirWarnings).map((id) => `${id} (warning)`),
    ];
    const errorsAgree = minus(theirErrors, ourErrors).length === 0 && minus(ourErrors, theirErrors).length === 0;
    const warningsAgree =
      minus(theirWarnings, ourWarnings).length === 0 && minus(ourWarnings, theirWarnings).length === 0;
    if (errorsAgree) tally.agreeErrors++;
    if (warningsAgree) tally.agreeWarnings++;
    if (errorsAgree && warningsAgree) tally.agreeBoth++;
    for (const [ids, into] of [
      [missing, missed],
      [extra, wrong],
    ] as const) {
      for (const id of ids) {
        const entry = into.get(id) ?? { count: 0, example: doc.name, change: doc.change };
        entry.count++;
        into.set(id, entry);
      }
    }
    if (missing.length > 0 || extra.length > 0) {
      failures.push({ document: doc.name, change: doc.change, missed: missing, wrong: extra });
    }
  }
  started = Date.now() - started;

  const all = [...perSet.values()].reduce(
    (a, t) => ({
      documents: a.documents + t.documents,
      agreeErrors: a.agreeErrors + t.agreeErrors,
      agreeWarnings: a.agreeWarnings + t.agreeWarnings,
      agreeBoth: a.agreeBoth + t.agreeBoth,
    }),
    { documents: 0, agreeErrors: 0, agreeWarnings: 0, agreeBoth: 0 },
  );
  const print = (title: string, map: Map<string, Miss>) => {
    const rows = [...map.entries()].sort((a, b) => b[1].count - a[1].count);
    process.stdout.write(`\n${title}: ${rows.length} rule ids\n`);
    for (const [id, m] of rows)
      process.stdout.write(`  ${id.padEnd(32)} ${String(m.count).padStart(5)}  e.g. ${m.example} (${m.change})\n`);
  };
  print('Rule ids the official stylesheets report and we miss', missed);
  print('Rule ids we report and the official stylesheets do not', wrong);
  process.stdout.write(
    `\n${dynamicErrors} documents make the official stylesheets raise a dynamic error (schema-invalid); we refuse ${structureAgreed} of them by structure.\n`,
  );
  await mkdir(join(root, 'eval-results'), { recursive: true });
  await writeFile(join(root, 'eval-results/official-failures.json'), `${JSON.stringify(failures, null, 2)}\n`);
  process.stdout.write('disagreements written to eval-results/official-failures.json\n');

  const ratio = (n: number, d: number) => (d === 0 ? 0 : n / d);
  return [
    { name: 'seed', value: seed, unit: '' },
    { name: 'documents compared', value: all.documents, unit: 'documents', target: '>= 3000' },
    {
      name: 'agreement, error/fatal level',
      value: ratio(all.agreeErrors, all.documents),
      unit: 'ratio',
      target: '== 1',
    },
    { name: 'agreement, warning level', value: ratio(all.agreeWarnings, all.documents), unit: 'ratio', target: '== 1' },
    { name: 'agreement, both levels', value: ratio(all.agreeBoth, all.documents), unit: 'ratio', target: '== 1' },
    ...[...perSet.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([set, t]): Figure[] => [
        { name: `${set}: documents`, value: t.documents, unit: 'documents' },
        {
          name: `${set}: agreement, both levels`,
          value: ratio(t.agreeBoth, t.documents),
          unit: 'ratio',
          target: '== 1',
        },
      ]),
    { name: 'rule ids missed', value: missed.size, unit: 'rules', target: '== 0' },
    { name: 'rule ids fired wrongly', value: wrong.size, unit: 'rules', target: '== 0' },
    { name: 'project engine, mean per document', value: oursMs / all.documents, unit: 'ms' },
    { name: 'whole run', value: started / 1000, unit: 's' },
  ];
}
