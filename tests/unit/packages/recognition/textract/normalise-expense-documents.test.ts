import { describe, expect, it } from 'vitest';
import {
  type ExpenseDocument,
  type ExpenseField,
  normaliseExpenseDocuments,
  RecognitionResult,
} from '#packages/recognition';
import {
  belgianInvoice,
  dutchInvoice,
  newFormatReceipt,
  summaryField,
  twoPageJob,
} from '../../../../helpers/textract-responses.ts';

/** A summary field as Textract reports it, confidences in percent. */
function field(
  type: string,
  value: string,
  extra: { label?: string; confidence?: number; group?: string; currency?: string } = {},
): ExpenseField {
  return summaryField(type, extra.label, value, extra.confidence ?? 99, {
    typeConfidence: extra.confidence ?? 99,
    ...(extra.group ? { group: [extra.group, 'g1'] } : {}),
    ...(extra.currency ? { currency: extra.currency } : {}),
  });
}

/** The expense documents of every page of the built two-page job, in order. */
function twoPageDocuments(): ExpenseDocument[] {
  return twoPageJob().flatMap((page) => page.ExpenseDocuments ?? []);
}

describe('normaliseExpenseDocuments', () => {
  describe('on a Dutch invoice in the older response format (no groups, no currency codes)', () => {
    const result = normaliseExpenseDocuments([dutchInvoice()]);

    it('returns a valid recognition result from Textract', () => {
      expect(RecognitionResult.safeParse(result).success).toBe(true);
      expect(result.source).toBe('textract');
    });

    it('reads the supplier with min(label, value) confidences and checked identifiers', () => {
      expect(result.supplier).toEqual({
        name: { value: 'Installatiebedrijf Van Dijk B.V.', confidence: 0.986 },
        vatNumber: { value: 'NL004495445B01', confidence: 0.954 },
        companyNumber: { value: '12345678', confidence: 0.942 },
        iban: { value: 'NL91ABNA0417164300', confidence: 0.938 },
        countryCode: { value: 'NL', confidence: 0.954 },
      });
      expect(result.customer).toEqual({ name: { value: 'Jansen Bouw B.V.', confidence: 0.918 } });
    });

    it('reads number, day-first dates, the euro sign and totals in cents', () => {
      expect(result.invoiceNumber).toEqual({ value: '2024-0457', confidence: 0.989 });
      expect(result.invoiceDate).toEqual({ value: '2024-01-15', confidence: 0.987 });
      expect(result.dueDate).toEqual({ value: '2024-02-14', confidence: 0.975 });
      expect(result.currency).toEqual({ value: 'EUR', confidence: 0.992 });
      expect(result.totals).toEqual({
        net: { value: 125_000, confidence: 0.992 },
        vat: { value: 26_250, confidence: 0.976 },
        gross: { value: 151_250, confidence: 0.984 },
      });
      expect(result.vatBreakdown).toEqual([{ rateBasisPoints: 2100, base: 125_000, vat: 26_250 }]);
      expect(result.issues).toEqual([]);
    });

    it('classifies it as an invoice and joins multi-line item descriptions', () => {
      expect(result.documentType).toEqual({ value: 'invoice', confidence: 0.975 });
      expect(result.lines).toEqual([
        { description: 'Montage zonnepanelen', quantity: '8', unitPrice: 12_500, net: 100_000 },
        { description: 'Omvormer SMA Sunny Boy 3.6', quantity: '1', unitPrice: 25_000, net: 25_000 },
      ]);
    });
  });

  describe('on a Belgian invoice in the newer format (groups, currency codes, two VAT rates)', () => {
    const result = normaliseExpenseDocuments([belgianInvoice()]);

    it('returns a valid recognition result without issues', () => {
      expect(RecognitionResult.safeParse(result).success).toBe(true);
      expect(result.issues).toEqual([]);
    });

    it('tells the VENDOR from the RECEIVER group and their VAT numbers apart', () => {
      expect(result.supplier).toEqual({
        name: { value: 'Boulangerie Dupont SRL', confidence: 0.991 },
        vatNumber: { value: 'BE0403170701', confidence: 0.962 },
        companyNumber: { value: '0403170701', confidence: 0.962 },
        iban: { value: 'BE68539007547034', confidence: 0.947 },
        countryCode: { value: 'BE', confidence: 0.962 },
      });
      expect(result.customer).toEqual({
        name: { value: 'Café du Parc SC', confidence: 0.977 },
        vatNumber: { value: 'BE0417497106', confidence: 0.925 },
      });
    });

    it('reads French month names, the structured communication and the currency code', () => {
      expect(result.invoiceNumber?.value).toBe('2024/0312');
      expect(result.invoiceDate?.value).toBe('2024-03-12');
      expect(result.dueDate?.value).toBe('2024-04-11');
      expect(result.paymentReference).toEqual({ value: '+++090/9337/55493+++', confidence: 0.951 });
      expect(result.currency).toEqual({ value: 'EUR', confidence: 0.994 });
      expect(result.documentType.value).toBe('invoice');
    });

    it('reads VAT per rate with the base worked back from the rate', () => {
      expect(result.totals).toMatchObject({
        net: { value: 110_000 },
        vat: { value: 15_600, confidence: 0.981 },
        gross: { value: 125_600 },
      });
      expect(result.vatBreakdown).toEqual([
        { rateBasisPoints: 600, base: 50_000, vat: 3_000 },
        { rateBasisPoints: 2100, base: 60_000, vat: 12_600 },
      ]);
      expect(result.lines.map((l) => l.net)).toEqual([50_000, 60_000]);
    });
  });

  describe('on a till receipt in the newer format', () => {
    const result = normaliseExpenseDocuments([newFormatReceipt()]);

    it('returns a valid recognition result without issues', () => {
      expect(RecognitionResult.safeParse(result).success).toBe(true);
      expect(result.issues).toEqual([]);
    });

    it('takes the most confident VENDOR name, cleaned, and the currency code', () => {
      expect(result.supplier.name).toEqual({ value: 'SUPERMARKT DE HOEK', confidence: 0.992 });
      expect(result.supplier.countryCode).toBeUndefined();
      expect(result.currency).toEqual({ value: 'EUR', confidence: 0.996 });
    });

    it('reads receipt number, the date before the time, and VAT per rate without a net total', () => {
      expect(result.invoiceNumber).toEqual({ value: '4711', confidence: 0.952 });
      expect(result.invoiceDate?.value).toBe('2023-12-07');
      expect(result.dueDate).toBeUndefined();
      expect(result.totals).toEqual({
        net: undefined,
        vat: { value: 269, confidence: 0.97 },
        gross: { value: 2_166, confidence: 0.996 },
      });
      expect(result.vatBreakdown).toEqual([
        { rateBasisPoints: 900, base: 1_067, vat: 96 },
        { rateBasisPoints: 2100, base: 824, vat: 173 },
      ]);
    });

    it('classifies a receipt without due date or IBAN as a receipt', () => {
      expect(result.documentType).toEqual({ value: 'receipt', confidence: 0.996 });
    });

    it('reads line prices that carry a trailing VAT-class letter', () => {
      expect(result.lines.map((l) => l.description)).toEqual([
        'MELK HALFVOL',
        'BROOD VOLKOREN',
        'KOFFIEBONEN',
        'WASMIDDEL',
      ]);
      expect(result.lines.map((l) => l.net)).toEqual([119, 249, 799, 999]);
    });
  });

  describe('on a two-page asynchronous result', () => {
    const result = normaliseExpenseDocuments(twoPageDocuments());

    it('merges both pages into one invoice', () => {
      expect(RecognitionResult.safeParse(result).success).toBe(true);
      expect(result.documentType).toEqual({ value: 'invoice', confidence: 0.974 });
      expect(result.invoiceNumber).toEqual({ value: '2024-0042', confidence: 0.99 });
      expect(result.invoiceDate?.value).toBe('2024-02-01');
      expect(result.dueDate?.value).toBe('2024-03-02');
      expect(result.supplier.iban?.value).toBe('NL20INGB0001234567');
      expect(result.supplier.vatNumber?.value).toBe('NL123456782B01');
      expect(result.totals).toMatchObject({
        net: { value: 240_000 },
        vat: { value: 50_400 },
        gross: { value: 290_400 },
      });
      expect(result.issues).toEqual([]);
    });

    it('cleans the OCR vendor name and skips the "t.a.v." contact as customer', () => {
      expect(result.supplier.name).toEqual({ value: 'Adviesbureau Noord B.V.', confidence: 0.934 });
      expect(result.customer.name).toEqual({ value: 'Waterschap Oost', confidence: 0.958 });
    });

    it('follows the lines of page one with those of page two, with decimal quantities', () => {
      expect(result.lines).toHaveLength(5);
      expect(result.lines[0]).toEqual({
        description: 'Adviesuren februari',
        quantity: '12,5',
        unitPrice: 9_500,
        net: 118_750,
      });
      expect(result.lines[3]).toEqual({ description: 'Workshop projectteam', quantity: '1', net: 60_000 });
      expect(result.lines.reduce((sum, l) => sum + (l.net ?? 0), 0)).toBe(240_000);
    });
  });

  describe('on a Dutch and a Belgian invoice', () => {
    it('reads a Dutch invoice with euro amounts, day-first dates, VAT number and IBAN', () => {
      const result = normaliseExpenseDocuments([
        {
          SummaryFields: [
            field('VENDOR_NAME', 'Bakkerij De Korrel B.V.', { confidence: 95 }),
            field('INVOICE_RECEIPT_ID', 'F2024-0113', { label: 'Factuurnummer' }),
            field('INVOICE_RECEIPT_DATE', '03-04-2024', { label: 'Factuurdatum' }),
            field('PAYMENT_TERMS', 'Betaling binnen 30 dagen', { label: 'Betalingstermijn' }),
            field('OTHER', 'NL91 ABNA 0417 1643 00', { label: 'IBAN' }),
            field('VENDOR_VAT_NUMBER', 'NL004495445B01', { label: 'Btw-nr.', confidence: 90 }),
            field('OTHER', '12345678', { label: 'KvK' }),
            field('SUBTOTAL', '€ 1.000,00', { label: 'Subtotaal' }),
            field('TAX', '€ 210,00', { label: 'BTW 21%' }),
            field('TOTAL', '€ 1.210,00', { label: 'Totaal' }),
          ],
        },
      ]);
      expect(result.documentType.value).toBe('invoice');
      expect(result.supplier).toEqual({
        name: { value: 'Bakkerij De Korrel B.V.', confidence: 0.95 },
        vatNumber: { value: 'NL004495445B01', confidence: 0.9 },
        companyNumber: { value: '12345678', confidence: 0.99 },
        iban: { value: 'NL91ABNA0417164300', confidence: 0.99 },
        countryCode: { value: 'NL', confidence: 0.9 },
      });
      expect(result.invoiceNumber?.value).toBe('F2024-0113');
      expect(result.invoiceDate?.value).toBe('2024-04-03');
      expect(result.dueDate?.value).toBe('2024-05-03');
      expect(result.currency?.value).toBe('EUR');
      expect(result.totals).toMatchObject({
        net: { value: 100_000 },
        vat: { value: 21_000 },
        gross: { value: 121_000 },
      });
      expect(result.vatBreakdown).toEqual([{ rateBasisPoints: 2100, base: 100_000, vat: 21_000 }]);
      expect(result.issues).toEqual([]);
    });

    it('reads a Belgian invoice with two VAT rates, a French date and a structured communication', () => {
      const result = normaliseExpenseDocuments([
        {
          SummaryFields: [
            field('NAME', 'Brasserie Le Coq SRL', { group: 'VENDOR' }),
            field('NAME', 'Klant NV', { group: 'RECEIVER' }),
            field('OTHER', 'BE 0403.170.701', { label: 'TVA' }),
            field('INVOICE_RECEIPT_ID', 'Facture n° 2024/118'),
            field('INVOICE_RECEIPT_DATE', '1er mars 2024'),
            field('DUE_DATE', '31 mars 2024'),
            field('OTHER', '+++090/9337/55493+++', { label: 'Communication' }),
            field('OTHER', 'BE68 5390 0754 7034', { label: 'IBAN' }),
            field('TAX', '6,00', { label: 'TVA 6%', currency: 'EUR' }),
            field('TAX', '21,00', { label: 'TVA 21%', currency: 'EUR' }),
            field('TOTAL', '227,00', { currency: 'EUR' }),
          ],
        },
      ]);
      expect(result.supplier.name?.value).toBe('Brasserie Le Coq SRL');
      expect(result.supplier.vatNumber?.value).toBe('BE0403170701');
      expect(result.supplier.companyNumber?.value).toBe('0403170701');
      expect(result.supplier.iban?.value).toBe('BE68539007547034');
      expect(result.customer.name?.value).toBe('Klant NV');
      expect(result.invoiceNumber?.value).toBe('2024/118');
      expect(result.invoiceDate?.value).toBe('2024-03-01');
      expect(result.dueDate?.value).toBe('2024-03-31');
      expect(result.paymentReference?.value).toBe('+++090/9337/55493+++');
      expect(result.vatBreakdown).toEqual([
        { rateBasisPoints: 600, base: 10_000, vat: 600 },
        { rateBasisPoints: 2100, base: 10_000, vat: 2_100 },
      ]);
      expect(result.totals.vat?.value).toBe(2_700);
      expect(result.totals.gross?.value).toBe(22_700);
    });

    it('accepts no IBAN or VAT number whose check digits fail', () => {
      const result = normaliseExpenseDocuments([
        {
          SummaryFields: [
            field('OTHER', 'NL91 ABNA 0417 1643 01', { label: 'IBAN' }),
            field('OTHER', 'BE0403170702', { label: 'BTW' }),
          ],
        },
      ]);
      expect(result.supplier.iban).toBeUndefined();
      expect(result.supplier.vatNumber).toBeUndefined();
    });

    it('keeps a VAT number printed in the receiver block as the customer, not the supplier', () => {
      const result = normaliseExpenseDocuments([
        { SummaryFields: [field('RECEIVER_ADDRESS', 'Klant BV\nStraat 1\nBTW NL004495445B01')] },
      ]);
      expect(result.customer.vatNumber?.value).toBe('NL004495445B01');
      expect(result.supplier.vatNumber).toBeUndefined();
    });
  });

  describe('reports what does not add up or cannot be read', () => {
    it('reports net + VAT ≠ gross', () => {
      const result = normaliseExpenseDocuments([
        {
          SummaryFields: [field('SUBTOTAL', '100,00'), field('TAX', '21,00'), field('TOTAL', '120,00')],
        },
      ]);
      expect(result.issues).toEqual([{ field: 'totals', message: 'net 10000 + VAT 2100 ≠ gross 12000 (cents)' }]);
    });

    it('reports an unreadable total and an unreadable date', () => {
      const result = normaliseExpenseDocuments([
        { SummaryFields: [field('TOTAL', 'see overleaf'), field('INVOICE_RECEIPT_DATE', 'yesterday')] },
      ]);
      expect(result.totals.gross).toBeUndefined();
      expect(result.issues).toEqual([
        { field: 'invoice_receipt_date', message: "Cannot read 'yesterday' as a date" },
        { field: 'total', message: "Cannot read 'see overleaf' as an amount" },
      ]);
    });

    it('reports several expense documents with different invoice numbers', () => {
      const result = normaliseExpenseDocuments([
        { SummaryFields: [field('INVOICE_RECEIPT_ID', 'A-1')] },
        { SummaryFields: [field('INVOICE_RECEIPT_ID', 'B-2')] },
      ]);
      expect(result.issues).toEqual([
        {
          field: 'invoiceNumber',
          message: 'The response holds several documents with different invoice numbers: A-1, B-2',
        },
      ]);
    });

    it('returns an unknown document with no fields when Textract found nothing', () => {
      const result = normaliseExpenseDocuments([]);
      expect(result.documentType).toEqual({ value: 'unknown', confidence: 0 });
      expect(result.lines).toEqual([]);
    });
  });
});
