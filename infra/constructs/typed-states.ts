/**
 * Typed state payloads: every object the state machines hand on (a Task's payload, a Map's ItemSelector, a
 * Pass's parameters or result, the Express child's input and output) is built here from a field mapping
 * typed by its zod contract (shared/contracts/workflow-steps.ts), and every JsonPath in it is typed by the
 * contract of the state it reads. A missing, extra or ill-typed field, or a path the state does not have,
 * is a compile error; test/infra/asl-contracts.test.ts checks the synthesized ASL against the same
 * contracts. Only types are added: the values are CDK's own JsonPath tokens, so the ASL is what
 * `TaskInput.fromObject` renders from an untyped object.
 */
import { type IResolvable, Token } from 'aws-cdk-lib';
import { JsonPath, TaskInput } from 'aws-cdk-lib/aws-stepfunctions';
import type * as z from 'zod';

declare const valueType: unique symbol;
/** A JsonPath the state machine resolves, at run time, to a value of type T. */
export type At<T> = IResolvable & { readonly [valueType]: T };

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
 * Paths into a state whose input has type S: `at('$.claimId')` is an At<string> for a state carrying a
 * claim id, and `at('$.nope')` does not compile.
 */
export function statePaths<S>(): <P extends PathOf<S>>(path: `$.${P}`) => At<ValueAt<S, P>> {
  return (path) => JsonPath.objectAt(path) as At<never>;
}

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
