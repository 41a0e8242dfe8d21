import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { findInvoiceStarts, recogniseDocument, splitPdf } from '#packages/recognition';
import { encryptedPdf, type Page, pageText, textPdf } from './documents.ts';
import { belgianFrenchInvoice, columnInvoice, dutchInvoice, englishInvoice } from './invoices.ts';

/** Page 2 of an invoice: more lines and the totals, under the same letterhead. */
function continuation(number: string, page: string): Page {
  return [
    ['Installatiebedrijf De Vries B.V.', 50, 60, 16],
    [`Factuurnummer: ${number}`, 50, 120],
    ['Omschrijving', 50, 200],
    ['Bedrag', 490, 200],
    ['Klein materiaal', 50, 220],
    ['12,40', 490, 220],
    ['Totaal incl. btw', 360, 300],
    ['€ 666,29', 482, 300],
    [page, 500, 815, 7],
  ];
}

const pages = (...items: Page[]) => items.map((page, i) => pageText(page, i + 1));

describe('findInvoiceStarts', () => {
  it('starts a new invoice where "pagina 1 van n" says so', () => {
    const starts = findInvoiceStarts(
      pages(
        dutchInvoice({ number: 'A-1', page: 'Pagina 1 van 2' }),
        continuation('A-1', 'Pagina 2 van 2'),
        dutchInvoice({ number: 'A-2', page: 'Pagina 1 van 1' }),
      ),
    );

    expect(starts).toEqual([1, 3]);
  });

  it('starts a new invoice where the invoice number changes', () => {
    const starts = findInvoiceStarts(
      pages(
        dutchInvoice({ number: 'A-1', page: '' }),
        continuation('A-1', ''),
        dutchInvoice({ number: 'B-7', page: '' }),
      ),
    );

    expect(starts).toEqual([1, 3]);
  });

  it('starts a new invoice after a page that ends with a total, when the next opens with a title', () => {
    const starts = findInvoiceStarts(pages(columnInvoice(), belgianFrenchInvoice(), englishInvoice()));

    expect(starts).toEqual([1, 2, 3]);
  });

  it('keeps the pages of one invoice together', () => {
    const starts = findInvoiceStarts(
      pages(
        dutchInvoice({ number: 'A-1', page: 'Page 1/3' }),
        continuation('A-1', 'Page 2/3'),
        continuation('A-1', 'Page 3/3'),
      ),
    );

    expect(starts).toEqual([1]);
  });
});

describe('splitPdf', () => {
  it('splits a bulk PDF of three invoices into one PDF per invoice', async () => {
    const bulk = await textPdf([
      dutchInvoice({ number: 'A-1', page: 'Pagina 1 van 2' }),
      continuation('A-1', 'Pagina 2 van 2'),
      belgianFrenchInvoice(),
      englishInvoice(),
    ]);

    const { parts } = await splitPdf(bulk);

    expect(parts.map(({ fromPage, toPage }) => [fromPage, toPage])).toEqual([
      [1, 2],
      [3, 3],
      [4, 4],
    ]);
    const counts = await Promise.all(parts.map(async (part) => (await PDFDocument.load(part.bytes)).getPageCount()));
    expect(counts).toEqual([2, 1, 1]);
    const numbers = await Promise.all(
      parts.map(
        async (part) => (await recogniseDocument({ bytes: part.bytes, fileName: 'part.pdf' })).invoiceNumber?.value,
      ),
    );
    expect(numbers).toEqual(['A-1', 'F-2025-117', 'INV-2025-0042']);
  });

  it('refuses a password-protected PDF with code ENCRYPTED_DOCUMENT', async () => {
    await expect(splitPdf(encryptedPdf())).rejects.toMatchObject({ code: 'ENCRYPTED_DOCUMENT' });
  });

  it('gives one part with every page for a PDF that holds one invoice', async () => {
    const single = await textPdf([
      dutchInvoice({ number: 'A-1', page: 'Pagina 1 van 2' }),
      continuation('A-1', 'Pagina 2 van 2'),
    ]);

    const { parts } = await splitPdf(single);

    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ fromPage: 1, toPage: 2 });
    expect(parts[0]?.bytes).toEqual(single);
  });
});
