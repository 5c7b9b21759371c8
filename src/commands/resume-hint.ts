// The resume command as it works here: `iam-refine` when an executable of that name is on
// PATH (a global install or `npm link`), else `npx iam-refine` (a clone after `npm install`).
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** An executable file named `name` in one of the PATH folders. */
export function onPath(name: string, env: NodeJS.ProcessEnv, platform = process.platform): boolean {
  const names = platform === 'win32' ? [`${name}.cmd`, `${name}.exe`, name] : [name];
  for (const dir of (env.PATH ?? env.Path ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const n of names) {
      const file = path.join(dir, n);
      try {
        if (!statSync(file).isFile()) continue;
        accessSync(file, constants.X_OK);
        return true;
      } catch {
        // not there, or not executable: the next folder
      }
    }
  }
  return false;
}

export function resumeHint(id: string, env: NodeJS.ProcessEnv): string {
  return `${onPath('iam-refine', env) ? 'iam-refine' : 'npx iam-refine'} resume ${id}`;
}
