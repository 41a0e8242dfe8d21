import { describe, expect, it } from 'vitest';
import { peppolFailureOf, recordDeadLetter } from '#packages/peppol';
import type { Table } from '#packages/table';

const at = '2026-11-23T09:00:00.000Z';

describe('peppolFailureOf', () => {
  it('names a dead letter DEAD_LETTER with its delivery count and the source queue’s name, not its ARN', () => {
    const deadLetter = { receiveCount: 6, sourceQueue: 'arn:aws:sqs:eu-west-1:123456789012:Pipeline-RawInputsQueue' };

    const failure = peppolFailureOf({ deadLetter }, at);

    expect(failure).toEqual({
      reason: 'DEAD_LETTER',
      detail: expect.stringContaining('6 in all'),
      receiveCount: 6,
      sourceQueue: 'Pipeline-RawInputsQueue',
      lastAttemptAt: at,
    });
    expect(JSON.stringify(failure)).not.toContain('123456789012');
  });

  it('names a failed attempt PROCESSING_FAILED with its error’s name only', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1'), { name: 'TimeoutError' });

    const failure = peppolFailureOf({ error }, at);

    expect(failure).toMatchObject({ reason: 'PROCESSING_FAILED', error: 'TimeoutError', lastAttemptAt: at });
    expect(JSON.stringify(failure)).not.toContain('ECONNREFUSED');
  });
});

describe('recordDeadLetter', () => {
  it('keeps raw input of another door in the dead-letter queue with reason DEAD_LETTER_KEPT, reading nothing', async () => {
    const read: string[] = [];
    const deps = {
      table: {} as Table,
      route: async () => undefined,
      readRaw: async (key: string) => {
        read.push(key);
        return Buffer.alloc(0);
      },
    };
    const deadLetter = { receiveCount: 6, sourceQueue: 'raw-inputs' };

    const recorded = recordDeadLetter(deps, { rawKey: 'raw/email/abc.eml', arrivedAt: at, deadLetter, at });

    await expect(recorded).rejects.toMatchObject({ name: 'DeadLetterKeptError', code: 'DEAD_LETTER_KEPT' });
    expect(read).toEqual([]);
  });
});
