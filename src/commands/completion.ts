// `iam-refine completion bash|zsh|fish` prints the script; `iam-refine __complete
// sessions` (internal, for those scripts) lists session ids, newest first, from file
// names alone so a Tab press does not wait on parsing every session.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { str, type ParsedArgs } from '../cli-args.js';
import { usageError } from '../core/errors.js';
import { completionScript, SHELLS, type Shell } from '../completion/index.js';
import { sessionsDirFor } from '../../sessions/preferences.js';
import type { IO } from './io.js';

export function completionCommand(args: ParsedArgs, io: IO): Promise<number> {
  const [shell, ...extra] = args.positionals;
  if (!shell || !(SHELLS as readonly string[]).includes(shell) || extra.length)
    throw usageError(
      shell ? `no completion for "${[shell, ...extra].join(' ')}"` : 'completion needs a shell',
      `Use: iam-refine completion ${SHELLS.join('|')} (iam-refine completion --help shows how to install it).`,
    );
  io.stdout.write(completionScript(shell as Shell));
  return Promise.resolve(0);
}

const SESSION_FILE = /^([0-9a-f]{8,32})\.json$/;

export function sessionIds(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((n) => SESSION_FILE.exec(n)?.[1])
    .filter((id): id is string => !!id)
    .map((id) => {
      try {
        return { id, at: statSync(path.join(dir, `${id}.json`)).mtimeMs };
      } catch {
        return { id, at: 0 };
      }
    })
    .sort((a, b) => b.at - a.at)
    .map((s) => s.id);
}

export function completeCommand(args: ParsedArgs, io: IO): Promise<number> {
  if (args.positionals[0] === 'sessions') {
    const ids = sessionIds(sessionsDirFor({ flag: str(args.values, 'sessions-dir'), env: io.env }));
    if (ids.length) io.stdout.write(`${ids.join('\n')}\n`);
  }
  return Promise.resolve(0);
}
