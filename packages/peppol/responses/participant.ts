import { z } from 'zod';

/** The identifier scheme Peppol participant ids are issued under (ISO 6523, EAS codes). */
export const participantAuthority = 'iso6523-actorid-upis';

/** A Peppol participant: EAS scheme (`0208`) and the id within it. */
export const ParticipantId = z.object({ scheme: z.string().regex(/^\d{4}$/), id: z.string().min(1) });
export type ParticipantId = z.infer<typeof ParticipantId>;

/** `0208:0403170701`, as SBDH identifiers and the routing lookup write it. */
export const participantValue = (p: ParticipantId) => `${p.scheme}:${p.id}`;

/**
 * Reads `0208:0403170701`, also with the `iso6523-actorid-upis::` prefix some access points
 * keep; undefined for anything else.
 */
export function parseParticipantId(value: string | undefined): ParticipantId | undefined {
  const match = /^(?:iso6523-actorid-upis::)?(\d{4}):(\S+)$/i.exec((value ?? '').trim());
  if (!match) return undefined;
  return { scheme: match[1] as string, id: match[2] as string };
}
