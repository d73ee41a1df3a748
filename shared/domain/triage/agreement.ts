/** Whether two claims agree on the quantities and dates they assert. */

export interface DateQuantity {
  year: string | null;
  month: string;
  day: string | null;
}

const DATE_RE = /^(\d{4}|-)-(\d{2})(?:-(\d{2}))?$/;

/**
 * Split quantities into month dates and everything else. A bare year ('2024') is compared like a number: the
 * serialized form cannot tell it from the count 2,024, and both must agree anyway.
 */
export function splitQuantities(qs: readonly string[]): { values: Set<string>; years: Set<string>; dates: DateQuantity[] } {
  const values = new Set<string>();
  const years = new Set<string>();
  const dates: DateQuantity[] = [];
  for (const q of qs) {
    const d = DATE_RE.exec(q);
    if (d !== null) {
      const year = d[1] === '-' ? null : (d[1] as string);
      dates.push({ year, month: d[2] as string, day: d[3] ?? null });
      if (year !== null) years.add(year);
    } else values.add(q);
  }
  return { values, years, dates };
}

export type Agreement = 'same' | 'partial' | 'conflict';

export function setAgreement(a: ReadonlySet<string>, b: ReadonlySet<string>): Agreement {
  let aOnly = 0;
  let bOnly = 0;
  for (const x of a) if (!b.has(x)) aOnly++;
  for (const x of b) if (!a.has(x)) bOnly++;
  if (aOnly === 0 && bOnly === 0) return 'same';
  if (aOnly > 0 && bOnly > 0) return 'conflict';
  return 'partial';
}

export function dateAgreement(a: readonly DateQuantity[], b: readonly DateQuantity[]): Agreement {
  if (a.length === 0 && b.length === 0) return 'same';
  if (a.length === 0 || b.length === 0) return 'partial';
  const monthsA = new Set(a.map((d) => d.month));
  const monthsB = new Set(b.map((d) => d.month));
  const months = setAgreement(monthsA, monthsB);
  if (months === 'conflict') return 'conflict';
  // Same month: days conflict only when both sides give one and they differ.
  for (const x of a) {
    for (const y of b) {
      if (x.month === y.month && x.day !== null && y.day !== null && x.day !== y.day) return 'conflict';
    }
  }
  return months;
}
