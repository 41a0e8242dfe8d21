import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeOcr, type RecognitionResult, recogniseDocument } from '#packages/recognition';
import type { Figure } from '../../helpers/figures.ts';
import { headerFields } from '../../helpers/invoices/index.ts';
import { type DocumentInput, type EvalCase, type Expectation, fieldLabels } from './cases.ts';
import { corporaFolder, corpusCases, type Unscored } from './corpora.ts';
import { defaultCounts, generatedCases, type SourceType, sourceTypes } from './generated.ts';
import { type EvalField, matches, normalise, readHeader, Tally, type Value } from './score.ts';

/**
 * `npm run eval -- recognition`: field-level accuracy of `recogniseDocument`, first on the real
 * documents of the shared corpora when `../shared/corpora` exists (PDFs read from the page, an
 * attached XML ignored; scanned receipts; then the structured reader on their XML), then on a
 * generated, labelled corpus (text PDFs in seven layouts, scans of them, UBL, Factur-X), which
 * is a regression set only: its layouts are the project's own. `--count=N` sets the number of
 * generated documents per source type (`RECOGNITION_EVAL_COUNT` too; `0` for none), `--seed=N`
 * the base seed, `--corpus=NAME` keeps only the shared corpora whose folder name contains NAME.
 * Every mismatch is written to `eval-results/recognition-failures.json`.
 */

const root = fileURLToPath(new URL('../../../', import.meta.url));
const headerTargets: Readonly<Record<SourceType, string>> = {
  'text-pdf': '>= 0.98',
  scan: '>= 0.90',
  ubl: '>= 0.98',
  'factur-x': '>= 0.98',
};
/** The group of every real PDF read from its page, with the targets the header fields must meet. */
const realTextPdfs = 'real text PDFs, all corpora';
const realTargets: Readonly<Partial<Record<string, string>>> = {
  invoiceNumber: '>= 0.97',
  invoiceDate: '>= 0.97',
  dueDate: '>= 0.97',
  net: '>= 0.97',
  vat: '>= 0.97',
  gross: '>= 0.97',
  supplierVatNumber: '>= 0.97',
  supplierIban: '>= 0.97',
};
/** A document that takes longer than this is counted as unread (the OCR of one page takes seconds). */
const perDocumentTimeoutMs = 90_000;

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  for (const [i, arg] of args.entries()) {
    if (arg === `--${name}`) return args[i + 1];
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

function positiveInteger(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${what} must be a whole number, not '${text}'`);
  return value;
}

interface Failure {
  readonly corpus: string;
  readonly source: string;
  readonly layout?: string;
  readonly document: string;
  readonly field: string;
  readonly expected: Value | null;
  readonly got: Value | null;
  readonly error?: string;
}

interface Outcome {
  readonly result?: RecognitionResult;
  readonly error?: string;
  readonly seconds: number;
}

type Prepared = { input: DocumentInput } | { error: string };

const messageOf = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** Renders (or reads) the document; a failure here is the generator's, reported as such. */
function prepare(c: EvalCase): Promise<Prepared> {
  return c.input().then(
    (input) => ({ input }),
    (error: unknown) => ({ error: `preparing the document failed: ${messageOf(error)}` }),
  );
}

async function recognise(c: EvalCase, prepared: Prepared): Promise<Outcome> {
  if ('error' in prepared) return { error: prepared.error, seconds: 0 };
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no result within ${perDocumentTimeoutMs / 1000} s`)),
        perDocumentTimeoutMs,
      );
    });
    const options = { ...c.hints, ...(c.pageOnly ? { pageOnly: true } : {}) };
    const reading = c.read ? c.read() : recogniseDocument(prepared.input, options);
    const result = await Promise.race([reading, timeout]);
    return { result, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    return { error: messageOf(error), seconds: (performance.now() - started) / 1000 };
  } finally {
    clearTimeout(timer);
  }
}

function isRight(expectation: Expectation, got: Value, documentType: string): boolean {
  if (expectation.how === 'contains') {
    const e = normalise(expectation.field, expectation.value);
    const g = normalise(expectation.field, got);
    return typeof e === 'string' && typeof g === 'string' && g.includes(e);
  }
  return matches(expectation.field, expectation.value, got, documentType);
}

const ratio = (count: { correct: number; total: number }) => (count.total === 0 ? 0 : count.correct / count.total);
const share = (count: { correct: number; total: number }) => `(${count.correct}/${count.total})`;

export async function run(): Promise<Figure[]> {
  const started = performance.now();
  const count = positiveInteger(option('count') ?? process.env.RECOGNITION_EVAL_COUNT, '--count');
  const baseSeed = positiveInteger(option('seed'), '--seed') ?? 20_250_103;
  const counts = Object.fromEntries(sourceTypes.map((s) => [s, count ?? defaultCounts[s]])) as Record<
    SourceType,
    number
  >;
  const cases: EvalCase[] = [];
  const only = option('corpus');
  const folder = await corporaFolder(root);
  const unscored: Unscored[] = [];
  if (folder) {
    const shared = await corpusCases(folder);
    const kept = shared.cases.filter((c) => only === undefined || c.corpus.includes(only));
    cases.push(...kept);
    unscored.push(...shared.unscored.filter((u) => only === undefined || u.corpus.includes(only)));
    process.stdout.write(
      `recognition: shared corpora: ${kept.length} documents scored, ${unscored.length} not scoreable\n`,
    );
    for (const u of unscored) {
      process.stdout.write(`recognition: not scoreable: ${u.corpus} ${u.document}: ${u.reason}; ${u.detail}\n`);
    }
    for (const note of shared.notes) process.stdout.write(`recognition: note: ${note}\n`);
    if (shared.skipped.length > 0) {
      process.stdout.write(`recognition: no expectation for ${shared.skipped.length}: ${shared.skipped.join(', ')}\n`);
    }
  } else {
    process.stdout.write(
      'recognition: the shared corpora were not found (../shared/corpora); generated corpus only.\n',
    );
  }
  cases.push(...generatedCases(counts, baseSeed));
  process.stdout.write(
    `recognition: generated corpus (regression only), seed ${baseSeed}: ${sourceTypes.map((s) => `${counts[s]} ${s}`).join(', ')}\n`,
  );

  const fields = new Tally();
  const groups = new Tally();
  const layouts = new Tally();
  const documents = new Tally();
  const seconds = new Map<string, number>();
  const errors = new Map<string, number>();
  const failures: Failure[] = [];

  try {
    // The next document is prepared (rendered, scanned) while the current one is recognised.
    let next = cases[0] ? prepare(cases[0]) : undefined;
    let groupStarted = performance.now();
    for (const [i, c] of cases.entries()) {
      const prepared = await (next as Promise<Prepared>);
      const following = cases[i + 1];
      next = following ? prepare(following) : undefined;
      const outcome = await recognise(c, prepared);
      seconds.set(c.group, (seconds.get(c.group) ?? 0) + outcome.seconds);
      if (outcome.error) errors.set(c.group, (errors.get(c.group) ?? 0) + 1);
      const got = outcome.result ? readHeader(outcome.result) : undefined;
      let allRight = true;
      for (const expectation of c.expected) {
        const value = got?.[expectation.field];
        const right = got !== undefined && isRight(expectation, value, c.documentType);
        allRight &&= right;
        fields.add(`${c.group}|${expectation.field}`, right);
        groups.add(c.group, right);
        const layoutKey = c.group === 'scan' ? (c.layout?.split(' ')[0] ?? '') : (c.layout ?? '');
        if (c.layout) layouts.add(`${c.group}|${layoutKey}`, right);
        if (c.group === 'scan' && c.layout) layouts.add(`scan format|${c.layout.split(' ')[1]}`, right);
        if (!right) {
          failures.push({
            corpus: c.corpus,
            source: c.group,
            layout: c.layout,
            document: c.document,
            field: expectation.field,
            expected: expectation.value ?? null,
            got: value ?? null,
            ...(outcome.error ? { error: outcome.error } : {}),
          });
        }
      }
      documents.add(c.group, allRight);
      if (c.pageOnly) {
        for (const expectation of c.expected) {
          const right = got !== undefined && isRight(expectation, got[expectation.field], c.documentType);
          fields.add(`${realTextPdfs}|${expectation.field}`, right);
          groups.add(realTextPdfs, right);
        }
        documents.add(
          realTextPdfs,
          c.expected.every((e) => got !== undefined && isRight(e, got[e.field], c.documentType)),
        );
      }
      if (following?.group !== c.group) {
        const n = documents.get(c.group).total;
        process.stdout.write(
          `recognition: ${c.group}: ${n} documents in ${((performance.now() - groupStarted) / 1000).toFixed(1)} s\n`,
        );
        groupStarted = performance.now();
      }
    }
  } finally {
    await closeOcr();
  }

  const figures: Figure[] = [];
  const groupNames = [...new Set([...cases.map((c) => c.group), ...unscored.map((u) => u.group)])];
  const realGroups = groupNames.filter((g) => !(sourceTypes as readonly string[]).includes(g));
  if (cases.some((c) => c.pageOnly)) {
    const total = groups.get(realTextPdfs);
    const docs = documents.get(realTextPdfs);
    figures.push({ name: `${realTextPdfs}: fields`, value: ratio(total), unit: share(total) });
    figures.push({
      name: `${realTextPdfs}: documents with every field right`,
      value: ratio(docs),
      unit: share(docs),
      target: '>= 0.85',
    });
    figures.push({
      name: `${realTextPdfs}: not scoreable, the page not showing its XML's invoice (listed above)`,
      value: unscored.filter((u) => u.corpus !== 'textract-analyzeexpense').length,
      unit: 'documents',
    });
    const scored = new Set(cases.filter((c) => c.pageOnly).flatMap((c) => c.expected.map((e) => e.field)));
    for (const field of Object.keys(fieldLabels) as EvalField[]) {
      const tally = fields.get(`${realTextPdfs}|${field}`);
      if (!scored.has(field) || tally.total === 0) continue;
      figures.push({
        name: `${realTextPdfs}: ${fieldLabels[field]}`,
        value: ratio(tally),
        unit: share(tally),
        ...(realTargets[field] ? { target: realTargets[field] } : {}),
      });
    }
  }
  for (const group of [...realGroups, ...groupNames.filter((g) => !realGroups.includes(g))]) {
    const generated = (sourceTypes as readonly string[]).includes(group);
    const label = generated ? `generated ${group} (regression only)` : group;
    const fieldKeys = generated
      ? headerFields
      : [...new Set(cases.filter((c) => c.group === group).flatMap((c) => c.expected.map((e) => e.field)))];
    const total = groups.get(group);
    figures.push({
      name: `${label}: ${generated ? 'header fields' : 'fields'}`,
      value: ratio(total),
      unit: share(total),
      ...(generated ? { target: headerTargets[group as SourceType] } : {}),
    });
    const docs = documents.get(group);
    figures.push({ name: `${label}: documents with every field right`, value: ratio(docs), unit: share(docs) });
    for (const reason of new Set(unscored.filter((u) => u.group === group).map((u) => u.reason))) {
      figures.push({
        name: `${label}: not scoreable: ${reason}`,
        value: unscored.filter((u) => u.group === group && u.reason === reason).length,
        unit: 'documents',
      });
    }
    for (const field of fieldKeys) {
      const tally = fields.get(`${group}|${field}`);
      if (tally.total > 0)
        figures.push({ name: `${label}: ${fieldLabels[field]}`, value: ratio(tally), unit: share(tally) });
    }
    // Per layout, then (for scans) per image format.
    const layoutKeys = [
      ...layouts.keys().filter((k) => k.startsWith(`${group}|`)),
      ...(group === 'scan' ? layouts.keys().filter((k) => k.startsWith('scan format|')) : []),
    ];
    for (const key of layoutKeys) {
      const tally = layouts.get(key);
      const [prefix, layout] = key.split('|');
      const name = prefix === 'scan format' ? `generated scan as ${layout}` : `generated ${group} ${layout}`;
      figures.push({ name: `${name}: header fields`, value: ratio(tally), unit: share(tally) });
    }
    figures.push({
      name: `${label}: documents not read (error or timeout)`,
      value: errors.get(group) ?? 0,
      unit: 'documents',
    });
    figures.push({ name: `${label}: seconds per document`, value: (seconds.get(group) ?? 0) / docs.total, unit: 's' });
  }
  figures.push({ name: 'shared corpora found', value: folder ? 1 : 0, unit: folder ? 'yes' : 'no' });
  figures.push({ name: 'run time', value: (performance.now() - started) / 1000, unit: 's' });

  const dir = join(root, 'eval-results');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'recognition-failures.json'), `${JSON.stringify(failures, null, 2)}\n`);
  process.stdout.write(
    `recognition: ${failures.length} mismatches written to eval-results/recognition-failures.json\n`,
  );
  return figures;
}
