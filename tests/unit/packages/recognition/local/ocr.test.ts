import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOcr, type RecognitionResult, recogniseDocument } from '#packages/recognition';
import { imagePdf, scanOf, textPdf } from './documents.ts';
import { belgian, belgianFrenchInvoice, dutch, dutchInvoice } from './invoices.ts';

// OCR is the slow path (about a second a page), so these few tests share one worker and one
// recognition per document.
afterAll(closeOcr);

describe('recogniseDocument on scans', () => {
  let png: RecognitionResult;
  let scannedPdf: RecognitionResult;
  let jpeg: RecognitionResult;

  beforeAll(async () => {
    const dutchScan = await scanOf(await textPdf([dutchInvoice()]), 200, 'png');
    // How long a page takes is measured by `npm run bench -- intake`, not here.
    png = await recogniseDocument({ bytes: dutchScan, fileName: 'factuur.png', contentType: 'image/png' });
    const belgianScan = await scanOf(await textPdf([belgianFrenchInvoice()]), 200, 'png');
    const jpegScan = await scanOf(await textPdf([dutchInvoice({ number: 'F2025-00043' })]), 150, 'jpeg');
    // Both at once: the one worker takes them in turn.
    [scannedPdf, jpeg] = await Promise.all([
      recogniseDocument({ bytes: await imagePdf(belgianScan), fileName: 'scan.pdf' }),
      recogniseDocument({ bytes: jpegScan, fileName: 'photo.jpg', contentType: 'image/jpeg' }),
    ]);
  }, 60_000);

  it('reads a PNG scan of a Dutch invoice with OCR, field by field', () => {
    expect(png.source).toBe('ocr');
    expect(png.supplier.name?.value).toBe(dutch.supplier);
    expect(png.supplier.vatNumber?.value).toBe(dutch.vat);
    expect(png.supplier.iban?.value).toBe(dutch.iban);
    expect(png.invoiceNumber?.value).toBe('F2025-00042');
    expect(png.invoiceDate?.value).toBe('2025-01-03');
    expect(png.dueDate?.value).toBe('2025-02-02');
    expect(png.totals).toMatchObject({ net: { value: 538_25 }, vat: { value: 113_03 }, gross: { value: 651_28 } });
    expect(png.paymentReference?.value).toBe(dutch.reference);
  });

  it('gives OCR-read fields a confidence below 1', () => {
    expect(png.invoiceNumber?.confidence).toBeGreaterThan(0.5);
    expect(png.invoiceNumber?.confidence).toBeLessThan(1);
  });

  it('reads a PDF without a text layer by rendering and OCR-ing its page', () => {
    expect(scannedPdf.source).toBe('ocr');
    expect(scannedPdf.supplier.vatNumber?.value).toBe(belgian.vat);
    expect(scannedPdf.invoiceNumber?.value).toBe('F-2025-117');
    expect(scannedPdf.invoiceDate?.value).toBe('2025-01-03');
    expect(scannedPdf.totals.gross?.value).toBe(1475_00);
    expect(scannedPdf.paymentReference?.value).toBe(belgian.reference);
  });

  it('reads a JPEG photo at 150 dpi', () => {
    expect(jpeg.invoiceNumber?.value).toBe('F2025-00043');
    expect(jpeg.totals.gross?.value).toBe(651_28);
  });
});
