/**
 * The synthesized ASL, made runnable by aws-local-stepfunctions with AWS's semantics: what the library
 * reads differently from AWS is adapted here, once, before any execution runs.
 */

export type AslState = {
  Type: string;
  Resource?: string;
  Parameters?: unknown;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  ItemProcessor?: AslMachine;
  Iterator?: AslMachine;
  Branches?: AslMachine[];
};
export type AslMachine = { StartAt?: string; TimeoutSeconds?: number; States: Record<string, AslState> };

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Every Task state, at any depth (Map item processors, Parallel branches). */
export function* taskStates(machine: AslMachine): Generator<[string, AslState]> {
  for (const [name, state] of Object.entries(machine.States)) {
    if (state.Type === 'Task') yield [name, state];
    if (state.ItemProcessor) yield* taskStates(state.ItemProcessor);
    if (state.Iterator) yield* taskStates(state.Iterator);
    for (const branch of state.Branches ?? []) yield* taskStates(branch);
  }
}

/** A copy of the definition the library runs as AWS would: clamped execution timeout, adapted timeout paths. */
export function runnableDefinition(definition: AslMachine): AslMachine {
  // Node timers overflow past 2^31 ms (24.8 days) and then fire at once; clamp the execution timeout.
  const timeout = definition.TimeoutSeconds;
  const clamped =
    typeof timeout === 'number' && timeout * 1000 > MAX_TIMER_MS ? { ...definition, TimeoutSeconds: Math.floor(MAX_TIMER_MS / 1000) } : definition;
  return adaptTimeoutPaths(structuredClone(clamped));
}

/**
 * On AWS, TimeoutSecondsPath is read from the state input; aws-local-stepfunctions reads it from the
 * effective input (after Parameters). For each such Task we point the path at the parameter that copies
 * the same value, so both read the same number; a Task whose timeout value is not also passed in its
 * Parameters is refused here rather than run with the wrong deadline.
 */
function adaptTimeoutPaths(machine: AslMachine): AslMachine {
  const locate = (params: unknown, path: string, at: string[] = []): string[] | null => {
    if (!params || typeof params !== 'object') return null;
    for (const [key, value] of Object.entries(params)) {
      if (key.endsWith('.$') && value === path) return [...at, key.slice(0, -2)];
      const found = locate(value, path, [...at, key]);
      if (found) return found;
    }
    return null;
  };
  const visit = (m: AslMachine) => {
    for (const [name, state] of Object.entries(m.States)) {
      if (state.Type === 'Task' && state.TimeoutSecondsPath) {
        const found = locate(state.Parameters, state.TimeoutSecondsPath);
        if (!found) throw new Error(`state ${name}: TimeoutSecondsPath ${state.TimeoutSecondsPath} must also be passed in its Parameters to run locally`);
        state.TimeoutSecondsPath = `$.${found.join('.')}`;
      }
      if (state.ItemProcessor) visit(state.ItemProcessor);
      if (state.Iterator) visit(state.Iterator);
      state.Branches?.forEach(visit);
    }
  };
  visit(machine);
  return machine;
}

/**
 * The runnable definition for an execution resumed at `startAt` after a local restart, entered at
 * `enteredAt` with `input`. On AWS nothing restarts, so a Task's timeout runs from when it was entered:
 * the resumed state keeps that deadline (the time left, at least 1 s) instead of a fresh full timeout.
 */
export function resumedDefinition(runnable: AslMachine, original: AslMachine, startAt: string, input: unknown, enteredAt: Date, now = Date.now()): AslMachine {
  const state = runnable.States[startAt];
  const source = original.States[startAt];
  const seconds = source?.TimeoutSeconds ?? (source?.TimeoutSecondsPath ? valueAt(input, source.TimeoutSecondsPath) : undefined);
  if (!state || typeof seconds !== 'number') return { ...runnable, StartAt: startAt };
  const { TimeoutSecondsPath: _path, ...rest } = state;
  const left = Math.max(1, Math.ceil(seconds - (now - enteredAt.getTime()) / 1000));
  return { ...runnable, StartAt: startAt, States: { ...runnable.States, [startAt]: { ...rest, TimeoutSeconds: left } } };
}

/** A plain `$.a.b` reference path (the only form the synthesized timeouts use). */
function valueAt(input: unknown, path: string): unknown {
  let at: unknown = input;
  for (const key of path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)) {
    at = at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  }
  return at;
}
