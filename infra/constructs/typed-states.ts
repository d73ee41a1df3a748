/**
 * Typed state payloads and paths: every object the state machines hand on (a Task's payload, a Map's
 * ItemSelector, a Pass's parameters or result, the Express child's input and output) is built here from a
 * field mapping typed by its zod contract (shared/contracts/workflow-steps.ts), and every JsonPath (in a
 * payload, a Choice rule, a result path, a Map's items, a Fail's error, a timeout) is typed by the contract of
 * the state it reads or writes. A missing, extra or ill-typed field, a path the state does not have, a Choice
 * comparing a field with a value it cannot hold, or a result written where the state keeps another type is a
 * compile error; test/infra/asl-contracts.test.ts checks the synthesized ASL against the same contracts.
 * Only types are added: the values are CDK's own JsonPath tokens and the path strings themselves, so the ASL
 * is what CDK renders from untyped ones.
 */
import { type IResolvable, Token } from 'aws-cdk-lib';
import { Condition, JsonPath, TaskInput } from 'aws-cdk-lib/aws-stepfunctions';
import type * as z from 'zod';

declare const valueType: unique symbol;
/** A JsonPath the state machine resolves, at run time, to a value of type T. */
export type At<T> = IResolvable & { readonly [valueType]: T };

declare const readType: unique symbol;
declare const writeType: unique symbol;
/** A JsonPath, as the string a state's field takes (a Choice rule's variable, a Map's items, a Fail's error), to a value of type T. */
export type ReadPath<T> = string & { readonly [readType]: T };
/**
 * A result path: where a state writes its result, into a field of type T. Contravariant: a result narrower
 * than T fits (an optional field takes its value), a wider or other one does not.
 */
export type ResultPath<T> = string & { readonly [writeType]: (value: T) => void };

/** A field of a payload: a literal of its type, or a path to a value of its type. */
export type Field<T> = T | At<T>;
/** The fields of a payload of type T (distributes over a union: one member's fields at a time). */
export type Fields<T> = T extends unknown ? { [K in keyof T]: Field<T[K]> } : never;

/** Every dotted path into S (`a`, `a.b`, ...), across the members of a union; arrays are leaves. */
export type PathOf<S> = S extends readonly unknown[]
  ? never
  : S extends object
    ? { [K in keyof S & string]-?: K | `${K}.${PathOf<NonNullable<S[K]>>}` }[keyof S & string]
    : never;
/** The type found at path P of S (across a union, whichever members have it). */
export type ValueAt<S, P extends string> = S extends unknown
  ? P extends `${infer K}.${infer Rest}`
    ? K extends keyof S
      ? ValueAt<NonNullable<S[K]>, Rest>
      : never
    : P extends keyof S
      ? S[P]
      : never
  : never;

/**
 * Paths into a state whose input has type S: `at('$.claimId')` is an At<string> for a payload field of a
 * state carrying a claim id, `at.path('$.claimId')` the same path as a ReadPath<string>, `at.resultPath('$.x')`
 * a ResultPath into field x; `at('$.nope')` does not compile.
 */
export interface StatePaths<S> {
  <P extends PathOf<S>>(path: `$.${P}`): At<ValueAt<S, P>>;
  path<P extends PathOf<S>>(path: `$.${P}`): ReadPath<ValueAt<S, P>>;
  resultPath<P extends PathOf<S>>(path: `$.${P}`): ResultPath<ValueAt<S, P>>;
}

export function statePaths<S>(): StatePaths<S> {
  const at = (path: string) => JsonPath.objectAt(path) as At<never>;
  // The casts only brand the string: ReadPath<never> reads as any type, ResultPath<unknown> takes any result.
  return Object.assign(at, { path: (path: string) => path as ReadPath<never>, resultPath: (path: string) => path as ResultPath<unknown> });
}

/** A path read as a value of type T (a Map's items, a Fail's error and cause, a timeout in seconds). */
export function pathTo<T>(path: ReadPath<T>): string {
  return path;
}

/** A result path for a result of type T: the field there must take a T. */
export function resultPathFor<T>(path: ResultPath<T>): string {
  return path;
}

/** JsonPath.DISCARD, as a result path: the result is dropped, so any result fits. */
export const discardResult = JsonPath.DISCARD as ResultPath<unknown>;

/**
 * Choice conditions on typed paths: a string field compared with a value it can hold (renaming a contract's
 * field or one of its literals breaks the comparison), numbers with numbers.
 */
export const condition = {
  stringEquals: <T extends string>(path: ReadPath<T>, value: NoInfer<T>): Condition => Condition.stringEquals(path, value),
  numberEquals: (path: ReadPath<number>, value: number): Condition => Condition.numberEquals(path, value),
  numberLessThanPath: (path: ReadPath<number>, other: ReadPath<number>): Condition => Condition.numberLessThanJsonPath(path, other),
  and: (...conditions: Condition[]): Condition => Condition.and(...conditions),
};

/** Paths into the item a Map iteration is processing (`$$.Map.Item.Value`), its type I. */
export function mapItemPaths<I>(): <P extends PathOf<I>>(path: P) => At<ValueAt<I, P>> {
  return (path) => JsonPath.objectAt(`$$.Map.Item.Value.${path}`) as At<never>;
}

/** `States.Format(template, ...)` over typed string paths. */
export function formatted(template: string, ...values: At<string>[]): At<string> {
  return intrinsic(JsonPath.format(template, ...values.map(String)));
}

/** `States.MathAdd(path, n)` over a typed number path. */
export function added(value: At<number>, n: number): At<number> {
  return intrinsic(JsonPath.mathAdd(Token.asNumber(value), n));
}

// An intrinsic is a string token CDK renders as `key.$`; typed here by what it yields. The double cast: a
// token string is not an IResolvable, but both render the same in a payload (FieldUtils.renderObject).
function intrinsic<T>(token: string): At<T> {
  return token as unknown as At<T>;
}

/** A contract: a zod schema whose input (what the state machine passes) is the payload's type. */
type Contract = z.ZodType;

/**
 * The payload object for a state whose consumer accepts `contract`: the mapping must name exactly the
 * contract's fields (optional ones may be left out), each with a literal or a path of the field's type.
 */
export function payloadOf<C extends Contract>(_contract: C, fields: Fields<z.input<C>>): Record<string, unknown> {
  return fields as Record<string, unknown>;
}

/** payloadOf, as the TaskInput a Task state passes. */
export function taskInputOf<C extends Contract>(contract: C, fields: Fields<z.input<C>>): TaskInput {
  return TaskInput.fromObject(payloadOf(contract, fields));
}
