import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { closeOcr, recogniseDocument, splitPdf } from '#packages/recognition';
import { recogniseImage } from '../../../../../packages/recognition/local/ocr.ts';
import { type Page, scanOf, textPdf } from './documents.ts';
import { dutchInvoice } from './invoices.ts';

// The real OCR, counted: every page that goes through Tesseract is one call.
vi.mock(import('../../../../../packages/recognition/local/ocr.ts'), async (importOriginal) => {
  const actual = await importOriginal();
  return { ...actual, recogniseImage: vi.fn(actual.recogniseImage) };
});

afterAll(closeOcr);

/** Page 2 of the invoice: its terms, under the same letterhead. */
const terms: Page = [
  ['Installatiebedrijf De Vries B.V.', 50, 60, 16],
  ['Algemene voorwaarden', 50, 120, 12],
  ['Betaling binnen dertig dagen na factuurdatum op het vermelde rekeningnummer.', 50, 150],
  ['Bij niet tijdige betaling is de wettelijke handelsrente verschuldigd.', 50, 164],
  ['Reclamaties binnen acht dagen na ontvangst schriftelijk melden.', 50, 178],
  ['Pagina 2 van 2', 500, 815, 7],
];

/** A scanner's PDF of a two-page invoice: each page an image, no text layer. */
async function twoPageScan(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (const items of [dutchInvoice({ page: 'Pagina 1 van 2' }), terms]) {
    const image = await pdf.embedPng(await scanOf(await textPdf([items]), 150, 'png'));
    pdf.addPage([595.28, 841.89]).drawImage(image, { x: 0, y: 0, width: 595.28, height: 841.89 });
  }
  return pdf.save();
}

describe('a multi-page scan of one invoice', () => {
  it('is OCR’d once per page: splitting reads it, recognition reuses that reading', async () => {
    const scan = await twoPageScan();

    const { parts } = await splitPdf(scan);
    const result = await recogniseDocument({ bytes: scan, fileName: 'scan.pdf' }, { read: parts[0]?.reading });

    expect(parts).toHaveLength(1);
    expect(result).toMatchObject({ source: 'ocr', invoiceNumber: { value: 'F2025-00042' } });
    expect(recogniseImage).toHaveBeenCalledTimes(2);
  }, 60_000);
});
