import { describe, expect, it } from 'vitest';
import { corporaFolder, ublExpectation } from '../../eval/recognition/corpora.ts';
import { matches } from '../../eval/recognition/score.ts';
import { generateInvoiceSpec, groundTruthOf, renderUbl } from '../../helpers/invoices/index.ts';

describe('matches', () => {
  it('compares identifiers compacted and upper-cased, names without case, spaces or dots', () => {
    expect(matches('supplierVatNumber', 'BE0403170701', 'be 0403.170.701', 'invoice')).toBe(true);
    expect(matches('supplierIban', 'NL91ABNA0417164300', 'NL91 ABNA 0417 1643 00', 'invoice')).toBe(true);
    expect(matches('supplierCompanyNumber', '0403170701', 'BE 0403.170.701', 'invoice')).toBe(true);
    expect(matches('supplierName', 'Bakkerij Jansen B.V.', 'BAKKERIJ JANSEN BV', 'invoice')).toBe(true);
    expect(matches('supplierName', 'Bakkerij Jansen B.V.', 'Jansen B.V.', 'invoice')).toBe(false);
  });

  it('reads a structured communication by its digits and compares dates and cents exactly', () => {
    expect(matches('paymentReference', '+++090/9337/55493+++', '090933755493', 'invoice')).toBe(true);
    expect(matches('paymentReference', '5000056789012345', '5000 0567 8901 2345', 'invoice')).toBe(true);
    expect(matches('invoiceDate', '2025-01-03', '2025-01-03', 'invoice')).toBe(true);
    expect(matches('invoiceDate', '2025-01-03', '2025-03-01', 'invoice')).toBe(false);
    expect(matches('gross', 123456, 123455, 'invoice')).toBe(false);
  });

  it('takes credit-note amounts in either sign, invoice amounts only as stated', () => {
    expect(matches('gross', 48400, -48400, 'credit-note')).toBe(true);
    expect(matches('gross', -48400, 48400, 'credit-note')).toBe(true);
    expect(matches('gross', 48400, -48400, 'invoice')).toBe(false);
  });

  it('wants an absent value absent: an invented due date or reference is wrong', () => {
    expect(matches('dueDate', undefined, undefined, 'credit-note')).toBe(true);
    expect(matches('paymentReference', undefined, '2025-0042', 'invoice')).toBe(false);
    expect(matches('vat', 0, undefined, 'invoice')).toBe(false);
  });
});

describe('shared corpora', () => {
  it('are reported missing when ../shared/corpora does not exist', async () => {
    expect(await corporaFolder('/nonexistent/project')).toBeUndefined();
  });

  it('read a UBL invoice into its expected header fields: number, dates, parties, identifiers and totals', () => {
    const spec = generateInvoiceSpec(77, { documentType: 'invoice' });
    const truth = groundTruthOf(spec);

    const expectation = ublExpectation(renderUbl(spec));

    expect(expectation?.documentType).toBe('invoice');
    expect(Object.fromEntries(expectation?.fields.map((f) => [f.field, f.value]) ?? [])).toEqual({
      invoiceNumber: truth.invoiceNumber,
      invoiceDate: truth.invoiceDate,
      dueDate: truth.dueDate,
      currency: truth.currency,
      supplierName: truth.supplierName,
      supplierVatNumber: truth.supplierVatNumber,
      supplierCompanyNumber: truth.supplierCompanyNumber,
      supplierIban: truth.supplierIban,
      paymentReference: truth.paymentReference,
      customerName: spec.customer.name,
      net: truth.net,
      vat: truth.vat,
      gross: truth.gross,
    });
  });
});
