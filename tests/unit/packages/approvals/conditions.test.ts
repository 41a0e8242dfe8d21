import { describe, expect, it } from 'vitest';
import {
  type ApprovalSettings,
  Condition,
  conditionsOverlap,
  defaultSettings,
  FlowInput,
  flowIssues,
  invoiceFacts,
  lacksEscalationStep,
  matchesCondition,
  planSteps,
  resolveApprover,
} from '#packages/approvals';

const cond = (input: Record<string, unknown>) => Condition.parse(input);
const facts = { amount: 605_000, supplier: 'smit', costCentre: 'PRJ-1', glAccount: '4200' };

describe('invoiceFacts', () => {
  it('takes amount and supplier from the invoice and cost centre and GL account from its largest line', () => {
    expect(
      invoiceFacts({
        relationId: 'smit',
        totals: { gross: 121_000 },
        lines: [
          { net: 20_000, glAccount: '4000', costCentre: 'KLEIN' },
          { net: -80_000, glAccount: '4200', costCentre: 'PRJ-1' },
        ],
      }),
    ).toEqual({ amount: 121_000, supplier: 'smit', costCentre: 'PRJ-1', glAccount: '4200' });
  });
});

describe('matchesCondition', () => {
  it('matches when every given dimension matches, with inclusive amount bounds', () => {
    expect(matchesCondition(cond({}), facts)).toBe(true);
    expect(matchesCondition(cond({ minAmount: '6050.00', maxAmount: '6050.00' }), facts)).toBe(true);
    expect(matchesCondition(cond({ minAmount: '6050.01' }), facts)).toBe(false);
    expect(matchesCondition(cond({ maxAmount: '6049.99' }), facts)).toBe(false);
    expect(matchesCondition(cond({ costCentres: ['PRJ-1'], suppliers: ['smit'], glAccounts: ['4200'] }), facts)).toBe(
      true,
    );
    expect(matchesCondition(cond({ costCentres: ['PRJ-2'] }), facts)).toBe(false);
    expect(matchesCondition(cond({ glAccounts: ['4000'] }), facts)).toBe(false);
  });

  it('does not match a cost-centre condition for an invoice without a cost centre', () => {
    expect(matchesCondition(cond({ costCentres: ['PRJ-1'] }), { amount: 1, supplier: 's' })).toBe(false);
  });

  it('refuses a band whose minimum exceeds its maximum', () => {
    expect(Condition.safeParse({ minAmount: '10.00', maxAmount: '9.99' }).success).toBe(false);
  });
});

describe('conditionsOverlap', () => {
  it('sees overlapping and adjacent amount bands apart', () => {
    expect(conditionsOverlap(cond({ maxAmount: '5000.00' }), cond({ minAmount: '5000.00' }))).toBe(true);
    expect(conditionsOverlap(cond({ maxAmount: '5000.00' }), cond({ minAmount: '5000.01' }))).toBe(false);
    expect(conditionsOverlap(cond({}), cond({ minAmount: '1.00' }))).toBe(true);
  });

  it('needs every dimension to meet: disjoint suppliers keep two flows apart whatever the amounts', () => {
    expect(conditionsOverlap(cond({ suppliers: ['a'] }), cond({ suppliers: ['b'] }))).toBe(false);
    expect(conditionsOverlap(cond({ suppliers: ['a', 'b'] }), cond({ suppliers: ['b'] }))).toBe(true);
    expect(conditionsOverlap(cond({ suppliers: ['a'] }), cond({ costCentres: ['X'] }))).toBe(true);
    expect(
      conditionsOverlap(
        cond({ costCentres: ['X'], minAmount: '100.00' }),
        cond({ costCentres: ['X'], maxAmount: '99.99' }),
      ),
    ).toBe(false);
  });
});

describe('flowIssues', () => {
  it('names the flow a new flow overlaps, and none when it is disjoint', () => {
    const flow = FlowInput.parse({
      name: 'Groot',
      appliesTo: { minAmount: '5000.00' },
      steps: [{ name: 'Directie', approver: { kind: 'user', userId: 'dir' } }],
    });
    const others = [
      { id: 'f1', name: 'Klein', appliesTo: cond({ maxAmount: '4999.99' }) },
      { id: 'f2', name: 'Alles van Smit', appliesTo: cond({ suppliers: ['smit'] }) },
    ];
    const issues = flowIssues(flow, others);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: 'appliesTo' });
    expect(issues[0]?.message).toContain("'Alles van Smit' (f2)");
  });
});

const settings = (over: Partial<ApprovalSettings>): ApprovalSettings => ({ ...defaultSettings, ...over });

describe('resolveApprover', () => {
  const s = settings({
    costCentreApprovers: { 'PRJ-1': 'cc-owner' },
    supplierApprovers: { smit: 'buyer' },
    projectManagers: { 'PRJ-1': 'pm' },
    approverLimits: { low: 100_000, mid: 700_000, buyer: 250_000 },
  });

  it('finds the default approver of the cost centre or supplier and the project manager, with their limits', () => {
    expect(resolveApprover({ kind: 'cost-centre-default' }, facts, s)).toEqual({ userId: 'cc-owner' });
    expect(resolveApprover({ kind: 'supplier-default' }, facts, s)).toEqual({ userId: 'buyer', limit: 250_000 });
    expect(resolveApprover({ kind: 'project-manager' }, facts, s)).toEqual({ userId: 'pm' });
    expect(resolveApprover({ kind: 'project-manager' }, { ...facts, costCentre: 'PRJ-9' }, s)).toBeUndefined();
  });

  it('picks by limit the lowest approver whose limit covers the amount, else the highest', () => {
    expect(resolveApprover({ kind: 'by-limit', userIds: ['mid', 'low'] }, facts, s)).toEqual({
      userId: 'mid',
      limit: 700_000,
    });
    expect(resolveApprover({ kind: 'by-limit', userIds: ['mid', 'low'] }, { ...facts, amount: 50_000 }, s)).toEqual({
      userId: 'low',
      limit: 100_000,
    });
    expect(resolveApprover({ kind: 'by-limit', userIds: ['low', 'mid'] }, { ...facts, amount: 900_000 }, s)).toEqual({
      userId: 'mid',
      limit: 700_000,
    });
  });
});

describe('planSteps', () => {
  const flow = FlowInput.parse({
    name: 'Inkoop',
    steps: [
      { name: 'Budgethouder', approver: { kind: 'cost-centre-default' } },
      { name: 'Directie', condition: { minAmount: '10000.00' }, approver: { kind: 'user', userId: 'dir' } },
      { name: 'Controller', condition: { glAccounts: ['0100'] }, approver: { kind: 'user', userId: 'ctl' } },
    ],
  });

  it('takes the matching steps in order and skips the rest', () => {
    const s = settings({ costCentreApprovers: { 'PRJ-1': 'bh' } });
    expect(planSteps(flow, { ...facts, amount: 40_000 }, s)).toEqual({
      steps: [{ index: 0, name: 'Budgethouder', approver: 'bh', escalated: false }],
      unresolved: [],
    });
    expect(planSteps(flow, { ...facts, amount: 1_500_000, glAccount: '0100' }, s).steps.map((p) => p.name)).toEqual([
      'Budgethouder',
      'Directie',
      'Controller',
    ]);
  });

  it('escalates an amount above the approver’s limit to the next step, even when that step would not match', () => {
    const s = settings({ costCentreApprovers: { 'PRJ-1': 'bh' }, approverLimits: { bh: 500_000 } });
    expect(planSteps(flow, facts, s).steps).toEqual([
      { index: 0, name: 'Budgethouder', approver: 'bh', limit: 500_000, escalated: false },
      { index: 1, name: 'Directie', approver: 'dir', escalated: true },
    ]);
    expect(planSteps(flow, { ...facts, amount: 500_000 }, s).steps.map((p) => p.name)).toEqual(['Budgethouder']);
  });

  it('reports a step whose rule finds no approver', () => {
    expect(planSteps(flow, facts, defaultSettings).unresolved).toEqual([
      { index: 0, name: 'Budgethouder', rule: 'cost-centre-default' },
    ]);
  });

  it('knows when the last approver’s limit leaves no step to escalate to', () => {
    const s = settings({ costCentreApprovers: { 'PRJ-1': 'bh' }, approverLimits: { bh: 500_000, dir: 1_000_000 } });
    const plan = planSteps(flow, { ...facts, amount: 2_000_000 }, s).steps;
    expect(plan.map((p) => p.name)).toEqual(['Budgethouder', 'Directie', 'Controller']);
    expect(lacksEscalationStep(plan, 2_000_000)).toBe(false);
    const short = planSteps({ steps: flow.steps.slice(0, 2) }, { ...facts, amount: 2_000_000 }, s).steps;
    expect(lacksEscalationStep(short, 2_000_000)).toBe(true);
  });
});
