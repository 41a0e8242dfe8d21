import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { PDFDocument } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { Random } from './random.ts';

export type ScanFormat = 'jpeg' | 'png' | 'pdf';

export interface ScanOptions {
  readonly seed: number;
  /** Output: the image itself or an image-only PDF; default picked from the seed. */
  readonly format?: ScanFormat;
  /** Render resolution; default 200–260 dpi picked from the seed. */
  readonly dpi?: number;
}

export interface Scan {
  readonly bytes: Uint8Array;
  readonly format: ScanFormat;
  readonly contentType: 'image/jpeg' | 'image/png' | 'application/pdf';
  readonly dpi: number;
  /** Degrees, within ±1. */
  readonly rotation: number;
}

// pdfjs needs the metrics of the 14 standard fonts to draw pdf-lib's unembedded Helvetica & co.
const standardFontDataUrl = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

/** Page 1 of `pdf` drawn at `dpi` on a white canvas. */
async function renderPage(pdf: Uint8Array, dpi: number) {
  const document = await getDocument({ data: pdf.slice(), standardFontDataUrl, verbosity: 0 }).promise;
  try {
    const page = await document.getPage(1);
    const viewport = page.getViewport({ scale: dpi / 72 });
    const canvas = createCanvas(Math.round(viewport.width), Math.round(viewport.height));
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    // pdfjs accepts the napi canvas at run time; its types name the DOM canvas.
    await page.render({ canvas: canvas as never, canvasContext: context as never, viewport }).promise;
    return canvas;
  } finally {
    await document.destroy();
  }
}

/**
 * Makes page 1 of a PDF look like it went through an office scanner or a phone: rendered at
 * 200–260 dpi, rotated by up to 1°, slightly blurred, on grey paper, ink not quite black,
 * sensor noise and a few specks, then JPEG-compressed (quality 55–80). Returns JPEG or PNG
 * bytes, or an image-only PDF with the image on an A4 page. Deterministic from `seed`.
 */
export async function renderScan(pdf: Uint8Array, options: ScanOptions): Promise<Scan> {
  const random = new Random(options.seed);
  const dpi = options.dpi ?? random.int(200, 260);
  const format = options.format ?? random.pick(['jpeg', 'png', 'pdf'] as const);
  const rotation = (random.next() * 2 - 1) * 0.9;
  const paper = random.int(214, 240);
  const blur = 0.35 + random.next() * 0.5;
  const noise = 5 + random.next() * 9;
  const quality = random.int(55, 80);

  const page = await renderPage(pdf, dpi);
  const { width, height } = page;
  const scanned = createCanvas(width, height);
  const context = scanned.getContext('2d');
  context.fillStyle = `rgb(${paper}, ${paper}, ${paper - 4})`;
  context.fillRect(0, 0, width, height);
  context.save();
  context.translate(width / 2 + random.int(-12, 12), height / 2 + random.int(-12, 12));
  context.rotate((rotation * Math.PI) / 180);
  context.filter = `blur(${blur.toFixed(2)}px)`;
  // Multiply: white paper takes the grey, ink stays dark.
  context.globalCompositeOperation = 'multiply';
  context.drawImage(page, -width / 2, -height / 2);
  context.restore();

  const image = context.getImageData(0, 0, width, height);
  const data = image.data;
  const table = new Float32Array(65_536);
  for (let i = 0; i < table.length; i++) table[i] = random.gaussian() * noise;
  let state = random.int(1, 0x7fffffff);
  const inkFloor = random.int(25, 55);
  for (let i = 0; i < data.length; i += 4) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const n = table[state & 0xffff] ?? 0;
    for (let k = 0; k < 3; k++) {
      const v = data[i + k] as number;
      // Lift the ink a little (toner is never pure black) and add noise.
      data[i + k] = inkFloor + (v * (255 - inkFloor)) / 255 + n;
    }
  }
  for (let speck = 0; speck < 120; speck++) {
    const x = random.int(0, width - 3);
    const y = random.int(0, height - 3);
    const shade = random.int(40, 140);
    for (let dy = 0; dy < 2; dy++)
      for (let dx = 0; dx < 2; dx++) {
        const at = ((y + dy) * width + x + dx) * 4;
        data[at] = data[at + 1] = data[at + 2] = shade;
      }
  }
  context.putImageData(image, 0, 0);
  const jpeg = await scanned.encode('jpeg', quality);

  if (format === 'jpeg') return { bytes: new Uint8Array(jpeg), format, contentType: 'image/jpeg', dpi, rotation };
  if (format === 'png') {
    // Decode the JPEG again so its artefacts stay in the PNG, as with a phone photo saved as PNG.
    const decoded = await loadImage(jpeg);
    const png = createCanvas(width, height);
    png.getContext('2d').drawImage(decoded, 0, 0);
    return { bytes: new Uint8Array(await png.encode('png')), format, contentType: 'image/png', dpi, rotation };
  }
  const doc = await PDFDocument.create();
  const embedded = await doc.embedJpg(jpeg);
  const a4 = doc.addPage([595.28, 841.89]);
  a4.drawImage(embedded, { x: 0, y: 0, width: 595.28, height: 841.89 });
  doc.setProducer('Scanner');
  doc.setCreationDate(new Date('2025-01-01T00:00:00Z'));
  doc.setModificationDate(new Date('2025-01-01T00:00:00Z'));
  return { bytes: await doc.save(), format, contentType: 'application/pdf', dpi, rotation };
}
