// Said before the save: the path a role's policy would have had is taken, by what, and
// where this save writes instead (or that it asks before replacing the file).
import path from 'node:path';
import { Text } from 'ink';
import { safeLine } from '../../src/core/sanitize.js';
import type { OutputTarget } from '../review/output-target.js';
import { useColor } from '../theme.js';

/** Lines the note takes (for the preview's height). */
export const outputNoteRows = (t: OutputTarget): number => (t.taken ? 2 : 0);

export function OutputPathNote({ target }: { target: OutputTarget }) {
  const color = useColor();
  if (!target.taken) return null;
  const taken = safeLine(path.basename(target.taken));
  const next = target.moved
    ? `So this save writes ${safeLine(path.basename(target.path))} beside it: o changes the path; s asks before replacing any file.`
    : 's asks before replacing it; o changes the path.';
  return (
    <>
      <Text color={color('yellow')} wrap="truncate-end">
        {taken} exists: {safeLine(target.holds ?? '')}.
      </Text>
      <Text wrap="truncate-end">{next}</Text>
    </>
  );
}
