import { describe, expect, it } from 'vitest';
import { RecognitionError, recogniseDocument, splitPdf } from '#packages/recognition';
import { type HostilePdf, hostilePdfs } from '../../../../helpers/hostile-pdfs.ts';

async function refusal(read: Promise<unknown>): Promise<{ code: string; ms: number }> {
  const started = Date.now();
  try {
    await read;
  } catch (error) {
    if (error instanceof RecognitionError) return { code: error.code, ms: Date.now() - started };
    throw error;
  }
  throw new Error('The PDF was read, not refused.');
}

const cases: [string, string, HostilePdf][] = [
  ['a PDF painting a 20 000 × 20 000 image', 'IMAGE_TOO_LARGE', 'hugeImage'],
  ['a PDF whose page tree loops back on itself', 'BAD_DOCUMENT', 'loopingPageTree'],
  ['a PDF whose page is 200 × 200 inches', 'PAGE_TOO_LARGE', 'enormousPage'],
  ['a PDF declaring 100 000 pages around one real page', 'DOCUMENT_TOO_LARGE', 'hundredThousandPages'],
];

describe('recogniseDocument on hostile PDFs', () => {
  it.each(cases)('refuses %s within seconds with reason %s', async (_, code, kind) => {
    const bytes = await hostilePdfs[kind]();

    const refused = await refusal(recogniseDocument({ bytes, fileName: 'scan.pdf', contentType: 'application/pdf' }));

    expect(refused.code).toBe(code);
    expect(refused.ms).toBeLessThan(5_000);
  });
});

describe('splitPdf on hostile PDFs', () => {
  // A one-page PDF (the enormous page) is one invoice without being read: recognition refuses it.
  const multiPage = cases.filter(([, , kind]) => kind !== 'enormousPage');

  it.each(multiPage)('refuses %s with reason %s before any page is read', async (_, code, kind) => {
    const bytes = await hostilePdfs[kind]();

    const refused = await refusal(splitPdf(bytes));

    expect(refused.code).toBe(code);
  });
});
