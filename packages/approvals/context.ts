import { z } from 'zod';
import { type Clock, ForbiddenError, NotFoundError } from '#packages/kernel';
import type { Table } from '#packages/table';
import { type Administration, tenancyRepository } from '#packages/tenancy';

/** Input of one task's workflow execution (Step Functions), all it needs to find the task. */
export interface TaskWorkflowInput {
  readonly firmId: string;
  readonly administrationId: string;
  readonly taskId: string;
  /** ISO timestamps the Wait states wait until (`TimestampPath`). */
  readonly remindAt: string;
  readonly deadlineAt: string;
}

export const TaskWorkflowInputSchema = z.object({
  firmId: z.string().min(1),
  administrationId: z.string().min(1),
  taskId: z.string().min(1),
  remindAt: z.iso.datetime(),
  deadlineAt: z.iso.datetime(),
});

/** The workflow engine as approvals use it (Step Functions on AWS, the twin locally). */
export interface WorkflowPort {
  /** Starts the execution of a task (named after the task, so a retry starts nothing twice). */
  start(input: TaskWorkflowInput): Promise<void>;
  /** SendTaskSuccess: the human decision the execution waits for has been taken. */
  succeed(taskToken: string, output: Record<string, unknown>): Promise<void>;
}

/** What the approval services need. */
export interface ApprovalDeps {
  readonly table: Table;
  readonly clock: Clock;
  readonly newId: () => string;
  readonly workflow: WorkflowPort;
}

/** A person an approval task can go to. */
export interface Person {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly type: 'firm' | 'client';
}

/** Users and administrations as approvals read them (from tenancy's items). */
export function directory(table: Table) {
  const repo = tenancyRepository(table);
  return {
    async administration(firmId: string, administrationId: string): Promise<Administration> {
      const found = await repo.getAdministration(firmId, administrationId);
      if (!found) throw new NotFoundError(`Administration ${administrationId}`);
      return found;
    },
    async firmName(firmId: string): Promise<string> {
      return (await repo.getFirm(firmId))?.name ?? firmId;
    },
    /** Active client users with access to the administration. */
    async clientsOf(firmId: string, administrationId: string): Promise<Person[]> {
      const members = await repo.listMembershipsOfAdministration(firmId, administrationId);
      const users = await Promise.all(members.map((m) => repo.getUser(firmId, m.userId)));
      return users
        .filter((u) => u?.type === 'client' && u.status === 'active')
        .map((u) => ({ id: u!.id, email: u!.email, name: u!.name, type: 'client' as const }));
    },
    /** Who at the firm hears of a passed deadline: the firm user who started the task, else the owners. */
    async firmContacts(firmId: string, startedBy: string): Promise<string[]> {
      const starter = await repo.getUser(firmId, startedBy);
      if (starter?.type === 'firm' && starter.status === 'active') return [starter.email];
      const staff: string[] = [];
      const owners: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await repo.listUsers(firmId, cursor, 100);
        for (const u of page.items) {
          if (u.type !== 'firm' || u.status !== 'active') continue;
          staff.push(u.email);
          if (u.role === 'owner') owners.push(u.email);
        }
        cursor = page.nextCursor;
      } while (cursor);
      return owners.length > 0 ? owners : staff;
    },
    /**
     * A user who may decide tasks of the administration: an active firm user, or an active
     * client user who is a member. Anyone else is refused.
     */
    async decider(firmId: string, administrationId: string, userId: string): Promise<Person> {
      const user = await repo.getUser(firmId, userId);
      if (user?.status !== 'active') throw new ForbiddenError(`User ${userId} cannot decide approval tasks.`);
      if (user.type === 'client') {
        const members = await repo.listMembershipsOfAdministration(firmId, administrationId);
        if (!members.some((m) => m.userId === userId)) {
          throw new ForbiddenError(`User ${userId} has no access to administration ${administrationId}.`);
        }
      }
      return { id: user.id, email: user.email, name: user.name, type: user.type };
    },
  };
}
export type Directory = ReturnType<typeof directory>;
