import { bank } from '#functions/shared/bank.ts';
import { booksOf } from '#functions/shared/books.ts';
import { httpRoute } from '#functions/shared/http.ts';
import { bankLinePath } from '#functions/shared/schemas.ts';
import { getBankLine, requireFirmUser, runRobot } from '#packages/bank';
import { presentMoney } from '#packages/ledger';

/** Runs the robot again on one line (after new open items, documents or settings). */
export const handler = httpRoute({ params: bankLinePath }, async ({ tenant, params }) => {
  const adm = await booksOf(tenant, params.administrationId);
  requireFirmUser(tenant, adm, 'runs the bank robot');
  const [outcome] = await runRobot(bank, adm, [params.lineId]);
  const line = await getBankLine(bank.table, adm, params.lineId);
  return presentMoney({ outcome: outcome?.outcome ?? 'skipped', line });
});
