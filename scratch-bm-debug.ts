import { buildLoanSchedule, predictSplit } from '#packages/bank/matching';
let right = 0, total = 0, off: number[] = [];
for (const bp of [275, 390, 450, 515, 620, 745]) for (const principal of [2_500_000, 7_300_000, 18_000_000]) {
  const periods = buildLoanSchedule({ principal, annualRateBasisPoints: bp, periods: 84, firstDueDate: '2024-01-15', method: 'annuity' });
  for (let t = 6; t < 40; t++) {
    const obs = periods.slice(t - 6, t).map(p => ({ date: p.dueDate, amount: p.payment, interest: p.interest, principal: p.principal, interestAccount: 'i', principalAccount: 'p' }));
    const pred = predictSplit(obs, periods[t]!.payment)!;
    total++; if (pred.interest === periods[t]!.interest) right++; else off.push(`${pred.how.slice(4,12)}:${pred.interest - periods[t]!.interest}` as any);
  }
}
console.log(right, total, off.slice(0, 30).join(','));
