// `--strict` for scan and export: a written policy that still holds `${Placeholders}` is
// not ready to apply, so a pipeline must not go on as if it were.
import type { IO } from './io.js';

/** The exit code once the files are written: 1 under --strict while placeholders are left. */
export function strictPlaceholders(left: string[], strict: boolean | undefined, io: IO): number {
  if (!strict || left.length === 0) return 0;
  io.stderr.write(
    `iam-refine: the written policy still holds placeholders: ${left.join(', ')} (--strict)\n` +
      '  Fill them (iam-refine resume, key p; or --fill, --fill-suggested) before you apply the policy.\n',
  );
  return 1;
}
