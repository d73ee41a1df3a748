/**
 * Counts DynamoDB read and write request units as AWS bills them. A middleware on the client adds
 * `ReturnConsumedCapacity: 'TOTAL'` to every call and sums the `ConsumedCapacity` DynamoDB answers, then
 * adds what DynamoDB Local leaves out but AWS bills:
 * - a read that finds nothing (GetItem of a missing key, an empty Query/Scan) still bills its minimum:
 *   1 RRU strongly consistent, 0.5 eventually consistent; DynamoDB Local reports 0;
 * - BatchGetItem bills every requested key, found or not (the minimum for each missing key), and keys
 *   answered as `UnprocessedKeys` must be asked again (billed here as the retry that follows will be);
 * - a write refused by its condition bills 1 WRU (for items up to 1 KB, which every item it guards is
 *   here) and a cancelled TransactWriteItems bills 2 WRU per item it held; DynamoDB Local answers both
 *   with an error and no capacity at all.
 * What DynamoDB Local does report is counted as it reports it: GSI writes included, transactional
 * operations doubled, strongly consistent reads 1 unit per 4 KB, eventually consistent 0.5.
 */
import type { RuntimeOptions } from '../../functions/commons/runtime.ts';

type Pluggable = NonNullable<RuntimeOptions['dynamoMiddleware']>;

const READ_COMMANDS = /^(Get|GetItem|Query|Scan|BatchGet|BatchGetItem|TransactGet|TransactGetItems)Command$/;

export interface CapacityTotals {
  readUnits: number;
  writeUnits: number;
  calls: number;
}

/** What the meter added to DynamoDB Local's own figures, by reason (units), to say so in the cost table. */
export interface Corrections {
  emptyReads: number;
  missingBatchKeys: number;
  unprocessedKeys: number;
  failedConditionalWrites: number;
  cancelledTransactions: number;
}

interface Consumed {
  CapacityUnits?: number;
}

type Input = Record<string, unknown> & {
  ConsistentRead?: boolean;
  RequestItems?: Record<string, { Keys?: unknown[]; ConsistentRead?: boolean }>;
  TransactItems?: unknown[];
};
type Output = {
  ConsumedCapacity?: Consumed | Consumed[];
  Item?: unknown;
  Items?: unknown[];
  Responses?: Record<string, unknown[]>;
  UnprocessedKeys?: Record<string, { Keys?: unknown[] }>;
};

const minimumRead = (consistent: boolean | undefined) => (consistent ? 1 : 0.5);

export class CapacityMeter {
  readUnits = 0;
  writeUnits = 0;
  calls = 0;
  /** Units per operation (e.g. TransactWriteCommand), to say where the units go. */
  readonly byOperation = new Map<string, number>();
  /** Requests per operation. */
  readonly callsByOperation = new Map<string, number>();
  readonly corrections: Corrections = { emptyReads: 0, missingBatchKeys: 0, unprocessedKeys: 0, failedConditionalWrites: 0, cancelledTransactions: 0 };

  private add(op: string, units: number): void {
    this.byOperation.set(op, (this.byOperation.get(op) ?? 0) + units);
    if (READ_COMMANDS.test(op)) this.readUnits += units;
    else this.writeUnits += units;
  }

  /** Units AWS bills for a successful call: DynamoDB Local's figure plus what it leaves out. */
  private billedForSuccess(op: string, input: Input, output: Output): number {
    const consumed = output.ConsumedCapacity;
    const reported = consumed === undefined ? 0 : (Array.isArray(consumed) ? consumed : [consumed]).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
    if (/^(Get|GetItem)Command$/.test(op) && reported === 0) {
      const min = minimumRead(input.ConsistentRead);
      this.corrections.emptyReads += min;
      return min;
    }
    if (/^(Query|Scan)Command$/.test(op) && reported === 0) {
      const min = minimumRead(input.ConsistentRead);
      this.corrections.emptyReads += min;
      return min;
    }
    if (/^(BatchGet|BatchGetItem)Command$/.test(op)) {
      let extra = 0;
      for (const [table, request] of Object.entries(input.RequestItems ?? {})) {
        const requested = request.Keys?.length ?? 0;
        const found = output.Responses?.[table]?.length ?? 0;
        const unprocessed = output.UnprocessedKeys?.[table]?.Keys?.length ?? 0;
        const min = minimumRead(request.ConsistentRead);
        const missing = Math.max(0, requested - found - unprocessed) * min;
        this.corrections.missingBatchKeys += missing;
        this.corrections.unprocessedKeys += unprocessed * min;
        extra += missing + unprocessed * min;
      }
      return reported + extra;
    }
    return reported;
  }

  readonly middleware: Pluggable = {
    applyToStack: (stack) => {
      stack.add(
        (next, context) => async (args) => {
          const input = { ...(args.input as Input), ReturnConsumedCapacity: 'TOTAL' };
          const op = String(context.commandName);
          this.calls++;
          this.callsByOperation.set(op, (this.callsByOperation.get(op) ?? 0) + 1);
          try {
            const result = await next({ ...args, input } as typeof args);
            this.add(op, this.billedForSuccess(op, input, result.output as Output));
            return result;
          } catch (err) {
            const name = err instanceof Error ? err.name : '';
            if (name === 'ConditionalCheckFailedException') {
              this.corrections.failedConditionalWrites += 1;
              this.add(op, 1);
            } else if (name === 'TransactionCanceledException') {
              const units = 2 * (input.TransactItems?.length ?? 1);
              this.corrections.cancelledTransactions += units;
              this.add(op, units);
            }
            throw err;
          }
        },
        { step: 'initialize', name: 'benchConsumedCapacity', override: true },
      );
    },
  };

  snapshot(): CapacityTotals {
    return { readUnits: this.readUnits, writeUnits: this.writeUnits, calls: this.calls };
  }

  correctionsSnapshot(): Corrections {
    return { ...this.corrections };
  }
}
