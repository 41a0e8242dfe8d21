import { newId } from '#packages/kernel';
import type { RelationsDeps } from '#packages/relations';
import { table } from './clients.js';
import { tenancy } from './tenancy.js';

export const relations: RelationsDeps = { table, clock: tenancy.clock, newId };
