import { validateInvoice } from '#packages/peppol';
import { type Figure, percentile } from '../helpers/figures.ts';
import { type InvoiceSpec, invoiceXml } from '../unit/packages/peppol/invoice-builder.ts';

/** A valid Peppol BIS 3.0 invoice with `lines` standard-rated lines of 2 × 12.50. */
function invoiceWith(lines: number): string {
  const cents = (n: number) => (n / 100).toFixed(2);
  const net = lines * 2500;
  const vat = Math.round(net * 0.21);
  const spec: InvoiceSpec = {
    id: `BENCH-${lines}`,
    lines: Array.from({ length: lines }, () => ({ quantity: '2', net: '25.00', price: '12.50', percent: '21' })),
    breakdown: [{ category: 'S', percent: '21', taxable: cents(net), tax: cents(vat) }],
    totals: {
      lineExtension: cents(net),
      taxExclusive: cents(net),
      taxInclusive: cents(net + vat),
      payable: cents(net + vat),
      vat: cents(vat),
    },
  };
  return invoiceXml(spec);
}

function medianMs(xml: string, runs: number): number {
  for (let i = 0; i < Math.min(3, runs); i++) validateInvoice(xml);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    validateInvoice(xml);
    times.push(performance.now() - started);
  }
  return percentile(
    times.sort((a, b) => a - b),
    50,
  );
}

/** `npm run bench -- peppol`: validation time (EN 16931 and Peppol BIS rules) by invoice size. */
export async function run(): Promise<Figure[]> {
  const sizes: [lines: number, runs: number, target?: string][] = [
    [1, 200, '< 5'],
    [100, 100],
    [1_000, 20],
    [5_000, 7, '< 1000'],
  ];
  const p50 = new Map<number, number>();
  for (const [lines] of sizes) {
    const report = validateInvoice(invoiceWith(lines));
    if (!report.valid || report.findings.length > 0) {
      throw new Error(`The ${lines}-line bench invoice is not clean: ${report.findings.map((f) => f.id).join(', ')}`);
    }
  }
  for (const [lines, runs] of sizes) p50.set(lines, medianMs(invoiceWith(lines), runs));
  const perLine = (lines: number) => (p50.get(lines) ?? Number.NaN) / lines;
  return [
    ...sizes.map(
      ([lines, , target]): Figure => ({
        name: `validate ${lines.toLocaleString('en')}-line invoice p50`,
        value: p50.get(lines) ?? Number.NaN,
        unit: 'ms',
        ...(target ? { target } : {}),
      }),
    ),
    {
      name: 'time per line at 5 000 / at 1 000 lines',
      value: perLine(5_000) / perLine(1_000),
      unit: 'ratio',
      target: '< 1.5',
    },
  ];
}
