// Text that came from AWS or from files may carry terminal control sequences
// (an event's userAgent, a role description). Strip them before drawing or printing.

// CSI, OSC (terminated by BEL or ST), other ESC sequences, and C0/C1 controls
// except tab and newline.
const CONTROL =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[PX^_][^\u001b]*(?:\u001b\\)?|\u001b[@-Z\\-_]?|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}

/** One line of display text: controls stripped, newlines and tabs folded to spaces. */
export function safeLine(text: string): string {
  return stripControl(text).replace(/[\t\n]+/g, ' ');
}
