import { Cron } from 'croner';
import type { ScheduleDecl } from '#infra/wiring.ts';
import type { QueueRunner } from './queues.ts';
import type { StateMachineRunner } from './stepfunctions.ts';

/** What firing a schedule started. */
export type FireResult =
  | { readonly kind: 'stateMachine'; readonly name: string; readonly executionArn: string }
  | { readonly kind: 'queue'; readonly name: string; readonly messageId: string };

/** Options of {@link Scheduler}. */
export interface SchedulerOptions {
  readonly schedules: readonly ScheduleDecl[];
  readonly stateMachines: StateMachineRunner;
  readonly queues: QueueRunner;
  readonly log?: (line: string) => void;
}

/** Next fire time strictly after `after`, or `null` when the schedule never fires again. */
type NextFn = (after: Date) => Date | null;

// setTimeout cannot wait longer than 2^31-1 ms; longer waits are re-armed in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Compiles an EventBridge Scheduler expression into a next-fire function:
 * `cron(min hour day-of-month month day-of-week year)` (day-of-week 1-7 = SUN-SAT, `?`, `L`, `W`,
 * `#`), `rate(n minute|minutes|hour|hours|day|days)` counted from `origin`, and one-time
 * `at(yyyy-mm-ddThh:mm:ss)`, all in `timezone`.
 */
export function compileExpression(expression: string, timezone: string, origin = new Date()): NextFn {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new Error(`Unknown timezone '${timezone}'`);
  }
  const cron = /^cron\((.*)\)$/.exec(expression.trim());
  if (cron) {
    const fields = cron[1]!.trim().split(/\s+/);
    if (fields.length !== 6) {
      throw new Error(
        `'${expression}': EventBridge cron needs 6 fields (minute hour day-of-month month day-of-week year)`,
      );
    }
    const [minute, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
    if ((dom === '?') === (dow === '?')) {
      throw new Error(`'${expression}': exactly one of day-of-month and day-of-week must be '?'`);
    }
    // Seconds first for croner's 7-part mode; AND of the day fields with one of them '?' is EventBridge's meaning.
    const job = new Cron(`0 ${minute} ${hour} ${dom} ${month} ${dow} ${year}`, {
      mode: '7-part',
      alternativeWeekdays: true,
      domAndDow: true,
      timezone,
      paused: true,
    });
    return (after) => job.nextRun(after);
  }
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression.trim());
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2]!;
    if (value < 1 || (value === 1) !== !unit.endsWith('s')) {
      throw new Error(`'${expression}': use a positive value, with a singular unit for 1 and plural otherwise`);
    }
    const unitMs = unit.startsWith('minute') ? 60_000 : unit.startsWith('hour') ? 3_600_000 : 86_400_000;
    const period = value * unitMs;
    return (after) =>
      new Date(origin.getTime() + (Math.floor((after.getTime() - origin.getTime()) / period) + 1) * period);
  }
  const at = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression.trim());
  if (at) {
    const job = new Cron(at[1]!, { timezone, paused: true });
    const when = job.nextRun(new Date(0));
    return (after) => (when && when > after ? when : null);
  }
  throw new Error(`'${expression}' is not an EventBridge Scheduler expression (cron(...), rate(...) or at(...))`);
}

/**
 * EventBridge Scheduler, locally: a timer per schedule computed from its expression in its
 * timezone; firing sends the schedule's `input` to its target (a state machine execution or a
 * queue message). {@link fire} fires a schedule now.
 */
export class Scheduler {
  private readonly schedules = new Map<string, { readonly decl: ScheduleDecl; readonly next: NextFn }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly log: (line: string) => void;
  private running = false;

  constructor(private readonly options: SchedulerOptions) {
    this.log = options.log ?? (() => undefined);
    for (const decl of options.schedules) {
      if (this.schedules.has(decl.name)) throw new Error(`Schedule '${decl.name}' is declared twice`);
      const { kind, name } = decl.target;
      const exists = kind === 'stateMachine' ? options.stateMachines.names().includes(name) : options.queues.has(name);
      if (!exists) throw new Error(`Schedule '${decl.name}' targets unknown ${kind} '${name}'`);
      let next: NextFn;
      try {
        next = compileExpression(decl.expression, decl.timezone);
      } catch (error) {
        throw new Error(`Schedule '${decl.name}': ${(error as Error).message}`, { cause: error });
      }
      this.schedules.set(decl.name, { decl, next });
    }
  }

  /** Names of every schedule. */
  names(): string[] {
    return [...this.schedules.keys()];
  }

  /** When a schedule fires next (after `after`), or `null` if never again. */
  next(name: string, after = new Date()): Date | null {
    return this.get(name).next(after);
  }

  /** Fires a schedule now and returns what it started. */
  fire(name: string): FireResult {
    const { decl } = this.get(name);
    const input = JSON.stringify(decl.input);
    const { kind, name: target } = decl.target;
    const result: FireResult =
      kind === 'stateMachine'
        ? { kind, name: target, executionArn: this.options.stateMachines.start(target, input).executionArn }
        : { kind, name: target, messageId: this.options.queues.send(target, input).messageId };
    this.log(`scheduler: ${name} fired ${kind} ${target}`);
    return result;
  }

  /** Arms a timer for every schedule. */
  start(): void {
    this.running = true;
    for (const name of this.schedules.keys()) this.arm(name);
  }

  /** Clears every timer. */
  stop(): void {
    this.running = false;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private get(name: string): { readonly decl: ScheduleDecl; readonly next: NextFn } {
    const schedule = this.schedules.get(name);
    if (!schedule) throw new Error(`No schedule named '${name}'`);
    return schedule;
  }

  private arm(name: string, due = this.next(name)): void {
    if (!this.running || !due) return;
    const wait = due.getTime() - Date.now();
    const timer = setTimeout(
      () => {
        if (wait > MAX_TIMER_MS) {
          this.arm(name, due);
          return;
        }
        try {
          this.fire(name);
        } catch (error) {
          this.log(`scheduler: ${name} failed to fire: ${String(error)}`);
        }
        this.arm(name, this.next(name, due));
      },
      Math.max(0, Math.min(wait, MAX_TIMER_MS)),
    );
    timer.unref();
    this.timers.set(name, timer);
  }
}
