import { readFile } from 'node:fs/promises';
import { closeOcr, RecognitionError, recogniseDocument, splitPdf } from '#packages/recognition';

/**
 * One PDF read as the local pipeline reads it (split, then recognise with the split's reading),
 * in a process of its own so that its peak memory is its own. Bundled and run with plain Node by
 * the intake bench, as the recognition function runs. Prints `{ outcome, ms, peakMb }`: the
 * refusal's reason code (or `read`), the time from bytes to outcome, and the process's peak RSS.
 */
const file = process.argv[2];
if (!file) throw new Error('Usage: hostile-probe <file.pdf>');
const bytes = new Uint8Array(await readFile(file));
const started = performance.now();
let outcome = 'read';
try {
  const { parts } = await splitPdf(bytes);
  const reading = parts.length === 1 ? parts[0]?.reading : undefined;
  await recogniseDocument({ bytes, fileName: 'probe.pdf' }, reading ? { read: reading } : {});
} catch (error) {
  outcome = error instanceof RecognitionError ? error.code : `unexpected: ${String(error)}`;
}
const ms = performance.now() - started;
const peakMb = await peakRssMb();
process.stdout.write(`${JSON.stringify({ outcome, ms, peakMb })}\n`);
await closeOcr();
process.exit(0);

/**
 * The kernel's high-water mark of this process's resident memory: VmHWM, which starts afresh
 * at exec (getrusage's maxRSS does not: it keeps the parent's size at fork). maxRSS where there
 * is no /proc.
 */
async function peakRssMb(): Promise<number> {
  const status = await readFile('/proc/self/status', 'utf8').catch(() => '');
  const hwm = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1];
  return (hwm ? Number(hwm) : process.resourceUsage().maxRSS) / 1024;
}
