// Said before the save: the path a role's policy would have had is taken, by what, and
// where this save writes instead (or that it asks before replacing the file).
import path from 'node:path';
import { Text } from 'ink';
import { safeLine } from '../../src/core/sanitize.js';
import type { OutputTarget } from '../review/output-target.js';
import { useColor } from '../theme.js';

/** The note's two sentences: what is there, and what the save does about it. */
export function outputNoteLines(t: OutputTarget): [string, string] | undefined {
  if (!t.taken) return undefined;
  const taken = safeLine(path.basename(t.taken));
  return [
    `${taken} exists: ${safeLine(t.holds ?? '')}.`,
    t.moved
      ? `This save writes ${safeLine(path.basename(t.path))} instead; o changes the path.`
      : 's asks before replacing it; o changes the path.',
  ];
}

/** Rows the note takes at `width` columns (it wraps: the names are what matters). */
export function OutputPathNote({ target }: { target: OutputTarget }) {
  const color = useColor();
  const lines = outputNoteLines(target);
  if (!lines) return null;
  return (
    <>
      <Text color={color('yellow')}>{lines[0]}</Text>
      <Text>{lines[1]}</Text>
    </>
  );
}
