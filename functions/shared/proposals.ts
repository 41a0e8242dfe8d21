import { newId } from '#packages/kernel';
import type { ProposalsDeps } from '#packages/proposals';
import { ledger } from './books.js';

export const proposals: ProposalsDeps = { ...ledger, newId };
