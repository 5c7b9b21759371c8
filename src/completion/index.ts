// `iam-refine completion SHELL` prints one of these.
import { bashScript } from './bash.js';
import { fishScript } from './fish.js';
import type { Shell } from './spec.js';
import { zshScript } from './zsh.js';

export { SHELLS, type Shell } from './spec.js';

export function completionScript(shell: Shell): string {
  return { bash: bashScript, zsh: zshScript, fish: fishScript }[shell]();
}
