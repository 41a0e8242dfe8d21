import { twinApConnection } from '#functions/shared/adapters/access-point-bucket.ts';
import { type LocalApi, startLocalApi } from '#infra/local/api-server.ts';
import { devIssuer } from '#infra/local/dev-issuer.ts';
import { routes } from '#infra/wiring.ts';
import { documentIdFor, getDocument, type IntakeDocument } from '#packages/intake';
import { signApMessage, validateInvoice } from '#packages/peppol';
import { demo, updateAdministration } from '#packages/tenancy';
import { type Figure, percentile } from '../helpers/figures.ts';
import { generateInvoiceSpec } from '../helpers/invoices/index.ts';
import { startSeededTwin } from '../helpers/twin.ts';
import { peppolMessage } from '../unit/packages/peppol/ingestion/messages.ts';
import { type InvoiceSpec, invoiceXml } from '../unit/packages/peppol/invoice-builder.ts';
import { baseExampleInvoice, generatedInvoice, officialValidationMs } from './peppol-base-example.ts';

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

/** A Belgian purchase invoice to adm-samenwerken-be in its SBDH, distinct by `n`, and its sender. */
function peppolInvoice(n: number): string {
  for (let s = 9_000 + n * 7919; ; s += 1000) {
    const spec = generateInvoiceSpec(s, { country: 'BE', documentType: 'invoice', maxLines: 6 });
    if (spec.customer.country !== 'BE') continue;
    const invoice = { ...spec, invoiceNumber: `PEPPOL-BENCH-${n}`, customer: { ...spec.customer, ...ingestionOwn } };
    const scheme = invoice.supplier.country === 'BE' ? '0208' : '0106';
    return peppolMessage({
      sender: `${scheme}:${invoice.supplier.companyNumber}`,
      receiver: ingestionReceiver,
      instanceId: `peppol-bench-${n}`,
      invoice,
    });
  }
}

const ingestionAdministration = 'adm-samenwerken-be';
const ingestionReceiver = '0208:0403170701';
const ingestionOwn = { name: 'Bakkerij Jansen BV', vatNumber: 'BE0403170701' };

/**
 * Ingestion on the local twin: a signed SBDH POSTed to `/peppol/inbound` as the twin's access
 * point does, through the bucket trigger and intake to a booking proposal. Latency is one at a
 * time, from the POST to the proposal; throughput is a burst, from the first POST to the last proposal.
 */
async function ingestion(): Promise<Figure[]> {
  const firmId = demo.firm.id;
  const { twin, table, s3, tenancy } = await startSeededTwin({ queuePollMs: 5, queueVisibilityTimeoutSeconds: 30 });
  let api: LocalApi | undefined;
  try {
    const accountant = { firmId, userId: demo.users.accountant.id, userType: 'firm' as const };
    await updateAdministration(tenancy, accountant, ingestionAdministration, {
      peppolParticipantIds: [ingestionReceiver],
    });
    const issuer = await devIssuer('urn:samenwerken:bench-peppol', null);
    const local = await startLocalApi({ routes, invoke: twin.invoke, issuer, port: 0 });
    api = local;

    /** POSTs the message as the access point and returns the id its document will have. */
    const deliver = async (xml: string): Promise<string> => {
      const body = Buffer.from(xml);
      const res = await fetch(`${local.url}/peppol/inbound`, {
        method: 'POST',
        headers: {
          'content-type': 'application/xml',
          'x-ap-connection': twinApConnection.id,
          ...signApMessage(body, twinApConnection.secret, new Date()),
        },
        body,
      });
      const json = (await res.json()) as { key?: string };
      if (res.status !== 202 || !json.key) throw new Error(`/peppol/inbound answered ${res.status}`);
      return documentIdFor(json.key, ingestionAdministration, 0);
    };
    /** The document once intake is done with it (or as it was after 60 s). */
    const settled = async (id: string): Promise<IntakeDocument | undefined> => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const doc = await getDocument(table, firmId, ingestionAdministration, id);
        if (doc && doc.status !== 'received' && doc.status !== 'recognising') return doc;
        if (Date.now() > deadline) return doc;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    const proposedAt = (doc: IntakeDocument | undefined) =>
      doc?.status === 'proposed' && doc.proposalId ? Date.parse(doc.updatedAt ?? doc.receivedAt) : undefined;

    let n = 0;
    // Warm up: module loading and DynamoDB Local's JIT are not what is measured.
    for (let i = 0; i < 2; i++) await settled(await deliver(peppolInvoice(n++)));

    const serial = Array.from({ length: 10 }, () => peppolInvoice(n++));
    const latencies: number[] = [];
    let proposed = 0;
    for (const xml of serial) {
      const posted = Date.now();
      const at = proposedAt(await settled(await deliver(xml)));
      if (at === undefined) continue;
      proposed++;
      latencies.push(at - posted);
    }

    const burst = Array.from({ length: 30 }, () => peppolInvoice(n++));
    const started = Date.now();
    const results = await Promise.all(burst.map(async (xml) => settled(await deliver(xml))));
    const made = results.map(proposedAt).filter((at): at is number => at !== undefined);
    const seconds = (Math.max(started, ...made) - started) / 1000;

    return [
      {
        name: 'ingestion: POST to proposal p50 (one at a time)',
        value: percentile(
          latencies.sort((a, b) => a - b),
          50,
        ),
        unit: 'ms',
      },
      {
        name: 'ingestion: proposals made (one at a time)',
        value: proposed / serial.length,
        unit: `(${proposed}/${serial.length})`,
        target: '== 1',
      },
      {
        name: `ingestion: documents per second (burst of ${burst.length})`,
        value: made.length / seconds,
        unit: 'docs/s',
      },
      {
        name: 'ingestion: proposals made (burst)',
        value: made.length / burst.length,
        unit: `(${made.length}/${burst.length})`,
        target: '== 1',
      },
    ];
  } finally {
    await api?.close();
    s3.destroy();
    await twin.stop();
  }
}

/**
 * Invoices built from the Peppol release's `base-example.xml` (parties, a document-level charge,
 * references, an attachment reference; the project's generator when the example is not at hand)
 * with 1, 100, 1 000 and 5 000 lines: our validation time (median), the time per line as the
 * invoice grows, and the official stylesheets' time on the 1- and 100-line ones when that run is
 * wired in ({@link officialValidationMs}), as a ratio.
 */
async function baseExampleFigures(): Promise<Figure[]> {
  const source = baseExampleInvoice(1) ? 'base-example' : 'generated';
  const build = (lines: number) => baseExampleInvoice(lines) ?? generatedInvoice(lines);
  const sizes: [lines: number, runs: number, target?: string][] = [
    [1, 200, '< 2'],
    [100, 50],
    [1_000, 15],
    [5_000, 7, '< 1000'],
  ];
  const figures: Figure[] = [];
  const p50 = new Map<number, number>();
  for (const [lines, runs, target] of sizes) {
    const xml = build(lines);
    const findings = validateInvoice(xml).findings.filter((f) => f.flag !== 'warning');
    if (findings.length > 0) {
      throw new Error(`The ${lines}-line ${source} invoice is not valid: ${findings.map((f) => f.id).join(', ')}`);
    }
    const ms = medianMs(xml, runs);
    p50.set(lines, ms);
    figures.push({
      name: `${source} ${lines.toLocaleString('en')} lines (${Math.round(xml.length / 1024)} KiB): validate p50`,
      value: ms,
      unit: 'ms',
      ...(target ? { target } : {}),
    });
    if (lines <= 100) {
      const official = await officialValidationMs(xml, lines === 1 ? 20 : 5);
      if (official !== undefined) {
        figures.push({ name: `${source} ${lines} lines: official stylesheets p50`, value: official, unit: 'ms' });
        figures.push({
          name: `${source} ${lines} lines: official ÷ ours`,
          value: official / ms,
          unit: 'ratio',
          ...(lines === 1 ? { target: '>= 50' } : {}),
        });
      }
    }
  }
  const perLine = (lines: number) => ((p50.get(lines) ?? Number.NaN) - (p50.get(1) ?? 0)) / (lines - 1);
  figures.push(
    { name: `${source}: time per line, 1 → 1 000 lines`, value: perLine(1_000) * 1000, unit: 'µs/line' },
    { name: `${source}: time per line, 1 → 5 000 lines`, value: perLine(5_000) * 1000, unit: 'µs/line' },
    {
      name: `${source}: growth per line at 5 000 ÷ at 1 000 (linear ≈ 1)`,
      value: perLine(5_000) / perLine(1_000),
      unit: 'ratio',
      target: '< 1.5',
    },
  );
  return figures;
}

/**
 * `npm run bench -- peppol`: validation time (EN 16931 and Peppol BIS rules) by invoice size, and
 * ingestion through `/peppol/inbound` on the local twin.
 */
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
  const example = await baseExampleFigures();
  const ingested = await ingestion();
  return [
    ...example,
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
    ...ingested,
  ];
}
