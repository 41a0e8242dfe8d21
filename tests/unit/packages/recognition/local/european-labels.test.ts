import { describe, expect, it } from 'vitest';
import { extractInvoiceFields } from '#packages/recognition';
import { type Page, pageText } from './documents.ts';

const read = (page: Page) => extractInvoiceFields([pageText(page)], { source: 'pdf-text' });

/** A German invoice: "Rechnung Nr. … vom …", "Summe netto", "zzgl. USt.", a prepayment. */
function germanInvoice(): Page {
  return [
    ['Muster Handel GmbH', 50, 60, 14],
    ['Hauptstraße 5, 80333 München', 50, 76],
    ['USt-IdNr.: DE136695976', 50, 88],
    ['Rechnungsempfänger:', 50, 130],
    ['Kunden AG Mitte', 50, 142],
    ['Kundenstraße 15, 69876 Frankfurt', 50, 154],
    ['Rechnung Nr. RE-2025-117 vom 14.03.2025', 50, 200, 12],
    ['Beschreibung', 50, 240],
    ['Betrag', 480, 240],
    ['Beratung März', 50, 254],
    ['1.000,00 €', 480, 254],
    ['Summe netto', 350, 300],
    ['1.000,00 €', 480, 300],
    ['zzgl. USt. 19 %', 350, 314],
    ['190,00 €', 480, 314],
    ['Bruttosumme', 350, 328],
    ['1.190,00 €', 480, 328],
    ['Erhaltene Anzahlung', 350, 342],
    ['-500,00 €', 480, 342],
    ['Zahlbetrag', 350, 356],
    ['690,00 €', 480, 356],
    ['Zahlbar innerhalb 30 Tagen netto bis 13.04.2025.', 50, 400],
    ['IBAN: DE89 3704 0044 0532 0130 00', 50, 414],
  ];
}

/** A French invoice with a European VAT number other than Dutch or Belgian. */
function frenchInvoice(): Page {
  return [
    ['Atelier Lumière SARL - 12 rue des Lilas - 69001 Lyon', 50, 40],
    ['TVA : FR11999999998 - SIRET : 99999999800010', 50, 52],
    ['Facture FA-2025-0031', 50, 100, 16],
    ['Réf. marché', 50, 130],
    ['PRINTEMPS_2025', 200, 130],
    ['Date de facture', 50, 144],
    ['05/03/2025', 200, 144],
    ["Date d'échéance", 50, 158],
    ['04/04/2025', 200, 158],
    ['Total HT', 350, 300],
    ['2 500,00 €', 480, 300],
    ['TVA 20 %', 350, 314],
    ['500,00 €', 480, 314],
    ['Total TTC', 350, 328],
    ['3 000,00 €', 480, 328],
  ];
}

/** Totals printed as a table: headings over a row per rate and a last row with their sums. */
function totalsTableInvoice(): Page {
  return [
    ['Nordwaren GmbH', 50, 60, 14],
    ['Beleg-Nr: R-4711', 350, 100],
    ['Beleg-Datum: 06.08.2025', 350, 112],
    ['Nettobetrag', 200, 400],
    ['MwSt-Betrag', 300, 400],
    ['Endbetrag', 420, 400],
    ['321,40', 200, 412],
    ['61,07', 300, 412],
    ['382,47', 420, 412],
    ['127,59', 200, 424],
    ['8,93', 300, 424],
    ['136,52', 420, 424],
    ['448,99', 200, 436],
    ['70,00', 300, 436],
    ['518,99', 420, 436],
  ];
}

describe('extractInvoiceFields on German, French and tabulated totals', () => {
  it('reads the number and date of "Rechnung Nr. … vom …"', () => {
    const result = read(germanInvoice());

    expect(result.invoiceNumber?.value).toBe('RE-2025-117');
    expect(result.invoiceDate?.value).toBe('2025-03-14');
  });

  it('takes as gross the Bruttosumme that net plus VAT adds up to, not the amount left after a prepayment', () => {
    const result = read(germanInvoice());

    expect(result.totals.net?.value).toBe(1000_00);
    expect(result.totals.vat?.value).toBe(190_00);
    expect(result.totals.gross?.value).toBe(1190_00);
    expect(result.totals.gross?.confidence).toBeGreaterThan(0.9);
  });

  it('reads the due date of "Zahlbar innerhalb 30 Tagen netto bis …", a German VAT number and IBAN', () => {
    const result = read(germanInvoice());

    expect(result.dueDate?.value).toBe('2025-04-13');
    expect(result.supplier.vatNumber?.value).toBe('DE136695976');
    expect(result.supplier.iban?.value).toBe('DE89370400440532013000');
    expect(result.customer.name?.value).toBe('Kunden AG Mitte');
  });

  it('prefers the number after the title to one after a generic reference label', () => {
    const result = read(frenchInvoice());

    expect(result.invoiceNumber?.value).toBe('FA-2025-0031');
  });

  it('reads a French VAT number after "TVA :" and French totals with spaces as thousands separators', () => {
    const result = read(frenchInvoice());

    expect(result.supplier.vatNumber?.value).toBe('FR11999999998');
    expect(result.totals).toMatchObject({ net: { value: 2500_00 }, vat: { value: 500_00 }, gross: { value: 3000_00 } });
    expect(result.dueDate?.value).toBe('2025-04-04');
  });

  it('reads the totals from the last row of a totals table, the one the rows above sum to', () => {
    const result = read(totalsTableInvoice());

    expect(result.invoiceNumber?.value).toBe('R-4711');
    expect(result.invoiceDate?.value).toBe('2025-08-06');
    expect(result.totals).toMatchObject({ net: { value: 448_99 }, vat: { value: 70_00 }, gross: { value: 518_99 } });
  });

  it('gives a labelled VAT number or IBAN whose check fails with a low confidence, so it is never booked unchecked', () => {
    const page: Page = [
      ...germanInvoice().filter(([text]) => !text.startsWith('USt-IdNr') && !text.startsWith('IBAN')),
      ['USt-IdNr.: DE123456789', 50, 88],
      ['IBAN: DE12 1234 4321 9876 00', 50, 414],
    ];

    const result = read(page);

    expect(result.supplier.vatNumber).toEqual({ value: 'DE123456789', confidence: expect.any(Number) });
    expect(result.supplier.vatNumber?.confidence).toBeLessThan(0.5);
    expect(result.supplier.iban?.value).toBe('DE1212344321987600');
    expect(result.supplier.iban?.confidence).toBeLessThan(0.5);
  });
});
