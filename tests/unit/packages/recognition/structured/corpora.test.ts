import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type RecognitionResult, readStructuredInvoice } from '#packages/recognition';

// Optional conformance run over real documents nobody on this project wrote. The folder sits
// next to the repository and is never committed, so without it this file runs one test only.
const repoRoot = new URL('../../../../../', import.meta.url);
const corpora = fileURLToPath(new URL('../shared/corpora/', repoRoot));
const ublBe = join(corpora, 'be-ublbe');
const zugferd = join(corpora, 'zugferd-facturx-corpus');

interface CorpusFile {
  readonly path: string;
  /** `valid` documents pass EN 16931 validation upstream; the others are well-formed but flawed. */
  readonly valid: boolean;
  /** The same invoice in several syntaxes shares a group (XML-Rechnung: UBL and CII). */
  readonly group?: string;
}

interface Expectation {
  file: string;
  format: string;
  expected: string;
  group?: string;
}

function xmlFilesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return xmlFilesUnder(path);
    return entry.name.endsWith('.xml') ? [path] : [];
  });
}

function zugferdFiles(): CorpusFile[] {
  const { items } = JSON.parse(readFileSync(join(zugferd, '_derived_expectations.json'), 'utf8')) as {
    items: Expectation[];
  };
  return items
    .filter((item) => (item.format === 'ubl' || item.format === 'cii') && existsSync(join(zugferd, item.file)))
    .map((item) => ({ path: join(zugferd, item.file), valid: item.expected === 'valid', group: item.group }));
}

function corpusFiles(): CorpusFile[] {
  return [...xmlFilesUnder(ublBe).map((path) => ({ path, valid: true })), ...zugferdFiles()];
}

const results = new Map<string, RecognitionResult>();
function read(file: CorpusFile): RecognitionResult {
  const cached = results.get(file.path);
  if (cached) return cached;
  const result = readStructuredInvoice(readFileSync(file.path));
  results.set(file.path, result);
  return result;
}

const headerFields = {
  invoiceNumber: (r: RecognitionResult) => r.invoiceNumber !== undefined,
  invoiceDate: (r: RecognitionResult) => r.invoiceDate !== undefined,
  currency: (r: RecognitionResult) => r.currency !== undefined,
  gross: (r: RecognitionResult) => r.totals.gross !== undefined,
};

function rate(passed: number, total: number, label: string): number {
  const share = total === 0 ? 0 : passed / total;
  console.info(`structured corpora: ${label} ${passed}/${total} (${(share * 100).toFixed(1)} %)`);
  return share;
}

function addsUp({ totals: { net, vat, gross } }: RecognitionResult): boolean | undefined {
  if (!net || !vat || !gross) return undefined;
  return net.value + vat.value === gross.value;
}

function pairsByGroup(files: readonly CorpusFile[]): [CorpusFile, CorpusFile][] {
  const groups = new Map<string, CorpusFile[]>();
  for (const file of files) {
    if (file.group !== undefined) groups.set(file.group, [...(groups.get(file.group) ?? []), file]);
  }
  return [...groups.values()].flatMap(([first, second, ...rest]) =>
    first && second && rest.length === 0 ? [[first, second] as [CorpusFile, CorpusFile]] : [],
  );
}

describe('readStructuredInvoice on ../shared/corpora', () => {
  if (!existsSync(corpora)) {
    it('finds no ../shared/corpora next to the repository, so reads no corpus documents', () => {
      console.info(`structured corpora: ${corpora} is absent; nothing to measure.`);
      expect(existsSync(corpora)).toBe(false);
    });
    return;
  }

  const files = corpusFiles();
  const valid = files.filter((file) => file.valid);
  const name = (file: CorpusFile) => relative(corpora, file.path);

  it('finds the UBL.BE and ZUGFeRD/Factur-X XML documents', () => {
    expect(files.filter((file) => file.path.startsWith(ublBe)).length).toBeGreaterThanOrEqual(30);
    expect(files.filter((file) => file.path.startsWith(zugferd)).length).toBeGreaterThanOrEqual(60);
  });

  it.each(files.map((file) => [name(file), file] as const))('reads %s without refusing it', (_, file) => {
    const result = read(file);

    expect(['ubl', 'cii']).toContain(result.source);
  });

  it.each(Object.entries(headerFields))('finds %s in at least 98 % of valid documents', (field, present) => {
    const passed = valid.filter((file) => present(read(file))).length;

    expect(rate(passed, valid.length, field)).toBeGreaterThanOrEqual(0.98);
  });

  it('finds net + VAT = gross in at least 98 % of valid documents that state all three', () => {
    const checked = valid.map((file) => addsUp(read(file))).filter((result) => result !== undefined);
    const passed = checked.filter(Boolean).length;

    expect(rate(passed, checked.length, 'net + VAT = gross')).toBeGreaterThanOrEqual(0.98);
  });

  it('reads the same header and totals from the UBL and the CII of each valid XML-Rechnung pair', () => {
    const pairs = pairsByGroup(valid);
    const key = (r: RecognitionResult) => [r.invoiceNumber, r.invoiceDate, r.dueDate, r.currency, r.totals];

    const agreeing = pairs.filter(([first, second]) => isDeepStrictEqual(key(read(first)), key(read(second))));

    expect(pairs.length).toBeGreaterThanOrEqual(20);
    expect(rate(agreeing.length, pairs.length, 'UBL/CII pairs agreeing')).toBe(1);
  });
});
