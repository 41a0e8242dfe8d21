import { monotonicFactory } from 'ulid';

const ulid = monotonicFactory();

/** A new ULID: sortable by creation time, 26 characters. */
export function newId(): string {
  return ulid();
}

export const idPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** Source of the current time; services take it as a dependency so tests can pin it. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
