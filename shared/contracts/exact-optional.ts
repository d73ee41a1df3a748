/**
 * zod types an optional field as `field?: T | undefined`; with exactOptionalPropertyTypes the domain's
 * `field?: T` refuses an explicit undefined. zod 4 leaves absent keys absent, so parsed values already
 * conform: `exactOptional` drops any undefined-valued key (deeply, for plain objects and arrays) and gives
 * the value the exact type. Use it where parsed input crosses into the domain.
 */
import type * as z from 'zod';

type Simplify<T> = { [K in keyof T]: T[K] } & {};

export type ExactOptional<T> = T extends readonly (infer U)[]
  ? ExactOptional<U>[]
  : T extends Record<string, unknown>
    ? Simplify<
        { [K in keyof T as undefined extends T[K] ? never : K]: ExactOptional<T[K]> } & {
          [K in keyof T as undefined extends T[K] ? K : never]?: ExactOptional<Exclude<T[K], undefined>>;
        }
      >
    : T;

export function exactOptional<T>(value: T): ExactOptional<T> {
  return strip(value) as ExactOptional<T>;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = strip(v);
  return out;
}

/**
 * The domain type of a contract record: `z.infer` with optional fields exact (`field?: T`). Records use
 * `.optional()`, not zod's `.exactOptional()`: @asteasolutions/zod-to-openapi 9.1 (under @hono/zod-openapi)
 * decides "required" by `safeParse(undefined)`, so an exactOptional field would be documented as required.
 */
export type RecordOf<S extends z.ZodType> = ExactOptional<z.infer<S>>;
