import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { closeOcr, type RecognitionResult, readStructuredInvoice, recogniseDocument } from '#packages/recognition';

// Optional run over real Factur-X / ZUGFeRD PDFs nobody on this project wrote. The folder sits
// next to the repository and is never committed, so without it this file runs one test only.
const repoRoot = new URL('../../../../../', import.meta.url);
const corpus = fileURLToPath(new URL('../shared/corpora/zugferd-facturx-corpus/', repoRoot));

interface Expectation {
  readonly file: string;
  readonly format: string;
  readonly expected: string;
}

afterAll(closeOcr);

describe('recogniseDocument on ../shared/corpora/zugferd-facturx-corpus', () => {
  if (!existsSync(corpus)) {
    it('finds no ../shared/corpora/zugferd-facturx-corpus next to the repository, so reads no PDFs', () => {
      console.info(`local recognition corpus: ${corpus} is absent; nothing to measure.`);
      expect(existsSync(corpus)).toBe(false);
    });
    return;
  }

  const { items } = JSON.parse(readFileSync(join(corpus, '_derived_expectations.json'), 'utf8')) as {
    items: Expectation[];
  };
  const exists = (item: Expectation) => existsSync(join(corpus, item.file));
  const facturX = items.filter((item) => item.format === 'facturx-pdf' && exists(item));
  const plain = items.filter((item) => item.format === 'pdf-no-xml' && exists(item));
  const read = (file: string): Promise<RecognitionResult> =>
    recogniseDocument({ bytes: readFileSync(join(corpus, file)), fileName: file, contentType: 'application/pdf' });

  it('finds the Factur-X PDFs', () => {
    expect(facturX.length).toBeGreaterThanOrEqual(20);
  });

  it.each(facturX.map((item) => [item.file]))(
    'reads the invoice attached to %s, as the structured reader reads it on its own',
    async (file) => {
      const result = await read(file);
      // XML-Rechnung ships each Factur-X PDF's invoice as a separate CII file too.
      const cii = join(corpus, file.replace('/FX/', '/CII/').replace(/\.pdf$/, '.cii.xml'));
      const alone = existsSync(cii) ? readStructuredInvoice(readFileSync(cii)) : undefined;

      expect(result.source).toBe('factur-x');
      expect(result.invoiceNumber?.confidence).toBe(1);
      if (alone) expect([result.invoiceNumber, result.totals]).toEqual([alone.invoiceNumber, alone.totals]);
    },
  );

  it.each(plain.map((item) => [item.file]))('reads %s, a PDF without XML, from its text layer', async (file) => {
    const result = await read(file);

    expect(result.source).toBe('pdf-text');
  });
});
