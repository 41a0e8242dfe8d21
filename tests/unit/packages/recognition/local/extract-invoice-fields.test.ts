import { describe, expect, it } from 'vitest';
import { extractInvoiceFields, type PageText, RecognitionResult } from '#packages/recognition';
import { type Page, pageText } from './documents.ts';
import {
  belgian,
  belgianFrenchInvoice,
  columnInvoice,
  creditNote,
  dutch,
  dutchInvoice,
  english,
  englishInvoice,
  receipt,
  totalsOnly,
} from './invoices.ts';

const read = (page: Page, hints?: Parameters<typeof extractInvoiceFields>[1]['hints']) =>
  extractInvoiceFields([pageText(page)], { source: 'pdf-text', hints });

/** The same page as OCR would give it: every word read with `confidence`. */
const scanned = (page: Page, confidence: number): PageText[] => [pageText(page, 1, confidence)];

describe('extractInvoiceFields', () => {
  describe('on a Dutch invoice', () => {
    const result = read(dutchInvoice());

    it('returns a result that satisfies the RecognitionResult schema, from the PDF text', () => {
      expect(RecognitionResult.parse(result)).toEqual(result);
      expect(result.source).toBe('pdf-text');
    });

    it('reads the supplier from the letterhead, not the customer block', () => {
      expect(result.supplier.name?.value).toBe(dutch.supplier);
      expect(result.supplier.vatNumber?.value).toBe(dutch.vat);
      expect(result.supplier.companyNumber?.value).toBe(dutch.kvk);
      expect(result.supplier.iban?.value).toBe(dutch.iban);
      expect(result.supplier.countryCode?.value).toBe('NL');
      expect(result.customer.name?.value).toBe(dutch.customer);
      expect(result.customer.vatNumber?.value).toBe(dutch.customerVat);
    });

    it('reads the invoice number, dates, currency and payment reference', () => {
      expect(result.documentType.value).toBe('invoice');
      expect(result.invoiceNumber?.value).toBe('F2025-00042');
      expect(result.invoiceDate?.value).toBe('2025-01-03');
      expect(result.dueDate?.value).toBe('2025-02-02');
      expect(result.currency?.value).toBe('EUR');
      expect(result.paymentReference?.value).toBe(dutch.reference);
    });

    it('reads totals that add up, with the VAT per rate, at high confidence', () => {
      expect(result.totals.net).toEqual({ value: 538_25, confidence: expect.closeTo(0.99, 1) });
      expect(result.totals.vat?.value).toBe(113_03);
      expect(result.totals.gross?.value).toBe(651_28);
      expect(result.vatBreakdown).toEqual([{ rateBasisPoints: 2100, base: 538_25, vat: 113_03 }]);
      expect(result.issues).toEqual([]);
    });

    it('reads the line items of the table', () => {
      expect(result.lines).toEqual([
        { description: 'Onderhoud cv-ketel', quantity: '1', unitPrice: 95_00, net: 95_00, vatRateBasisPoints: 2100 },
        {
          description: 'Vervangen thermostaat Honeywell T6',
          quantity: '1',
          unitPrice: 189_50,
          net: 189_50,
          vatRateBasisPoints: 2100,
        },
        {
          description: 'Arbeidsuren monteur',
          quantity: '3.5',
          unitPrice: 62_50,
          net: 218_75,
          vatRateBasisPoints: 2100,
        },
        { description: 'Voorrijkosten', quantity: '1', unitPrice: 35_00, net: 35_00, vatRateBasisPoints: 2100 },
      ]);
    });
  });

  it('reads a Belgian invoice in French with two VAT rates and a structured communication', () => {
    const result = read(belgianFrenchInvoice());

    expect(result.documentType.value).toBe('invoice');
    expect(result.supplier.name?.value).toBe(belgian.supplier);
    expect(result.supplier.vatNumber?.value).toBe(belgian.vat);
    expect(result.supplier.companyNumber?.value).toBe('0477472701');
    expect(result.supplier.iban?.value).toBe(belgian.iban);
    expect(result.customer.vatNumber?.value).toBe(belgian.customerVat);
    expect(result.invoiceNumber?.value).toBe('F-2025-117');
    expect(result.invoiceDate?.value).toBe('2025-01-03');
    expect(result.dueDate?.value).toBe('2025-02-02');
    expect(result.paymentReference?.value).toBe(belgian.reference);
    expect(result.totals).toMatchObject({ net: { value: 1250_00 }, vat: { value: 225_00 }, gross: { value: 1475_00 } });
    expect(result.vatBreakdown).toEqual([
      { rateBasisPoints: 2100, base: 1000_00, vat: 210_00 },
      { rateBasisPoints: 600, base: 250_00, vat: 15_00 },
    ]);
    expect(result.lines.map((line) => [line.description, line.net, line.vatRateBasisPoints])).toEqual([
      ['Châssis en chêne', 1000_00, 2100],
      ['Rénovation logement > 10 ans', 250_00, 600],
    ]);
  });

  it('reads an English invoice with 1,234.56 amounts and month names in the dates', () => {
    const result = read(englishInvoice());

    expect(result.supplier.name?.value).toBe(english.supplier);
    expect(result.supplier.vatNumber?.value).toBe(english.vat);
    expect(result.supplier.companyNumber?.value).toBe('87654321');
    expect(result.supplier.iban?.value).toBe(english.iban);
    expect(result.customer.name?.value).toBe('Blue Harbour Consulting Ltd');
    expect(result.invoiceNumber?.value).toBe('INV-2025-0042');
    expect(result.invoiceDate?.value).toBe('2025-01-15');
    expect(result.dueDate?.value).toBe('2025-02-14');
    expect(result.currency?.value).toBe('EUR');
    expect(result.totals).toMatchObject({ net: { value: 1234_56 }, vat: { value: 259_26 }, gross: { value: 1493_82 } });
    expect(result.lines).toHaveLength(2);
  });

  it('reads values printed under their labels, in columns', () => {
    const result = read(columnInvoice());

    expect(result.supplier.name?.value).toBe('Drukkerij Bos');
    expect(result.invoiceNumber?.value).toBe('2025.0117');
    expect(result.invoiceDate?.value).toBe('2025-02-06');
    expect(result.dueDate?.value).toBe('2025-03-08');
    expect(result.totals).toMatchObject({ net: { value: 310_00 }, vat: { value: 65_10 }, gross: { value: 375_10 } });
    expect(result.vatBreakdown).toEqual([{ rateBasisPoints: 2100, base: 310_00, vat: 65_10 }]);
  });

  it('reads a credit note with its negative amounts', () => {
    const result = read(creditNote());

    expect(result.documentType.value).toBe('credit-note');
    expect(result.invoiceNumber?.value).toBe('CN-2025-007');
    expect(result.invoiceDate?.value).toBe('2025-02-10');
    expect(result.totals).toMatchObject({ net: { value: -100_00 }, vat: { value: -21_00 }, gross: { value: -121_00 } });
  });

  it('reads a till receipt: its items, its total and the VAT included', () => {
    const result = read(receipt());

    expect(result.documentType.value).toBe('receipt');
    expect(result.supplier.name?.value).toBe('Bakkerij Jansen');
    expect(result.invoiceDate?.value).toBe('2025-01-03');
    expect(result.totals).toMatchObject({ net: { value: 11_47 }, vat: { value: 1_03 }, gross: { value: 12_50 } });
    expect(result.vatBreakdown).toEqual([{ rateBasisPoints: 900, base: 11_47, vat: 1_03 }]);
    expect(result.lines).toEqual([
      { description: 'Croissant', quantity: '2', net: 2_40 },
      { description: 'Bruin brood', net: 3_10 },
      { description: 'Appeltaart', net: 7_00 },
    ]);
  });

  it.each([
    ['1.234,56', 1234_56],
    ['1 234,56', 1234_56],
    ['1,234.56', 1234_56],
    ['€ 1.234,56', 1234_56],
    ['EUR 1234.56', 1234_56],
    ['1234,56 EUR', 1234_56],
    ['€1.234,56', 1234_56],
  ])('reads a total printed as %s', (printed, cents) => {
    const result = read(totalsOnly(printed, '1.020,30', '214,26'));

    expect(result.totals.gross?.value).toBe(cents);
    expect(result.totals.net?.value).toBe(1020_30);
  });

  it.each([
    ['-121,00', -121_00],
    ['121,00-', -121_00],
    ['€ -121,00', -121_00],
    ['(121,00)', -121_00],
  ])('reads a negative total printed as %s', (printed, cents) => {
    const result = read(totalsOnly(printed, '-100,00', '-21,00'));

    expect(result.totals.gross?.value).toBe(cents);
  });

  it.each([
    ['03-01-2025', '2025-01-03'],
    ['03/01/2025', '2025-01-03'],
    ['03.01.2025', '2025-01-03'],
    ['2025-01-03', '2025-01-03'],
    ['3 januari 2025', '2025-01-03'],
    ['3 janvier 2025', '2025-01-03'],
    ['3 January 2025', '2025-01-03'],
    ['3 jan. 2025', '2025-01-03'],
    ['1er mars 2025', '2025-03-01'],
    ['12 mrt 2025', '2025-03-12'],
  ])('reads an invoice date printed as %s', (printed, iso) => {
    const result = read([...totalsOnly('121,00'), ['Factuurdatum:', 50, 142], [printed, 160, 142]]);

    expect(result.invoiceDate?.value).toBe(iso);
  });

  it.each([
    ['Factuurnr.', 'NL-2025-17'],
    ['Factuur nr:', '2025/0042'],
    ['Invoice no.', 'INV-88'],
    ['Facture n°', 'FA2025-12'],
    ['Numéro de facture :', '20250042'],
  ])('reads the invoice number after %s', (label, number) => {
    const page: Page = [
      ['Timmerbedrijf Kok', 50, 50, 14],
      [`${label} ${number}`, 50, 130],
      ['Klantnummer: 4471', 50, 142],
      ['Totaal 10,00', 300, 300],
    ];

    expect(read(page).invoiceNumber?.value).toBe(number);
  });

  it('reads a due date from payment terms when none is printed', () => {
    const page: Page = [
      ...totalsOnly('121,00'),
      ['Factuurdatum: 15-01-2025', 50, 142],
      ['Betaling binnen 30 dagen na factuurdatum.', 50, 600],
    ];

    const result = read(page);

    expect(result.dueDate).toEqual({ value: '2025-02-14', confidence: 0.7 });
  });

  it('reports totals that do not add up and lowers their confidence', () => {
    const result = read(totalsOnly('125,00'));

    expect(result.issues).toContainEqual({ field: 'totals', message: 'net 10000 + VAT 2100 ≠ gross 12500 (cents)' });
    expect(result.totals.gross?.confidence).toBeLessThanOrEqual(0.5);
  });

  it('prefers the amounts that add up when a label is ambiguous', () => {
    const page: Page = [...totalsOnly('121,00'), ['Totaal', 300, 200], ['3 stuks', 400, 200], ['99,95', 480, 200]];

    expect(read(page).totals.gross?.value).toBe(121_00);
  });

  describe('identifiers', () => {
    it('gives a VAT number whose check digit fails a low confidence and reports it', () => {
      const result = read(dutchInvoice({ vat: 'NL004495446B01' }));

      expect(result.supplier.vatNumber).toEqual({ value: 'NL004495446B01', confidence: 0.2 });
      expect(result.issues).toContainEqual({
        field: 'supplier.vatNumber',
        message: "'NL004495446B01' fails the VAT number check digit",
      });
    });

    it('repairs O for 0 and I for 1 in an OCR-read VAT number and IBAN', () => {
      const page: Page = [
        ['Autobedrijf Meijer', 50, 50, 14],
        ['BTW-nr: NL0O4495445BO1', 50, 70],
        ['IBAN: NL91 ABNA O417 I643 OO', 50, 82],
        ['Totaal 10,00', 300, 300],
      ];

      const result = extractInvoiceFields(scanned(page, 0.9), { source: 'ocr' });

      expect(result.supplier.vatNumber?.value).toBe('NL004495445B01');
      expect(result.supplier.iban?.value).toBe('NL91ABNA0417164300');
    });

    it('reads a Belgian VAT number printed without its country code after a VAT label', () => {
      const page: Page = [
        ['Garage Peeters BV', 50, 50, 14],
        ['BTW 0477.472.701 - RPR Antwerpen', 50, 70],
        ['Totaal 10,00', 300, 300],
      ];

      expect(read(page).supplier.vatNumber?.value).toBe('BE0477472701');
    });
  });

  describe('with the administration’s own identifiers as hints', () => {
    // A purchase invoice whose customer block has no label: only the hints tell it apart.
    const unlabelled: Page = [
      ['Bakkerij Jansen', 50, 60, 16],
      ['Dorpsstraat 1', 50, 76],
      ['1234 AB Amsterdam', 50, 88],
      ['BTW NL123456782B01', 50, 100],
      ['Drukkerij Bos', 330, 160, 12],
      ['Kerkstraat 8', 330, 174],
      ['8011 AB Zwolle', 330, 186],
      ['BTW NL004495445B01', 330, 198],
      ['IBAN NL91 ABNA 0417 1643 00', 330, 210],
      ['FACTUUR', 50, 260, 16],
      ['Factuurnummer: 2025-77', 50, 290],
      ['Totaal 121,00', 300, 400],
    ];
    const hints = { ownVatNumbers: ['NL123456782B01'], ownNames: ['Bakkerij Jansen B.V.'], country: 'NL' as const };

    it('does not take the administration’s name and VAT number for the supplier’s', () => {
      const result = read(unlabelled, hints);

      expect(result.supplier.name?.value).toBe('Drukkerij Bos');
      expect(result.supplier.vatNumber?.value).toBe(dutch.vat);
      expect(result.customer.vatNumber?.value).toBe('NL123456782B01');
    });

    it('does not take the administration’s IBAN for the supplier’s when a direct debit names it', () => {
      const page: Page = [
        ...dutchInvoice(),
        ['Het bedrag wordt geïncasseerd van uw rekening NL20 INGB 0001 2345 67.', 50, 640, 8],
      ];

      const result = read(page, { ownIbans: [dutch.customerIban] });

      expect(result.supplier.iban?.value).toBe(dutch.iban);
    });

    it('keeps the administration as the supplier on its own sales invoice', () => {
      const result = read(dutchInvoice(), { ownVatNumbers: [dutch.vat], ownNames: [dutch.supplier] });

      expect(result.supplier.name?.value).toBe(dutch.supplier);
      expect(result.supplier.vatNumber?.value).toBe(dutch.vat);
      expect(result.customer.vatNumber?.value).toBe(dutch.customerVat);
    });
  });

  describe('on text OCR garbled', () => {
    const ocr = (page: Page) => extractInvoiceFields(scanned(page, 0.85), { source: 'ocr' });

    it.each([
      ['Factuurhummer:', 'a letter misread'],
      ['Factuumummer:', '"rn" read as "m"'],
      ['Factuurnummer ......a.:', 'a letter in the dots of a leader line'],
    ])('reads the invoice number after %s (%s)', (label) => {
      const unnumbered = totalsOnly('121,00').filter(([text]) => !text.startsWith('Factuurnummer'));
      const page: Page = [...unnumbered, [`${label} F2025-0042`, 50, 142]];

      expect(ocr(page).invoiceNumber?.value).toBe('F2025-0042');
    });

    it('recovers a VAT amount whose decimal comma was lost from the totals arithmetic', () => {
      const result = ocr(totalsOnly('€7,33', '€6,06', '€127'));

      expect(result.totals).toMatchObject({ net: { value: 6_06 }, vat: { value: 1_27 }, gross: { value: 7_33 } });
    });

    it('reads a month name one letter off and a day run into its month', () => {
      const page: Page = [
        ...totalsOnly('121,00'),
        ['Factuurdatum: 25 miei 2025', 50, 142],
        ['Vervaldatum: 8juni 2025', 50, 154],
      ];

      const result = ocr(page);

      expect(result.invoiceDate?.value).toBe('2025-05-25');
      expect(result.dueDate?.value).toBe('2025-06-08');
    });

    it('joins an IBAN broken over two lines', () => {
      const page: Page = [
        ...totalsOnly('121,00'),
        ['Gelieve het bedrag over te maken op NL91', 50, 600],
        ['ABNA 0417 1643 00 o.v.v. het factuurnummer.', 50, 611],
      ];

      expect(ocr(page).supplier.iban?.value).toBe(dutch.iban);
    });

    it('derives the invoice date from the due date and the payment term when it is unreadable', () => {
      const page: Page = [
        ...totalsOnly('121,00'),
        ['Factuurdatum: 23 et 2024', 50, 142],
        ['Vervaldag: 7 juni 2024', 50, 154],
        ['Te betalen binnen 14 dagen, ten laatste op 7 juni 2024.', 50, 600],
      ];

      const result = ocr(page);

      expect(result.invoiceDate?.value).toBe('2024-05-24');
      expect(result.invoiceDate?.confidence).toBeLessThan(0.8);
    });
  });

  it('gives OCR-read fields a lower confidence than the same text from a PDF', () => {
    const text = read(dutchInvoice());
    const ocr = extractInvoiceFields(scanned(dutchInvoice(), 0.8), { source: 'ocr' });

    expect(ocr.source).toBe('ocr');
    expect(ocr.invoiceNumber?.value).toBe(text.invoiceNumber?.value);
    expect(ocr.invoiceNumber?.confidence).toBeLessThan(text.invoiceNumber?.confidence ?? 0);
    expect(ocr.supplier.name?.confidence).toBeLessThan(text.supplier.name?.confidence ?? 0);
  });

  it('reads an empty page as an unknown document and says what is missing', () => {
    const result = extractInvoiceFields([{ pageNumber: 1, width: 595, height: 842, lines: [] }], { source: 'ocr' });

    expect(result.documentType).toEqual({ value: 'unknown', confidence: 0.2 });
    expect(result.issues.map((issue) => issue.field)).toEqual(
      expect.arrayContaining(['totals.gross', 'invoiceNumber', 'invoiceDate', 'supplier.name']),
    );
  });
});
