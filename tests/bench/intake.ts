import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { build } from 'esbuild';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '#infra/local/aws-names.ts';
import { documentIdFor, getDocument, type IntakeDocument } from '#packages/intake';
import { newId } from '#packages/kernel';
import { closeOcr } from '#packages/recognition';
import { demo } from '#packages/tenancy';
import type { Figure } from '../helpers/figures.ts';
import { type HostilePdf, hostilePdfs } from '../helpers/hostile-pdfs.ts';
import {
  generateInvoiceSpec,
  type InvoiceSpec,
  layoutIds,
  renderScan,
  renderTextPdf,
  renderUbl,
} from '../helpers/invoices/index.ts';
import { startSeededTwin } from '../helpers/twin.ts';

/**
 * `npm run bench -- intake`: documents through the whole local pipeline (S3 event → raw-input
 * queue → intake → documents queue → recognition → booking proposal), per source type. Latency
 * is one document at a time, from the S3 arrival time to the proposal; throughput is a burst of
 * uploads at once. `INTAKE_BENCH_COUNT` sets the burst size (scans: a fifth of it).
 *
 * Hostile PDFs (a 20 000 × 20 000 image, a looping page tree, a 200-inch page, 100 000 declared
 * pages) go through the pipeline too, to their rejection; and each is read once more in a Node
 * process of its own, bundled as the recognition function is, for its peak memory.
 */

type SourceType = 'ubl' | 'text-pdf' | 'scan';
type Rendered = { bytes: Uint8Array; contentType: string; name: string };

const firmId = demo.firm.id;
const administrationId = 'adm-samenwerken-be';
const own = { name: 'Bakkerij Jansen BV', vatNumber: 'BE0403170701' };

function specOf(seed: number): InvoiceSpec {
  for (let s = seed; ; s += 1000) {
    const spec = generateInvoiceSpec(s, { country: 'BE', documentType: 'invoice', maxLines: 6 });
    if (spec.customer.country === 'BE') return { ...spec, customer: { ...spec.customer, ...own } };
  }
}

async function render(type: SourceType, seed: number): Promise<Rendered> {
  const spec = specOf(seed);
  const layout = layoutIds[seed % layoutIds.length] ?? 'nl-classic';
  if (type === 'ubl') return { bytes: Buffer.from(renderUbl(spec)), contentType: 'application/xml', name: 'f.xml' };
  const pdf = await renderTextPdf(spec, layout);
  if (type === 'text-pdf') return { bytes: pdf, contentType: 'application/pdf', name: 'f.pdf' };
  const scan = await renderScan(pdf, { seed, format: 'jpeg' });
  return { bytes: scan.bytes, contentType: scan.contentType, name: 'f.jpg' };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

export async function run(): Promise<Figure[]> {
  const burst = Number(process.env.INTAKE_BENCH_COUNT ?? 30);
  const { twin, table } = await startSeededTwin({ queuePollMs: 5 });
  try {
    const s3 = new S3Client({
      region: LOCAL_REGION,
      endpoint: twin.env.AWS_ENDPOINT_URL_S3,
      forcePathStyle: true,
      credentials: LOCAL_CREDENTIALS,
    });

    /** Drops a document where a portal upload lands and returns the id it will have. */
    const upload = async (doc: Rendered) => {
      const key = `raw/upload/${firmId}/${administrationId}/${newId()}/${doc.name}`;
      await s3.send(
        new PutObjectCommand({ Bucket: twin.bucketName, Key: key, Body: doc.bytes, ContentType: doc.contentType }),
      );
      return documentIdFor(key, administrationId, 0);
    };
    const settled = async (id: string): Promise<IntakeDocument> => {
      for (;;) {
        const doc = await getDocument(table, firmId, administrationId, id);
        if (doc && doc.status !== 'received' && doc.status !== 'recognising') return doc;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    const latencyOf = (doc: IntakeDocument) => Date.parse(doc.updatedAt ?? doc.receivedAt) - Date.parse(doc.receivedAt);

    const figures: Figure[] = [];
    let seed = 1;
    // Warm up: module loading, the OCR worker and DynamoDB Local's JIT are not what is measured.
    for (const type of ['ubl', 'text-pdf', 'scan'] as const) await settled(await upload(await render(type, seed++)));

    const targets: Record<SourceType, string> = { ubl: '< 200', 'text-pdf': '< 200', scan: '< 3000' };
    for (const type of ['ubl', 'text-pdf', 'scan'] as const) {
      const n = type === 'scan' ? Math.max(3, Math.round(burst / 5)) : burst;
      const serial = await Promise.all(Array.from({ length: Math.min(n, 10) }, () => render(type, seed++)));
      const docs = await Promise.all(Array.from({ length: n }, () => render(type, seed++)));

      const latencies: number[] = [];
      let proposed = 0;
      for (const doc of serial) {
        const done = await settled(await upload(doc));
        if (done.status === 'proposed') proposed++;
        latencies.push(latencyOf(done));
      }
      figures.push({
        name: `${type}: arrival to proposal p50 (one at a time)`,
        value: median(latencies),
        unit: 'ms',
        target: targets[type],
      });
      figures.push({
        name: `${type}: proposals made (one at a time)`,
        value: proposed / latencies.length,
        unit: `(${proposed}/${latencies.length})`,
        target: '== 1',
      });

      const started = Date.now();
      const ids = await Promise.all(docs.map(upload));
      const results = await Promise.all(ids.map(settled));
      const seconds = (Date.now() - started) / 1000;
      const made = results.filter((r) => r.status === 'proposed').length;
      figures.push({
        name: `${type}: proposals made (burst)`,
        value: made / n,
        unit: `(${made}/${n})`,
        target: '== 1',
      });
      figures.push({
        name: `${type}: documents per minute (burst of ${n})`,
        value: Math.round((n / seconds) * 60),
        unit: 'docs/min',
      });
      figures.push({
        name: `${type}: arrival to proposal p50 in the burst`,
        value: median(results.map(latencyOf)),
        unit: 'ms',
      });
    }
    figures.push(...(await hostileThroughPipeline(upload, settled, latencyOf)));
    s3.destroy();
    figures.push(...(await hostileInOwnProcess()));
    return figures;
  } finally {
    await closeOcr();
    await twin.stop();
  }
}

const hostileKinds = Object.keys(hostilePdfs) as HostilePdf[];
const expectedReason: Record<HostilePdf, string> = {
  hugeImage: 'IMAGE_TOO_LARGE',
  loopingPageTree: 'BAD_DOCUMENT',
  enormousPage: 'PAGE_TOO_LARGE',
  hundredThousandPages: 'DOCUMENT_TOO_LARGE',
};

/** Each hostile PDF uploaded as a client would: arrival to rejection, and the reason recorded. */
async function hostileThroughPipeline(
  upload: (doc: Rendered) => Promise<string>,
  settled: (id: string) => Promise<IntakeDocument>,
  latencyOf: (doc: IntakeDocument) => number,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const kind of hostileKinds) {
    const done = await settled(
      await upload({ bytes: await hostilePdfs[kind](), contentType: 'application/pdf', name: 'f.pdf' }),
    );
    const refused = done.status === 'rejected' && done.rejection?.reason === expectedReason[kind];
    figures.push({
      name: `hostile ${kind}: arrival to rejection`,
      value: latencyOf(done),
      unit: 'ms',
      target: '< 10000',
    });
    figures.push({
      name: `hostile ${kind}: rejected with ${expectedReason[kind]}`,
      value: refused ? 1 : 0,
      unit: `(${done.status}${done.rejection ? ` ${done.rejection.reason}` : ''})`,
      target: '== 1',
    });
  }
  return figures;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Each hostile PDF read in a fresh Node process running the probe bundled as the recognition
 * function is bundled (ESM, externals as on AWS): time to refusal inside it, and its peak RSS
 * (the kernel's high-water mark, module loading included). A text invoice is the baseline.
 */
async function hostileInOwnProcess(): Promise<Figure[]> {
  // Inside the project, so the bundle's externals (the canvas addon, tesseract.js) resolve.
  const folder = join(root, '.local', 'bench');
  await mkdir(folder, { recursive: true });
  const probe = join(folder, 'hostile-probe.mjs');
  await build({
    entryPoints: [join(root, 'tests', 'bench', 'hostile-probe.ts')],
    outfile: probe,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: { js: "import { createRequire as __r } from 'node:module';const require = __r(import.meta.url);" },
    external: ['@aws-sdk/*', 'tesseract.js', '@napi-rs/canvas'],
    logLevel: 'silent',
  });
  const run = promisify(execFile);
  const samples: [string, Uint8Array][] = [
    ['text invoice (baseline)', await renderTextPdf(specOf(7), 'nl-classic')],
    ...(await Promise.all(hostileKinds.map(async (kind) => [kind, await hostilePdfs[kind]()] as [string, Uint8Array]))),
  ];
  const figures: Figure[] = [];
  for (const [name, bytes] of samples) {
    const file = join(folder, `${name.split(' ')[0]}.pdf`);
    await writeFile(file, bytes);
    const { stdout } = await run(process.execPath, [probe, file], { timeout: 60_000 });
    const { outcome, ms, peakMb } = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
      outcome: string;
      ms: number;
      peakMb: number;
    };
    const hostile = name in expectedReason;
    figures.push({
      name: `own process, ${name}: bytes to ${hostile ? 'refusal' : 'reading'} (${outcome})`,
      value: Math.round(ms),
      unit: 'ms',
      ...(hostile ? { target: '< 10000' } : {}),
    });
    figures.push({
      name: `own process, ${name}: peak RSS`,
      value: Math.round(peakMb),
      unit: 'MB',
      ...(hostile ? { target: '< 512' } : {}),
    });
  }
  return figures;
}
