/** A module without a `handler` export, for the runtime's error path. */
export const notAHandler = (): string => 'nothing';
