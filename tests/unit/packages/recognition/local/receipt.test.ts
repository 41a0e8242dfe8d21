import { describe, expect, it } from 'vitest';
import { extractInvoiceFields, type PageText } from '#packages/recognition';
import { completeReceipt, receiptDate, receiptTotal } from '../../../../../packages/recognition/local/receipt.ts';
import { pageText } from './documents.ts';

/** A till roll as OCR reads it: one text line per row, 80 mm wide. */
function roll(rows: readonly string[]): PageText {
  const page = pageText(rows.map((text, i) => [text, 10, 40 + i * 14] as const));
  return { ...page, width: 226, height: 60 + rows.length * 14 };
}
const lines = (rows: readonly string[]) => roll(rows).lines;

describe('receiptTotal', () => {
  it('reads the amount after "zu zahlen", not the cash handed over nor the change', () => {
    const total = receiptTotal(
      lines(['BIO HONIG 3,69', 'KIWI 1,49', 'ZU ZAHLEN EURO 24,23', 'BARGELD 40,00', 'ZURÜCK 15,77']),
    );

    expect(total?.cents).toBe(24_23);
  });

  it('reads an amount whose separator OCR split with a space ("48. 77")', () => {
    expect(receiptTotal(lines(['Holzstiel 15.19', 'SUMME EUR 48. 77 *', 'GEGEBEN Mastercard 48. 71']))?.cents).toBe(
      48_77,
    );
  });

  it('takes cash given less change when no total line was read', () => {
    expect(receiptTotal(lines(['Emmentaler 5,18', 'Bar 10,00', 'Rückgeld -2,84']))?.cents).toBe(7_16);
  });

  it('never takes a VAT line, a net amount or a percentage for the total', () => {
    expect(receiptTotal(lines(['MWST Netto MWST-BETRAG', '19,00% 4,78 0,91 5,69', 'Netto 4,78']))).toBeUndefined();
  });

  it('reads "Totaal" and "Te betalen" on Dutch receipts', () => {
    expect(receiptTotal(lines(['Koffie 3,20', 'Totaal 12,80', 'Pin 12,80']))?.cents).toBe(12_80);
  });
});

describe('receiptDate', () => {
  it('reads the date printed beside the time, with OCR’s stray spaces', () => {
    expect(receiptDate(lines(['Datum: 04. 04. 2020', 'Uhrzeit: 13:43:58 Uhr']))?.value).toBe('2020-04-04');
    expect(receiptDate(lines(['10(18107 8746 ) 09:48 02.03.2020']))?.value).toBe('2020-03-02');
  });

  it('reads a two-digit year as this century and skips dates that cannot be', () => {
    expect(receiptDate(lines(['31.02.2020', '13.04.20 09:53 0000545']))?.value).toBe('2020-04-13');
  });
});

describe('completeReceipt', () => {
  it('gives an OCR’d till receipt its total and date with a confidence too low to book unseen', () => {
    const page = roll([
      'DELPHIN APOTHEKE',
      'Kassenbon Nr: 1505289010',
      '2 * Atemschutzmaske 19,90',
      'Typ Netto MwSt Brutto',
      '19% 16,72 3,18 19,90',
      'gegeben Kreditkarte EUR 19,90',
      '23.04.2020 09:59 KAS002',
    ]);

    const result = completeReceipt(extractInvoiceFields([page], { source: 'ocr' }), [page]);

    expect(result.totals.gross).toMatchObject({ value: 19_90 });
    expect(result.invoiceDate).toMatchObject({ value: '2020-04-23' });
    expect(result.totals.gross?.confidence).toBeLessThan(0.9);
  });
});
