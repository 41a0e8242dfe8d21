import { z } from 'zod';

/**
 * The normalised result every recognition engine returns (structured XML, PDF text layer, OCR,
 * Textract), so the booking-proposal logic never depends on where a document came from.
 * Amounts are integer cents; dates ISO `YYYY-MM-DD`; each field carries a confidence in 0..1
 * (1 for values read from structured XML).
 */
export const field = <T extends z.ZodType>(value: T) => z.object({ value, confidence: z.number().min(0).max(1) });

export const recognitionSources = ['ubl', 'cii', 'factur-x', 'pdf-text', 'ocr', 'textract'] as const;
export type RecognitionSource = (typeof recognitionSources)[number];

export const documentTypes = ['invoice', 'credit-note', 'receipt', 'unknown'] as const;

const text = field(z.string());
const cents = field(z.number().int());

export const RecognitionResult = z
  .object({
    source: z.enum(recognitionSources),
    documentType: field(z.enum(documentTypes)),
    supplier: z.object({
      name: text.optional(),
      vatNumber: text.optional(),
      companyNumber: text.optional(),
      iban: text.optional(),
      countryCode: text.optional(),
    }),
    customer: z.object({ name: text.optional(), vatNumber: text.optional() }),
    invoiceNumber: text.optional(),
    invoiceDate: text.optional(),
    dueDate: text.optional(),
    currency: text.optional(),
    paymentReference: text.optional(),
    totals: z.object({ net: cents.optional(), vat: cents.optional(), gross: cents.optional() }),
    /** VAT per rate, as the document states it. */
    vatBreakdown: z.array(
      z.object({
        rateBasisPoints: z.number().int(),
        base: z.number().int(),
        vat: z.number().int(),
        category: z.string().optional(),
      }),
    ),
    lines: z.array(
      z.object({
        description: z.string(),
        quantity: z.string().optional(),
        unitPrice: z.number().int().optional(),
        net: z.number().int().optional(),
        vatRateBasisPoints: z.number().int().optional(),
      }),
    ),
    /** What does not add up or could not be read, e.g. net + VAT ≠ gross. */
    issues: z.array(z.object({ field: z.string(), message: z.string() })),
  })
  .meta({ id: 'RecognitionResult' });
export type RecognitionResult = z.infer<typeof RecognitionResult>;

/** Checks the arithmetic a proposal relies on and reports what does not add up. */
export function totalsIssues(result: Pick<RecognitionResult, 'totals' | 'vatBreakdown'>): RecognitionResult['issues'] {
  const issues: RecognitionResult['issues'] = [];
  const { net, vat, gross } = result.totals;
  if (net && vat && gross && net.value + vat.value !== gross.value) {
    issues.push({ field: 'totals', message: `net ${net.value} + VAT ${vat.value} ≠ gross ${gross.value} (cents)` });
  }
  if (vat && result.vatBreakdown.length > 0) {
    const sum = result.vatBreakdown.reduce((s, b) => s + b.vat, 0);
    if (sum !== vat.value)
      issues.push({ field: 'vatBreakdown', message: `VAT per rate sums to ${sum}, total VAT is ${vat.value} (cents)` });
  }
  return issues;
}
