import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import {
  isValidBelgianEnterpriseNumber,
  isValidBelgianStructuredReference,
  isValidDutchPaymentReference,
  isValidIban,
  isValidKvkNumber,
  isValidVatNumber,
  vatOf,
} from '#packages/kernel';
import { readStructuredInvoice } from '#packages/recognition';
import {
  formatAmount,
  formatDate,
  generateInvoiceSpec,
  groundTruthOf,
  type InvoiceSpec,
  layoutIds,
  layouts,
  renderCii,
  renderFacturX,
  renderScan,
  renderTextPdf,
  renderUbl,
} from '../../helpers/invoices/index.ts';

const seeds = Array.from({ length: 200 }, (_, i) => 7_000 + i);
const specs = seeds.map((seed) => generateInvoiceSpec(seed));

async function pdfText(bytes: Uint8Array): Promise<{ pages: number; text: string }> {
  const document = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  try {
    const parts: string[] = [];
    for (let n = 1; n <= document.numPages; n++) {
      const content = await (await document.getPage(n)).getTextContent();
      parts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
    }
    return { pages: document.numPages, text: parts.join('\n') };
  } finally {
    await document.destroy();
  }
}

function expectReadBack(spec: InvoiceSpec, xml: string) {
  const result = readStructuredInvoice(xml);
  const truth = groundTruthOf(spec);
  expect(result.issues).toEqual([]);
  expect(result.documentType.value).toBe(truth.documentType);
  expect(result.invoiceNumber?.value).toBe(truth.invoiceNumber);
  expect(result.invoiceDate?.value).toBe(truth.invoiceDate);
  expect(result.dueDate?.value).toBe(truth.dueDate);
  expect(result.currency?.value).toBe('EUR');
  expect(result.supplier.name?.value).toBe(truth.supplierName);
  expect(result.supplier.vatNumber?.value).toBe(truth.supplierVatNumber);
  expect(result.supplier.companyNumber?.value).toBe(truth.supplierCompanyNumber);
  expect(result.supplier.iban?.value).toBe(truth.supplierIban);
  expect(result.customer.vatNumber?.value).toBe(spec.customer.vatNumber);
  expect(result.paymentReference?.value).toBe(truth.paymentReference);
  expect(result.totals).toEqual({
    net: { value: truth.net, confidence: 1 },
    vat: { value: truth.vat, confidence: 1 },
    gross: { value: truth.gross, confidence: 1 },
  });
  expect(result.lines).toHaveLength(spec.lines.length);
}

describe('generateInvoiceSpec', () => {
  it('gives the same spec for the same seed and a different one for another seed', () => {
    expect(generateInvoiceSpec(42)).toEqual(generateInvoiceSpec(42));
    expect(generateInvoiceSpec(42)).not.toEqual(generateInvoiceSpec(43));
  });

  it('adds lines up to the VAT per rate and the totals in exact cents', () => {
    for (const spec of specs) {
      for (const line of spec.lines) {
        expect(line.net).toBe(Math.round((line.unitPrice * line.quantityHundredths) / 100));
      }
      for (const subtotal of spec.vatBreakdown) {
        const base = spec.lines
          .filter((l) => l.vatRateBasisPoints === subtotal.rateBasisPoints)
          .reduce((s, l) => s + l.net, 0);
        expect(subtotal.base).toBe(base);
        expect(subtotal.vat).toBe(vatOf(base, subtotal.rateBasisPoints));
      }
      expect(spec.totals.net).toBe(spec.lines.reduce((s, l) => s + l.net, 0));
      expect(spec.totals.vat).toBe(spec.vatBreakdown.reduce((s, b) => s + b.vat, 0));
      expect(spec.totals.gross).toBe(spec.totals.net + spec.totals.vat);
    }
  });

  it('uses only the VAT rates of the supplier country, and 0 % when the VAT is reverse charged', () => {
    for (const spec of specs) {
      const allowed = spec.reverseCharge ? [0] : spec.supplier.country === 'NL' ? [2100, 900, 0] : [2100, 1200, 600, 0];
      for (const line of spec.lines) expect(allowed).toContain(line.vatRateBasisPoints);
    }
  });

  it('gives supplier and customer VAT numbers, company numbers and IBANs with valid check digits', () => {
    for (const spec of specs) {
      for (const party of [spec.supplier, spec.customer]) {
        expect(isValidVatNumber(party.country, party.vatNumber), party.vatNumber).toBe(true);
        expect(isValidIban(party.iban), party.iban).toBe(true);
        expect(party.iban.slice(0, 2)).toBe(party.country);
        const company =
          party.country === 'NL'
            ? isValidKvkNumber(party.companyNumber)
            : isValidBelgianEnterpriseNumber(party.companyNumber) && party.vatNumber === `BE${party.companyNumber}`;
        expect(company, party.companyNumber).toBe(true);
      }
      expect(spec.customer.vatNumber).not.toBe(spec.supplier.vatNumber);
    }
  });

  it('gives Dutch suppliers a valid betalingskenmerk and Belgian ones a valid structured communication', () => {
    const withReference = specs.filter((s) => s.paymentReference !== undefined);
    expect(withReference.length).toBeGreaterThan(50);
    for (const spec of withReference) {
      const reference = spec.paymentReference as string;
      if (spec.supplier.country === 'NL') expect(isValidDutchPaymentReference(reference), reference).toBe(true);
      else {
        expect(reference).toMatch(/^\+{3}\d{3}\/\d{4}\/\d{5}\+{3}$/);
        expect(isValidBelgianStructuredReference(reference), reference).toBe(true);
      }
    }
  });

  it('makes credit notes, cross-border reverse-charge invoices and long multi-page line lists', () => {
    expect(specs.some((s) => s.documentType === 'credit-note')).toBe(true);
    expect(specs.some((s) => s.reverseCharge)).toBe(true);
    expect(specs.some((s) => s.lines.length > 25)).toBe(true);
    expect(specs.every((s) => s.documentType === 'credit-note' || s.dueDate! > s.invoiceDate)).toBe(true);
  });
});

describe('format', () => {
  it('prints dates and amounts in the styles real invoices use', () => {
    expect(formatDate('2025-01-03', 'dd-mm-yyyy', 'nl')).toBe('03-01-2025');
    expect(formatDate('2025-01-03', 'd month yyyy', 'nl')).toBe('3 januari 2025');
    expect(formatDate('2025-01-03', 'dd/mm/yyyy', 'fr-BE')).toBe('03/01/2025');
    expect(formatDate('2025-01-03', 'yyyy-mm-dd', 'en')).toBe('2025-01-03');
    expect(formatAmount(123456, 'nl')).toBe('1.234,56');
    expect(formatAmount(123456, 'nl-euro')).toBe('€ 1.234,56');
    expect(formatAmount(123456, 'eur-dot')).toBe('EUR 1234.56');
    expect(formatAmount(5, 'euro-after')).toBe('0,05 €');
  });
});

describe('renderTextPdf', () => {
  it('draws every layout as a PDF that pdfjs opens and that holds the invoice number, IBAN and total', async () => {
    for (const [i, id] of layoutIds.entries()) {
      const layout = layouts[id];
      const country = layout.countries[i % layout.countries.length] ?? 'NL';
      const spec = generateInvoiceSpec(100 + i, { country, language: layout.languageOf(country), maxLines: 5 });

      const { pages, text } = await pdfText(await renderTextPdf(spec, id));

      expect(pages, id).toBe(1);
      expect(text, id).toContain(spec.invoiceNumber);
      expect(text.replace(/\s/g, ''), id).toContain(spec.supplier.iban);
      const gross = formatAmount(spec.totals.gross, layout.amountStyle);
      expect(text, id).toContain(gross);
    }
  });

  it('continues a long line list on further pages, with the totals on the last', async () => {
    const spec = generateInvoiceSpec(5, { country: 'NL', language: 'nl', minLines: 40 });

    const { pages, text } = await pdfText(await renderTextPdf(spec, 'nl-classic'));

    expect(pages).toBeGreaterThan(1);
    expect(text).toContain(`Pagina ${pages} van ${pages}`);
    const last = text.split('\n').at(-1) ?? '';
    expect(last).toContain(formatAmount(spec.totals.gross, 'nl-euro'));
  });
});

describe('renderUbl', () => {
  it('writes well-formed UBL that the structured reader reads back to the spec, bare or in an SBDH', () => {
    for (const spec of specs.slice(0, 40)) {
      expectReadBack(spec, renderUbl(spec));
    }
    const credit = specs.find((s) => s.documentType === 'credit-note') as InvoiceSpec;
    const xml = renderUbl(credit, { sbdh: true });
    expect(xml).toContain('<CreditNote ');
    expectReadBack(credit, xml);
  });

  it('escapes names that contain XML special characters', () => {
    const spec = specs.find((s) => s.supplier.name.includes('&')) as InvoiceSpec;
    expect(spec).toBeDefined();
    expect(renderUbl(spec)).toContain('&amp;');
    expectReadBack(spec, renderUbl(spec));
  });
});

describe('renderFacturX', () => {
  it('attaches a CII factur-x.xml that the structured reader reads back to the spec', async () => {
    const spec = generateInvoiceSpec(11, { country: 'BE', language: 'fr-BE' });
    expectReadBack(spec, renderCii(spec));

    const pdf = await renderFacturX(spec, 'be-fr');

    const { text } = await pdfText(pdf);
    expect(text).toContain(spec.invoiceNumber);
    const document = await getDocument({ data: pdf.slice(), verbosity: 0 }).promise;
    const attachments = (await document.getAttachments()) as Record<string, { filename: string; content: Uint8Array }>;
    await document.destroy();
    const attached = Object.values(attachments ?? {}).find((a) => a.filename === 'factur-x.xml');
    expect(attached).toBeDefined();
    expectReadBack(spec, Buffer.from(attached?.content ?? []).toString('utf8'));
  });
});

describe('renderScan', () => {
  it('turns page 1 into a noisy, slightly rotated JPEG, PNG or image-only PDF, the same for the same seed', async () => {
    const spec = generateInvoiceSpec(3, { country: 'NL', language: 'nl', maxLines: 4 });
    const pdf = await renderTextPdf(spec, 'nl-classic');

    const jpeg = await renderScan(pdf, { seed: 1, format: 'jpeg', dpi: 100 });
    const again = await renderScan(pdf, { seed: 1, format: 'jpeg', dpi: 100 });
    const png = await renderScan(pdf, { seed: 2, format: 'png', dpi: 100 });
    const scannedPdf = await renderScan(pdf, { seed: 3, format: 'pdf', dpi: 100 });

    expect([...jpeg.bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(Buffer.from(jpeg.bytes).equals(Buffer.from(again.bytes))).toBe(true);
    expect(Math.abs(jpeg.rotation)).toBeLessThanOrEqual(1);
    expect(Buffer.from(png.bytes.subarray(1, 4)).toString('latin1')).toBe('PNG');
    const { pages, text } = await pdfText(scannedPdf.bytes);
    expect(pages).toBe(1);
    expect(text.trim()).toBe('');
  });
});
