import { recordingHandler } from './recorder.ts';

export const handler = recordingHandler('task-b');
