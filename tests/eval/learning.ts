import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser-v5';
import {
  applySupplierLayout,
  type DocumentValues,
  extractInvoiceFields,
  type LearntField,
  learnSupplierLayout,
  type PageText,
  pageSupplierKeys,
  type RecognitionResult,
  readPageLayout,
  type SupplierLayout,
  supplierKeysOf,
} from '#packages/recognition';
import type { Figure } from '../helpers/figures.ts';
import {
  generateInvoiceSpec,
  groundTruthOf,
  hintsOf,
  type LayoutId,
  layoutIds,
  layouts,
  renderTextPdf,
} from '../helpers/invoices/index.ts';
import { corporaFolder, ublExpectation } from './recognition/corpora.ts';
import { matches, readHeader, type Value } from './recognition/score.ts';

/**
 * `npm run eval -- learning`: how much one corrected document of a supplier improves the
 * reading of that supplier's next document. For every supplier with two or more documents, each
 * document in turn is "the next one", read after the supplier's previous document (in file
 * order, the first after the last) was corrected: every field the reader got wrong is set to
 * the truth, and the layout is learnt from its pages and the corrected values. The next
 * document is read from its page (an attached XML is ignored), generically (before) and with
 * the layout found by the supplier identifiers the reader found on it (after), as the pipeline
 * does. A field counts where the truth has it printed on the page.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));

const scoredFields = [
  'invoiceNumber',
  'invoiceDate',
  'dueDate',
  'currency',
  'net',
  'vat',
  'gross',
  'supplierName',
  'supplierVatNumber',
  'supplierIban',
  'supplierCompanyNumber',
  'paymentReference',
] as const satisfies readonly LearntField[];
type Field = (typeof scoredFields)[number];

/** One document of a supplier: its pages and what it states. */
interface Doc {
  readonly name: string;
  readonly pages: PageText[];
  readonly documentType: string;
  /** Scored fields: a value, or `null` where the document carries none (scored as absent). */
  readonly truth: Partial<Record<Field, string | number | null>>;
  readonly hints?: ReturnType<typeof hintsOf>;
}

interface Supplier {
  readonly corpus: string;
  readonly name: string;
  readonly documents: readonly Doc[];
}

const read = (doc: Doc): RecognitionResult =>
  extractInvoiceFields(doc.pages, { source: 'pdf-text', ...(doc.hints ? { hints: doc.hints } : {}) });

const right = (doc: Doc, field: Field, got: Value) => {
  const expected = doc.truth[field];
  return matches(field, expected === null ? undefined : expected, got, doc.documentType);
};

/** The accountant's corrections: every scored field the reader got wrong set to the truth. */
function corrected(doc: Doc, result: RecognitionResult): DocumentValues {
  const got = readHeader(result);
  const values: Record<string, string | number | null> = {};
  for (const field of scoredFields) {
    if (!(field in doc.truth)) {
      const value = got[field];
      if (value !== undefined) values[field] = value;
      continue;
    }
    const expected = doc.truth[field];
    values[field] =
      right(doc, field, got[field]) && got[field] !== undefined ? (got[field] as string | number) : (expected ?? null);
  }
  return values as DocumentValues;
}

interface Tallies {
  before: Map<string, { right: number; total: number }>;
  after: Map<string, { right: number; total: number }>;
  found: { right: number; total: number };
  pairs: number;
}

const tallies = (): Tallies => ({ before: new Map(), after: new Map(), found: { right: 0, total: 0 }, pairs: 0 });

function add(map: Tallies['before'], key: string, ok: boolean) {
  const t = map.get(key) ?? { right: 0, total: 0 };
  t.total++;
  if (ok) t.right++;
  map.set(key, t);
}

/** Teaches each supplier's previous document and reads the next with what it taught. */
function measure(suppliers: readonly Supplier[], into: Tallies, failures: unknown[]) {
  for (const supplier of suppliers) {
    const docs = supplier.documents;
    if (docs.length < 2) continue;
    for (const [i, next] of docs.entries()) {
      const teacher = docs[(i + docs.length - 1) % docs.length] as Doc;
      const taught = read(teacher);
      const values = corrected(teacher, taught);
      const layout: SupplierLayout = learnSupplierLayout(teacher.pages, values);
      const stored = new Set(
        supplierKeysOf({
          vatNumber: values.supplierVatNumber ?? undefined,
          iban: values.supplierIban ?? undefined,
          companyNumber: values.supplierCompanyNumber ?? undefined,
        }).map((k) => `${k.kind}#${k.value}`),
      );
      const before = read(next);
      // As the pipeline looks the supplier up: by the identifiers read, then by those printed.
      const found = [...supplierKeysOf(before.supplier), ...pageSupplierKeys(next.pages)].some((k) =>
        stored.has(`${k.kind}#${k.value}`),
      );
      into.found.total++;
      if (found) into.found.right++;
      const after = found ? applySupplierLayout(next.pages, before, layout) : before;
      const b = readHeader(before);
      const a = readHeader(after);
      into.pairs++;
      for (const field of scoredFields) {
        if (!(field in next.truth)) continue;
        const okBefore = right(next, field, b[field]);
        const okAfter = right(next, field, a[field]);
        add(into.before, field, okBefore);
        add(into.after, field, okAfter);
        add(into.before, '*', okBefore);
        add(into.after, '*', okAfter);
        if (!okAfter) {
          failures.push({
            corpus: supplier.corpus,
            supplier: supplier.name,
            taughtBy: teacher.name,
            document: next.name,
            field,
            expected: next.truth[field] ?? null,
            before: b[field] ?? null,
            after: a[field] ?? null,
            supplierFound: found,
          });
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The corpora.

const cents = (n: unknown) => (typeof n === 'number' ? Math.round(n * 100) : undefined);

/** `pdf-invoices`: real layouts with truth from the XML each was rendered from; suppliers by seller name. */
async function pdfInvoices(folder: string): Promise<Supplier[]> {
  const base = join(folder, 'pdf-invoices');
  const names = (await readdir(join(base, 'truth')).catch(() => [] as string[]))
    .filter((n) => n.endsWith('.json'))
    .sort();
  const bySupplier = new Map<string, Doc[]>();
  for (const name of names) {
    const t = JSON.parse(await readFile(join(base, 'truth', name), 'utf8')) as Record<string, unknown> & {
      fieldsInPdfText: Record<string, boolean>;
    };
    const printed = (key: string) => t.fieldsInPdfText[key] === true;
    const truth: Doc['truth'] = {};
    const put = (field: Field, key: string, value: string | number | undefined | null) => {
      if (printed(key) && value !== undefined && value !== null) truth[field] = value;
    };
    put('invoiceNumber', 'invoiceNumber', t.invoiceNumber as string);
    put('invoiceDate', 'issueDate', t.issueDate as string);
    put('dueDate', 'dueDate', t.dueDate as string);
    put('currency', 'currency', t.currency as string);
    put('net', 'netTotal', cents(t.netTotal));
    put('vat', 'vatTotal', cents(t.vatTotal));
    put('gross', 'grossTotal', cents(t.grossTotal));
    put('supplierName', 'sellerName', t.sellerName as string);
    put('supplierVatNumber', 'sellerVatId', t.sellerVatId as string);
    put('supplierIban', 'sellerIban', t.sellerIban as string);
    const pages = await readPageLayout(
      new Uint8Array(await readFile(join(base, 'pdf', name.replace(/\.json$/, '.pdf')))),
    );
    if (pages.every((p) => p.lines.length === 0)) continue;
    const key = String(t.sellerName ?? '')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    const list = bySupplier.get(key) ?? [];
    list.push({
      name: name.replace(/\.json$/, ''),
      pages,
      documentType: String(t.typeCode) === '381' ? 'credit-note' : 'invoice',
      truth,
    });
    bySupplier.set(key, list);
  }
  return [...bySupplier.entries()].map(([name, documents]) => ({ corpus: 'pdf-invoices', name, documents }));
}

const ubl = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
});

let placeholders = 0;

/** `be-ublbe`: UBL.BE invoices whose PDF rendering travels inside; the PDF is read, the UBL is the truth. */
async function ublBe(folder: string): Promise<Supplier[]> {
  const base = join(folder, 'be-ublbe');
  const files = (await readdir(base, { recursive: true }).catch(() => [] as string[]))
    .filter((f) => f.endsWith('.xml'))
    .sort();
  const bySupplier = new Map<string, Doc[]>();
  for (const file of files) {
    const xml = await readFile(join(base, file), 'utf8');
    const expectation = ublExpectation(xml);
    const pdf = embeddedPdf(xml);
    if (!expectation || !pdf) continue;
    const pages = await readPageLayout(pdf).catch(() => [] as PageText[]);
    // Most files carry a one-line placeholder PDF ("The invoice"), not a rendering of the invoice.
    if (pages.reduce((n, p) => n + p.lines.length, 0) < 5) {
      placeholders++;
      continue;
    }
    const truth: Doc['truth'] = {};
    for (const e of expectation.fields) {
      if (e.value !== undefined && (scoredFields as readonly string[]).includes(e.field))
        truth[e.field as Field] = e.value;
    }
    const supplier = String(truth.supplierVatNumber ?? file);
    const list = bySupplier.get(supplier) ?? [];
    list.push({ name: file, pages, documentType: expectation.documentType, truth });
    bySupplier.set(supplier, list);
  }
  return [...bySupplier.entries()].map(([name, documents]) => ({ corpus: 'be-ublbe', name, documents }));
}

function embeddedPdf(xml: string): Uint8Array | undefined {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const values = Array.isArray(value) ? value : [value];
      for (const v of values) {
        if (
          key === 'EmbeddedDocumentBinaryObject' &&
          typeof v === 'object' &&
          v &&
          v['@mimeCode'] === 'application/pdf'
        ) {
          found.push(String(v['#text'] ?? ''));
        } else walk(v);
      }
    }
  };
  walk(ubl.parse(xml));
  const base64 = found[0]?.replace(/\s/g, '');
  return base64 ? new Uint8Array(Buffer.from(base64, 'base64')) : undefined;
}

/**
 * The generated corpus: per layout, pairs of text PDFs of one supplier (the second made with
 * the first's supplier: same layout, other customer, lines, numbers, dates and amounts).
 */
async function generated(pairsPerLayout: number, baseSeed: number): Promise<Supplier[]> {
  const suppliers: Supplier[] = [];
  for (const [l, layout] of layoutIds.entries()) {
    for (let n = 0; n < pairsPerLayout; n++) {
      const { countries, languageOf } = layouts[layout as LayoutId];
      const country = countries[n % countries.length] ?? 'NL';
      const seed = baseSeed + l * 1000 + n * 2;
      const first = generateInvoiceSpec(seed, { country, language: languageOf(country), documentType: 'invoice' });
      const other = generateInvoiceSpec(seed + 1, { country, language: languageOf(country) });
      const second = { ...other, supplier: first.supplier, language: first.language };
      const documents: Doc[] = [];
      for (const spec of [first, second]) {
        const truth = groundTruthOf(spec);
        const pages = await readPageLayout(await renderTextPdf(spec, layout as LayoutId));
        const doc: Doc['truth'] = {};
        for (const field of scoredFields) doc[field] = truth[field] ?? null;
        documents.push({
          name: `${layout} seed ${spec.seed}`,
          pages,
          documentType: spec.documentType,
          truth: doc,
          hints: hintsOf(spec),
        });
      }
      suppliers.push({ corpus: 'generated', name: `${layout} ${n}`, documents });
    }
  }
  return suppliers;
}

// ---------------------------------------------------------------------------------------------

const labels: Record<Field | '*', string> = {
  '*': 'every field',
  invoiceNumber: 'invoice number',
  invoiceDate: 'invoice date',
  dueDate: 'due date',
  currency: 'currency',
  net: 'net',
  vat: 'VAT',
  gross: 'gross',
  supplierName: 'supplier name',
  supplierVatNumber: 'supplier VAT number',
  supplierIban: 'supplier IBAN',
  supplierCompanyNumber: 'supplier company number',
  paymentReference: 'payment reference',
};

function figuresOf(name: string, t: Tallies): Figure[] {
  const figures: Figure[] = [];
  const ratio = (c: { right: number; total: number }) => (c.total === 0 ? 0 : c.right / c.total);
  figures.push({
    name: `${name}: next documents whose supplier was found by an identifier read`,
    value: ratio(t.found),
    unit: `(${t.found.right}/${t.found.total})`,
  });
  for (const key of ['*', ...scoredFields] as const) {
    const before = t.before.get(key);
    const after = t.after.get(key);
    if (!before || !after) continue;
    figures.push({
      name: `${name}: ${labels[key]}, before learning`,
      value: ratio(before),
      unit: `(${before.right}/${before.total})`,
    });
    figures.push({
      name: `${name}: ${labels[key]}, after one correction`,
      value: ratio(after),
      unit: `(${after.right}/${after.total})`,
      target: '>= 0.98',
    });
  }
  return figures;
}

export async function run(): Promise<Figure[]> {
  const failures: unknown[] = [];
  const figures: Figure[] = [];
  const folder = await corporaFolder(root);
  if (folder) {
    const real = [...(await pdfInvoices(folder)), ...(await ublBe(folder))];
    for (const corpus of ['pdf-invoices', 'be-ublbe']) {
      const suppliers = real.filter((s) => s.corpus === corpus);
      const measured = suppliers.filter((s) => s.documents.length >= 2);
      const single = suppliers.filter((s) => s.documents.length === 1);
      process.stdout.write(
        `learning: ${corpus}: ${measured.length} suppliers with two or more documents (${measured.reduce((n, s) => n + s.documents.length, 0)} documents); ${single.length} with one document, not measured (no honest second rendering of a real layout)\n`,
      );
      if (corpus === 'be-ublbe' && placeholders > 0) {
        process.stdout.write(
          `learning: be-ublbe: ${placeholders} files carry a placeholder PDF, not a rendering; left out\n`,
        );
      }
      const t = tallies();
      measure(measured, t, failures);
      figures.push(...figuresOf(corpus, t));
    }
  } else {
    process.stdout.write('learning: the shared corpora were not found (../shared/corpora); generated corpus only.\n');
  }
  const t = tallies();
  const suppliers = await generated(10, 20_250_301);
  process.stdout.write(
    `learning: generated corpus (regression only): ${suppliers.length} suppliers, two text PDFs each\n`,
  );
  measure(suppliers, t, failures);
  figures.push(...figuresOf('generated', t));
  const { mkdir, writeFile } = await import('node:fs/promises');
  await mkdir(join(root, 'eval-results'), { recursive: true });
  await writeFile(join(root, 'eval-results', 'learning-failures.json'), `${JSON.stringify(failures, null, 2)}\n`);
  process.stdout.write(
    `learning: ${failures.length} fields wrong after learning, in eval-results/learning-failures.json\n`,
  );
  return figures;
}
