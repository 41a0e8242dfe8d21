import { toPgm } from './pdf.js';

/** Larger images are not enlarged for a second reading: it would cost more than it finds. */
const maxEnhancedSourcePixels = 10_000_000;

/**
 * An image made easier for OCR of faint print (thermal till rolls): enlarged by `factor`, in
 * grey, its contrast stretched so the darkest and lightest percent become black and white. A
 * binary PGM, with the pixels per source pixel. Undefined where the canvas addon is missing (on
 * AWS scans go to Textract) or the image is too large or cannot be decoded.
 */
export async function enhanceForOcr(
  bytes: Uint8Array,
  factor = 1.5,
): Promise<{ image: Uint8Array; scale: number } | undefined> {
  const canvasModule = await import('@napi-rs/canvas').catch(() => undefined);
  if (!canvasModule) return undefined;
  try {
    const source = await canvasModule.loadImage(Buffer.from(bytes));
    if (source.width * source.height > maxEnhancedSourcePixels) return undefined;
    const width = Math.round(source.width * factor);
    const height = Math.round(source.height * factor);
    const canvas = canvasModule.createCanvas(width, height);
    const context = canvas.getContext('2d');
    context.drawImage(source, 0, 0, width, height);
    const pgm = toPgm(context.getImageData(0, 0, width, height).data, width, height);
    stretchContrast(pgm.subarray(pgm.length - width * height));
    return { image: pgm, scale: factor };
  } catch {
    return undefined;
  }
}

/** Maps the 1st percentile of grey to black and the 99th to white, in place. */
function stretchContrast(grey: Uint8Array): void {
  const histogram = new Array<number>(256).fill(0);
  for (const value of grey) histogram[value] = (histogram[value] ?? 0) + 1;
  const cut = grey.length * 0.01;
  const percentile = (from: number, step: 1 | -1) => {
    let value = from;
    let seen = histogram[value] ?? 0;
    while (seen < cut && value + step >= 0 && value + step <= 255) {
      value += step;
      seen += histogram[value] ?? 0;
    }
    return value;
  };
  const low = percentile(0, 1);
  const high = percentile(255, -1);
  const span = Math.max(1, high - low);
  for (let i = 0; i < grey.length; i++) {
    grey[i] = Math.max(0, Math.min(255, Math.round((((grey[i] ?? 0) - low) * 255) / span)));
  }
}
