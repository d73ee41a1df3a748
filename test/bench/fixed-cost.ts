/**
 * The fixed monthly cost of one deployment, read from the synthesized template: what it costs before it
 * checks a single claim (alarms, dashboard, secret, key, the scheduled workers' own invocations), plus log
 * ingestion at a stated volume. Beside the per-claim cost it shows which part dominates for a newsroom.
 */
import type { CloudTemplate } from '../../infra/local/cloud-template.ts';
import { FIXED_PRICES, PRICES } from './prices.ts';

export interface FixedCostLine {
  item: string;
  quantity: string;
  dollarsPerMonth: number;
}

export interface FixedCostInput {
  template: CloudTemplate;
  claimsPerDay: number;
  /** Log bytes ingested per claim (stated, not measured: the bench runs with logging at ERROR). */
  logBytesPerClaim: number;
  /** Log bytes per scheduled invocation (Lambda's START/END/REPORT lines and one summary line). */
  logBytesPerScheduledRun: number;
  /** Billed duration of one scheduled run with nothing to do (one Query), ms. */
  scheduledRunMs: number;
}

const MINUTES_PER_MONTH = 30 * 24 * 60;

function ratePerMonth(expression: string): number {
  const m = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!m) return 0;
  const n = Number(m[1]);
  const unit = m[2]!.startsWith('minute') ? 1 : m[2]!.startsWith('hour') ? 60 : 1440;
  return MINUTES_PER_MONTH / (n * unit);
}

export function fixedMonthlyCost(input: FixedCostInput): { lines: FixedCostLine[]; total: number } {
  const resources = Object.values(input.template.Resources);
  const count = (type: string) => resources.filter((r) => r.Type === type).length;
  const lines: FixedCostLine[] = [];
  const alarms = count('AWS::CloudWatch::Alarm');
  lines.push({ item: 'CloudWatch alarms', quantity: `${alarms}`, dollarsPerMonth: alarms * FIXED_PRICES.alarmMonth });
  const dashboards = count('AWS::CloudWatch::Dashboard');
  lines.push({ item: 'CloudWatch dashboard', quantity: `${dashboards}`, dollarsPerMonth: dashboards * FIXED_PRICES.dashboardMonth });
  const secrets = count('AWS::SecretsManager::Secret');
  lines.push({ item: 'Secrets Manager secret', quantity: `${secrets}`, dollarsPerMonth: secrets * FIXED_PRICES.secretMonth });
  const keys = count('AWS::KMS::Key');
  lines.push({ item: 'KMS customer managed key', quantity: `${keys}`, dollarsPerMonth: keys * FIXED_PRICES.kmsKeyMonth });

  // Scheduled workers run whether or not there is work: each run is one Lambda invocation and one Query.
  const memoryOf = (logicalId: string) => Number(input.template.Resources[logicalId]?.Properties?.MemorySize ?? 128);
  let runs = 0;
  let scheduledDollars = 0;
  for (const r of resources) {
    if (r.Type !== 'AWS::Events::Rule' || typeof r.Properties?.ScheduleExpression !== 'string') continue;
    const perMonth = ratePerMonth(r.Properties.ScheduleExpression as string);
    const targets = (r.Properties.Targets as Array<{ Arn?: { 'Fn::GetAtt'?: [string, string] } }> | undefined) ?? [];
    for (const t of targets) {
      const fn = t.Arn?.['Fn::GetAtt']?.[0];
      const gb = (fn ? memoryOf(fn) : 128) / 1024;
      runs += perMonth;
      scheduledDollars += perMonth * (PRICES.lambdaRequest + (input.scheduledRunMs / 1000) * gb * PRICES.lambdaGbSecond + 0.5 * PRICES.readRequestUnit);
    }
  }
  lines.push({
    item: 'scheduled workers (Lambda + one Query per run)',
    quantity: `${Math.round(runs).toLocaleString('en')} runs`,
    dollarsPerMonth: scheduledDollars,
  });

  const logGb = (input.claimsPerDay * 30 * input.logBytesPerClaim + runs * input.logBytesPerScheduledRun) / 2 ** 30;
  lines.push({
    item: 'CloudWatch Logs ingestion',
    quantity: `${(logGb * 1024).toFixed(0)} MB (${input.logBytesPerClaim / 1024} KB a claim × ${input.claimsPerDay} a day, ${input.logBytesPerScheduledRun} B a scheduled run)`,
    dollarsPerMonth: logGb * FIXED_PRICES.logIngestionGb,
  });
  return { lines, total: lines.reduce((sum, l) => sum + l.dollarsPerMonth, 0) };
}
