/**
 * Counts DynamoDB read and write request units by asking DynamoDB itself: a middleware on the client adds
 * `ReturnConsumedCapacity: 'TOTAL'` to every call and sums the `ConsumedCapacity` it answers. DynamoDB
 * Local reports capacity the way DynamoDB does (GSI writes included, transactional operations doubled,
 * strongly consistent reads 1 unit per 4 KB, eventually consistent 0.5).
 */
import type { RuntimeOptions } from '../../functions/commons/runtime.ts';

type Pluggable = NonNullable<RuntimeOptions['dynamoMiddleware']>;

const READ_COMMANDS = /^(Get|GetItem|Query|Scan|BatchGet|BatchGetItem|TransactGet|TransactGetItems)Command$/;

export interface CapacityTotals {
  readUnits: number;
  writeUnits: number;
  calls: number;
}

interface Consumed {
  CapacityUnits?: number;
}

export class CapacityMeter {
  readUnits = 0;
  writeUnits = 0;
  calls = 0;
  /** Calls DynamoDB answered without ConsumedCapacity (a failed conditional write, for one). */
  unreported = 0;
  /** Units per operation (e.g. TransactWriteCommand), to say where the units go. */
  readonly byOperation = new Map<string, number>();

  readonly middleware: Pluggable = {
    applyToStack: (stack) => {
      stack.add(
        (next, context) => async (args) => {
          const input = { ...(args.input as Record<string, unknown>), ReturnConsumedCapacity: 'TOTAL' };
          const result = await next({ ...args, input } as typeof args);
          const consumed = (result.output as { ConsumedCapacity?: Consumed | Consumed[] }).ConsumedCapacity;
          const units =
            consumed === undefined ? undefined : (Array.isArray(consumed) ? consumed : [consumed]).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
          this.calls++;
          if (units === undefined) this.unreported++;
          else {
            const op = String(context.commandName);
            this.byOperation.set(op, (this.byOperation.get(op) ?? 0) + units);
            if (READ_COMMANDS.test(op)) this.readUnits += units;
            else this.writeUnits += units;
          }
          return result;
        },
        { step: 'initialize', name: 'benchConsumedCapacity', override: true },
      );
    },
  };

  snapshot(): CapacityTotals {
    return { readUnits: this.readUnits, writeUnits: this.writeUnits, calls: this.calls };
  }
}
