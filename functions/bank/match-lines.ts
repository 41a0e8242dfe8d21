import { createHash } from 'node:crypto';
import { parse } from '@aws-lambda-powertools/parser';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { bank } from '#functions/shared/bank.ts';
import { logger } from '#functions/shared/observability.ts';
import { queueConsumer } from '#functions/shared/sqs.ts';
import { BankLinesMessage, runRobot } from '#packages/bank';

const Body = JSONStringified(BankLinesMessage);

/** The robot over new bank lines: suggest, book what is certain, ask the client what has no document. */
export const handler = queueConsumer<BankLinesMessage>({
  name: 'bank/match-lines',
  parse: (record) => [parse(record.body, undefined, Body)],
  identity: (m) =>
    createHash('sha256')
      .update(`${m.administrationId}\u0000${m.lineIds.join(',')}`)
      .digest('hex'),
  process: async (m) => {
    const adm = { firmId: m.firmId, id: m.administrationId, country: m.country };
    const outcomes = await runRobot(bank, adm, m.lineIds);
    const counts = Object.fromEntries(
      ['auto-booked', 'suggested', 'asked-client', 'manual', 'skipped'].map((o) => [
        o,
        outcomes.filter((x) => x.outcome === o).length,
      ]),
    );
    logger.info('Bank lines matched', { administrationId: m.administrationId, lines: m.lineIds.length, ...counts });
  },
});
