/** A code list written as whitespace-separated codes, as an array. */
export function codes(list: string): readonly string[] {
  return list.split(/\s+/).filter(Boolean);
}
