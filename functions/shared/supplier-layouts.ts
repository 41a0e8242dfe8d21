import { systemClock } from '#packages/kernel';
import type { LayoutLearningDeps } from '#packages/proposals';
import { readPageLayout } from '#packages/recognition';
import { table } from './clients.js';
import { readObject } from './intake.js';

/** Learning supplier layouts from corrections, wired to this deployment: the table and the document bucket. */
export const layoutLearning: LayoutLearningDeps = {
  table,
  clock: systemClock,
  readPages: async (key) => readPageLayout((await readObject(key)).raw),
};
