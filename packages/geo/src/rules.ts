/** Case-, accent- and punctuation-insensitive form of a place name: "Dehra Dūn" and "dehra-dun" → "dehra dun". */
export function normalizePlaceName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

