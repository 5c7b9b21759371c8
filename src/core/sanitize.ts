// Text that came from AWS or from files may carry terminal control sequences
// (an event's userAgent, a role description) or invisible characters that make it
// read differently from what it is (a bidi override turns `x.json` around, a
// zero-width space hides inside a name). Strip them before drawing or printing;
// JSON data keeps the exact text.

// CSI (7-bit and C1), OSC (terminated by BEL or ST), other ESC sequences, and
// C0/C1 controls except tab and newline.
const CONTROL =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[PX^_][^\u001b\u009c]*(?:\u001b\\|\u009c)?|\u001b[@-Z\\-_]?|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

// Bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069), the Arabic
// letter mark (U+061C), zero-width and direction marks (U+200B–200F), word joiner and
// invisible operators (U+2060–2064), deprecated format controls (U+206A–206F), the
// byte-order mark / zero-width no-break space (U+FEFF) and interlinear annotations
// (U+FFF9–FFFB).
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;

/** Text with controls and invisible formatting characters removed; newlines and tabs kept. */
export function stripControl(text: string): string {
  return text.replace(CONTROL, '').replace(INVISIBLE, '');
}

/** One line of display text: controls stripped, newlines, tabs and line separators folded to spaces. */
export function safeLine(text: string): string {
  return stripControl(text).replace(/[\t\n\u2028\u2029]+/g, ' ');
}
