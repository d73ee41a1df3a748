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
 * - PartiQL write statements (BatchExecuteStatement) report no capacity at all on DynamoDB Local. AWS bills each
 *   statement as the single-item write it is: 1 WRU per KB of the larger of the item before and after, and a
 *   statement refused by its condition (ConditionalCheckFailed, DuplicateItem) 1 WRU as above. The meter sizes
 *   each written item as DynamoDB does (itemBytes): an INSERT's from its VALUE tuple, an UPDATE's from the item
 *   after it, which it asks DynamoDB Local for by adding `RETURNING ALL NEW *` (what this code's UPDATEs write
 *   only grows an item, so the item after is the larger). Index keys are not counted: the items written with
 *   PartiQL (the similar-claim index) carry none. Read statements are not metered: the code sends none.
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
  /** Units of PartiQL statements that succeeded (DynamoDB Local reports none). */
  partiqlWrites: number;
}

interface Consumed {
  CapacityUnits?: number;
}

type Statement = { Statement: string; Parameters?: unknown[] };
type Input = Record<string, unknown> & {
  ConsistentRead?: boolean;
  RequestItems?: Record<string, { Keys?: unknown[]; ConsistentRead?: boolean }>;
  TransactItems?: unknown[];
  Statements?: Statement[];
};
type StatementResponse = { Error?: { Code?: string }; Item?: Record<string, unknown> };
type Output = {
  ConsumedCapacity?: Consumed | Consumed[];
  Item?: unknown;
  Items?: unknown[];
  Responses?: Record<string, unknown[]> | StatementResponse[];
  UnprocessedKeys?: Record<string, { Keys?: unknown[] }>;
};

/** A value's size as DynamoDB counts it (Naming Rules and Data Types, "Item size"). */
function valueBytes(v: unknown): number {
  if (typeof v === 'string') return Buffer.byteLength(v);
  if (typeof v === 'number' || typeof v === 'bigint') {
    const digits = String(v).replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
    return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
  }
  if (typeof v === 'boolean' || v === null || v === undefined) return 1;
  if (v instanceof Uint8Array) return v.byteLength;
  if (v instanceof Set) return [...v].reduce((n: number, e) => n + valueBytes(e), 0);
  if (Array.isArray(v)) return 3 + v.reduce((n: number, e) => n + valueBytes(e) + 1, 0);
  if (typeof v === 'object') return 3 + Object.entries(v).reduce((n, [k, e]) => n + Buffer.byteLength(k) + valueBytes(e) + 1, 0);
  return 0;
}

/** An item's size as DynamoDB bills it: attribute names plus values. */
export function itemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce((n, [k, v]) => n + Buffer.byteLength(k) + valueBytes(v), 0);
}

const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

/**
 * The item an INSERT's flat VALUE tuple writes ('name': ? or a string or number literal), parameters in order;
 * null when the tuple holds anything else (then the statement is billed its minimum).
 */
export function insertedItem(statement: Statement): Record<string, unknown> | null {
  const tuple = /VALUE\s*\{(.*)\}\s*$/is.exec(statement.Statement)?.[1];
  if (tuple === undefined) return null;
  const params = [...(statement.Parameters ?? [])];
  const item: Record<string, unknown> = {};
  const pair = /\s*'([^']+)'\s*:\s*(\?|'[^']*'|-?\d+(?:\.\d+)?)\s*(?:,|$)/y;
  let at = 0;
  for (let m = pair.exec(tuple); m !== null; m = pair.exec(tuple)) {
    const [, name, value] = m as unknown as [string, string, string];
    item[name] = value === '?' ? params.shift() : value.startsWith("'") ? value.slice(1, -1) : Number(value);
    at = pair.lastIndex;
  }
  return tuple.slice(at).trim() === '' ? item : null;
}

const isUpdate = (s: Statement) => /^\s*UPDATE\b/i.test(s.Statement) && !/\bRETURNING\b/i.test(s.Statement);

const minimumRead = (consistent: boolean | undefined) => (consistent ? 1 : 0.5);

export class CapacityMeter {
  readUnits = 0;
  writeUnits = 0;
  calls = 0;
  /** Units per operation (e.g. TransactWriteCommand), to say where the units go. */
  readonly byOperation = new Map<string, number>();
  /** Requests per operation. */
  readonly callsByOperation = new Map<string, number>();
  readonly corrections: Corrections = {
    emptyReads: 0,
    missingBatchKeys: 0,
    unprocessedKeys: 0,
    failedConditionalWrites: 0,
    cancelledTransactions: 0,
    partiqlWrites: 0,
  };

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
    if (op === 'BatchExecuteStatementCommand') return this.billedStatements(input.Statements ?? [], (output.Responses ?? []) as StatementResponse[]);
    if (/^(BatchGet|BatchGetItem)Command$/.test(op)) {
      let extra = 0;
      const responses = (output.Responses ?? {}) as Record<string, unknown[]>;
      for (const [table, request] of Object.entries(input.RequestItems ?? {})) {
        const requested = request.Keys?.length ?? 0;
        const found = responses[table]?.length ?? 0;
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

  /** Each statement of a write batch as the single-item write AWS bills it as (see the file's comment). */
  private billedStatements(statements: Statement[], responses: StatementResponse[]): number {
    let units = 0;
    for (const [i, statement] of statements.entries()) {
      const response = responses[i];
      const code = response?.Error?.Code;
      if (code === 'ConditionalCheckFailed' || code === 'DuplicateItem') {
        this.corrections.failedConditionalWrites += 1;
        units += 1;
      } else if (response !== undefined && code === undefined) {
        const item = /^\s*INSERT\b/i.test(statement.Statement) ? insertedItem(statement) : (response.Item ?? null);
        const billed = writeUnits(item === null ? 0 : itemBytes(item));
        this.corrections.partiqlWrites += billed;
        units += billed;
      }
    }
    return units;
  }

  readonly middleware: Pluggable = {
    applyToStack: (stack) => {
      stack.add(
        (next, context) => async (args) => {
          const op = String(context.commandName);
          const given = args.input as Input;
          // An UPDATE statement's item after it, to size it (DynamoDB Local reports no capacity for PartiQL).
          const statements =
            op === 'BatchExecuteStatementCommand'
              ? given.Statements?.map((s) => (isUpdate(s) ? { ...s, Statement: `${s.Statement} RETURNING ALL NEW *` } : s))
              : undefined;
          const input = { ...given, ReturnConsumedCapacity: 'TOTAL', ...(statements ? { Statements: statements } : {}) };
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
