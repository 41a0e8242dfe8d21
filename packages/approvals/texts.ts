import type { ApprovalTexts } from './model.js';

/** The firm's e-mail texts when it has set none: Dutch, signed with the firm's name. */
export const defaultTexts: ApprovalTexts = {
  taskSubject: '{firm}: uw akkoord gevraagd voor {task}',
  taskBody:
    'Beste klant van {firm},\n\nVoor {administration} staat een taak voor u klaar: {task}.\n' +
    'Wilt u deze uiterlijk {deadline} afronden in het klantportaal?\n\nMet vriendelijke groet,\n{firm}',
  reminderSubject: 'Herinnering van {firm}: {task}',
  reminderBody:
    'Beste klant van {firm},\n\nDe deadline van {task} voor {administration} nadert: {deadline}.\n' +
    'Wilt u de taak op tijd afronden?\n\nMet vriendelijke groet,\n{firm}',
  deadlineSubject: 'Deadline verstreken: {task} ({administration})',
  deadlineBody: 'De deadline van {task} voor {administration} is verstreken ({deadline}) zonder besluit van de klant.',
  linkSubject: '{firm}: uw jaarrekening staat klaar',
  linkBody:
    'Beste klant van {firm},\n\nUw {task} voor {administration} staat voor u klaar. ' +
    'U kunt deze één keer bekijken en goedkeuren via deze tijdelijke link (geldig tot {deadline}):\n\n{link}\n\n' +
    'Na het bekijken of goedkeuren werkt de link niet meer.\n\nMet vriendelijke groet,\n{firm}',
};

export type TextValues = Readonly<Record<'firm' | 'administration' | 'task' | 'deadline' | 'link', string>>;

/** Fills `{name}` placeholders; unknown ones are left as written. */
export function renderText(template: string, values: Partial<TextValues>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name as keyof TextValues] ?? whole);
}

/** A date-time as Dutch readers expect it: `20 november 2026 17:00` (Amsterdam time). */
export function dutchDateTime(iso: string): string {
  return new Intl.DateTimeFormat('nl-NL', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Amsterdam',
  }).format(new Date(iso));
}
