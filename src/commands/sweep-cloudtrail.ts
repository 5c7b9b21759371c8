// `compare --all-roles --org|--accounts ... --athena-table DB.TABLE`: the sweep's CloudTrail
// is one query over the organization trail's table. What it will scan and cost is shown
// first; it runs after a "y" on a terminal, or with --yes (CI). Without a terminal and
// without --yes nothing runs (exit 2), so a CI job never spends money it did not approve.
import { createInterface } from 'node:readline/promises';
import { flag, type Values } from '../cli-args.js';
import type { AwsClients } from '../aws/clients.js';
import { UserError, usageError } from '../core/errors.js';
import { safeLine } from '../core/sanitize.js';
import type { TimeWindow } from '../core/types.js';
import { athenaFromFlags } from '../sources/cloudtrail/athena-flags.js';
import type { AthenaSettings } from '../sources/cloudtrail/athena.js';
import { planOrgCloudTrail, runOrgCloudTrail, type OrgCloudTrail } from '../sources/cloudtrail/athena-org.js';
import { formatBytes } from '../sources/cloudtrail/query-rows.js';
import type { CloudTrailQueryFacts } from '../org/evidence.js';
import type { IO } from './io.js';

export interface SweepCloudTrailOptions {
  accounts: string[];
  window: TimeWindow;
  signal?: AbortSignal;
  /** The terminal prompt (tests inject an answer). */
  ask?: (question: string) => Promise<string>;
  pollMs?: number;
  /** What the query read, scanned and cost, once it finished (for the summary's evidence). */
  onFacts?: (facts: CloudTrailQueryFacts) => void;
}

/** The answer typed; Ctrl-C at the question is a "no". */
async function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const ctl = new AbortController();
  rl.on('SIGINT', () => ctl.abort());
  try {
    return await rl.question(question, { signal: ctl.signal });
  } catch {
    process.stderr.write('\n');
    return '';
  } finally {
    rl.close();
  }
}

/**
 * Athena's price (aws.amazon.com/athena/pricing, SQL queries): $5 per TB scanned, billed
 * per MB with a 10 MB minimum per query. Cents are what a reader weighs.
 */
export function costText(bytes: number): string {
  const billed = Math.max(bytes, 10 * 1024 * 1024);
  const dollars = (billed / 1024 ** 4) * 5;
  return dollars < 0.01 ? 'under $0.01' : `about $${dollars.toFixed(2)}`;
}

/** The plan in words: what is read, how much, what it costs. */
export function describePlan(
  plan: Awaited<ReturnType<typeof planOrgCloudTrail>>,
  accounts: number,
): string[] {
  const { estimate, layout } = plan;
  const days = `${plan.window.start.slice(0, 10)} .. ${plan.window.end.slice(0, 10)}`;
  const lines = [
    `CloudTrail: one Athena query over ${safeLine(plan.athena.table)} for ${accounts} accounts, ${days}`,
    `  scans about ${formatBytes(estimate.bytes)} (${estimate.objects} log files in ${safeLine(estimate.location)}, ${layout.dayColumn ? `partitions ${layout.accountColumn} and ${layout.dayColumn}` : `partition ${layout.accountColumn}, every day: the table has no day partition`}): ${costText(estimate.bytes)} at Athena's $5 per TB scanned (10 MB minimum per query)`,
  ];
  const without = plan.accounts.filter((a) => !estimate.accountsWithLogs.includes(a));
  if (without.length)
    lines.push(
      `  no trail logs in the window for ${without.length} account(s): ${without.slice(0, 10).join(', ')}${without.length > 10 ? ', ...' : ''} (their roles are compared without CloudTrail)`,
    );
  return lines;
}

/** Ctrl-C (the sweep's signal) as the user's own doing, said plainly; other errors as they are. */
const stopped =
  (signal: AbortSignal | undefined, what: string) =>
  (e: unknown): never => {
    if (!signal?.aborted) throw e;
    throw new UserError('aws', `stopped (Ctrl-C) ${what}`, {
      hint: 'Run the same command again to start over.',
      cause: e,
    });
  };

/** The flags alone, checked before any AWS call: the Athena settings, or none. */
export function checkSweepCloudTrailFlags(values: Values): AthenaSettings | undefined {
  const athena = athenaFromFlags(values);
  if (!athena && flag(values, 'yes'))
    throw usageError(
      '--yes confirms the organization CloudTrail query: it needs --athena-table',
      'Add --athena-table DB.TABLE (the organization trail\'s table; README: "The Athena organization table"), or drop --yes.',
    );
  return athena;
}

/** The sweep's CloudTrail, or undefined when no --athena-table was given. */
export async function sweepCloudTrail(
  base: AwsClients,
  values: Values,
  io: IO,
  opts: SweepCloudTrailOptions,
): Promise<OrgCloudTrail | undefined> {
  const athena = checkSweepCloudTrailFlags(values);
  if (!athena || opts.accounts.length === 0) return undefined;
  const plan = await planOrgCloudTrail(base, {
    athena,
    accounts: opts.accounts,
    window: opts.window,
    signal: opts.signal,
  }).catch(stopped(opts.signal, 'while estimating the organization CloudTrail query: nothing ran'));
  for (const line of describePlan(plan, opts.accounts.length)) io.stderr.write(`${line}\n`);
  if (plan.estimate.objects === 0)
    throw new UserError(
      'input',
      `--athena-table ${safeLine(athena.table)}: no CloudTrail log file of these accounts in the window under ${safeLine(plan.estimate.location)}`,
      {
        hint: 'The table should be the organization trail\'s, over s3://BUCKET/AWSLogs/o-ORGID/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/ (README: "The Athena organization table"); or leave out --athena-table to sweep without CloudTrail.',
      },
    );
  if (!flag(values, 'yes')) {
    const ask = opts.ask ?? (io.stdinIsTTY && io.stderr.isTTY ? askOnTerminal : undefined);
    if (!ask)
      throw usageError(
        'the organization CloudTrail query needs a confirmation: no terminal to ask, and no --yes',
        'Pass --yes to run it (CI), after checking the estimate above; narrow --since or --accounts to scan less.',
      );
    const answer = (await ask('Run the query? [y/N] ')).trim().toLowerCase();
    if (answer !== 'y' && answer !== 'yes')
      throw usageError(
        'the organization CloudTrail query was not run: nothing was swept',
        'Narrow --since or --accounts to scan less, or leave out --athena-table to sweep without CloudTrail.',
      );
  }
  const result = await runOrgCloudTrail(base, plan, {
    signal: opts.signal,
    pollMs: opts.pollMs,
    onProgress: (p) => {
      if (p.state === 'done' || !p.message?.startsWith('query')) return;
      io.stderr.write(`CloudTrail: ${safeLine(p.message ?? '')}\n`);
    },
  }).catch(
    stopped(
      opts.signal,
      'during the organization CloudTrail query: it was stopped in Athena and nothing was swept',
    ),
  );
  io.stderr.write(`CloudTrail: ${safeLine(result.summary)}\n`);
  opts.onFacts?.({
    table: plan.athena.table,
    window: plan.window,
    accounts: plan.accounts,
    accountsWithLogs: plan.estimate.accountsWithLogs,
    estimatedBytes: plan.estimate.bytes,
    estimatedFiles: plan.estimate.objects,
    estimatedCost: costText(plan.estimate.bytes),
    ...(result.scannedBytes !== undefined
      ? { scannedBytes: result.scannedBytes, cost: costText(result.scannedBytes) }
      : {}),
    rows: result.rows,
    roles: result.roles,
    ranAt: new Date().toISOString(),
  });
  return result;
}
