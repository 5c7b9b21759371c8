// `iam-refine record [--port N] [--out FILE] -- COMMAND [ARGS...]`: runs a command with SDK
// client-side monitoring on, listens on the loopback address for the datagrams its SDK
// sends, and writes the calls as an evidence file for --csm-events. Returns the command's
// exit code. Only the access key id of the caller is kept, never a secret or token.
import { spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { str, type ParsedArgs } from '../cli-args.js';
import { inputError, usageError } from '../core/errors.js';
import { safeLine } from '../core/sanitize.js';
import { parseDatagram } from '../sources/csm/datagram.js';
import { CSM_FORMAT, CsmFolder, type CsmRecording } from '../sources/csm/recording.js';
import { writeFileAtomicSync } from '../../sessions/atomic.js';
import type { IO } from './io.js';

export const DEFAULT_CSM_PORT = 31000;
/** Datagrams sent just before the command exited are still in the socket's queue. */
const DRAIN_MS = 300;

function portOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_CSM_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535)
    throw usageError(`--port ${text} is not a port`, 'Use a number from 1 to 65535, e.g. --port 31000.');
  return port;
}

function defaultOut(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `csm-events-${stamp}.json`;
}

/** Binds the loopback port; a port in use is the user's to change, said before anything runs. */
function listen(port: number, folder: CsmFolder): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: 'udp4' });
    socket.once('error', (e: NodeJS.ErrnoException) => {
      socket.close();
      reject(
        e.code === 'EADDRINUSE' || e.code === 'EACCES'
          ? usageError(
              `UDP port ${port} on 127.0.0.1 is ${e.code === 'EACCES' ? 'not allowed' : 'in use'}`,
              'Pick another with --port N (the command is told the port through AWS_CSM_PORT).',
            )
          : e,
      );
    });
    socket.on('message', (msg) => folder.add(parseDatagram(msg)));
    socket.bind({ port, address: '127.0.0.1', exclusive: true }, () => resolve(socket));
  });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const done = () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    };
    child.once('error', (e: NodeJS.ErrnoException) => {
      done();
      reject(
        e.code === 'ENOENT'
          ? inputError(command, 'command not found', 'Check the name, or give its path.')
          : e,
      );
    });
    child.once('exit', (code, signal) => {
      done();
      // A command killed by a signal exits the way a shell reports it.
      resolve(code ?? 128 + (signal ? (osSignals[signal] ?? 1) : 1));
    });
  });
}

const osSignals: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

export async function runRecord(args: ParsedArgs, io: IO): Promise<number> {
  const [command, ...commandArgs] = args.positionals;
  if (!command) {
    throw usageError(
      'record needs a command to run',
      'Use: iam-refine record [--port 31000] [--out FILE] -- COMMAND [ARGS...]',
    );
  }
  const port = portOf(str(args.values, 'port'));
  const started = new Date();
  const out = str(args.values, 'out') ?? defaultOut(started);
  const folder = new CsmFolder();
  const socket = await listen(port, folder);
  let exitCode: number | null = null;
  try {
    io.stderr.write(
      `record: listening on 127.0.0.1:${port} (UDP); running ${safeLine([command, ...commandArgs].join(' '))}\n`,
    );
    exitCode = await run(command, commandArgs, {
      ...io.env,
      AWS_CSM_ENABLED: 'true',
      AWS_CSM_PORT: String(port),
      AWS_CSM_HOST: '127.0.0.1',
    });
    await new Promise((r) => setTimeout(r, DRAIN_MS));
  } finally {
    socket.close();
  }
  const calls = folder.records();
  const recording: CsmRecording = {
    format: CSM_FORMAT,
    version: 1,
    command: [command, ...commandArgs],
    startedAt: started.toISOString(),
    endedAt: new Date().toISOString(),
    exitCode,
    calls,
  };
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  writeFileAtomicSync(out, `${JSON.stringify(recording, null, 2)}\n`, { mode: 0o644 });
  const total = calls.reduce((n, c) => n + c.count, 0);
  const lines = [
    `record: ${total} SDK call${total === 1 ? '' : 's'} (${calls.length} distinct) from ${folder.datagrams} datagram${folder.datagrams === 1 ? '' : 's'}; wrote ${out}`,
  ];
  if (folder.ignored) lines.push(`  ${folder.ignored} datagram(s) were not CSM events and were ignored`);
  if (total === 0) {
    lines.push(
      '  No SDK reported a call. botocore (boto3, the AWS CLI) sends CSM (verified); AWS documents it for',
      '  the Go v1, Java v1, JavaScript v2, .NET, PHP and Ruby SDKs. JavaScript v3 and Java v2 never send it:',
      '  use X-Ray or CloudTrail for those.',
    );
  } else {
    lines.push(`  use it: iam-refine scan --csm-events ${out} --role ROLE`);
  }
  io.stderr.write(`${lines.join('\n')}\n`);
  return exitCode;
}
