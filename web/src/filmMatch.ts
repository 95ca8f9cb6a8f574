import type { FilmFile } from './movie';

/** A title as people write it in different places: no case, accents, punctuation or leading article. */
export function normalTitle(title: string): string {
  return title
    .normalize('NFKD').replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^(the|a|an) /, '');
}

/**
 * Whether a library file is the picked film: the same title (as above) and, when both know it, a year
 * at most one apart (catalogs and media servers disagree on release versus premiere years).
 */
export function matchesPick(file: FilmFile, title: string, year: number | null | undefined): boolean {
  if (normalTitle(file.title) !== normalTitle(title) || normalTitle(title) === '') return false;
  return file.year == null || year == null || Math.abs(file.year - year) <= 1;
}

/** The host's choice list: files matching the picked film first, each group in the server's order. */
export function orderForPick(files: FilmFile[], title: string, year: number | null | undefined): { file: FilmFile; match: boolean }[] {
  const marked = files.map((file) => ({ file, match: matchesPick(file, title, year) }));
  return [...marked.filter((m) => m.match), ...marked.filter((m) => !m.match)];
}
