/**
 * Text as the command prints it on a terminal. A file name is the uploader's to choose: one holding
 * ESC [2J clears the screen of whoever builds the edition, ESC ] 8 writes a link into it, a carriage
 * return or a line feed forges a line of the command's own output ("epaper: wrote …"), and a bidi
 * override prints a name backwards. Control characters (C0, DEL, C1) and bidi controls are shown as
 * the \u escapes manifest.json's JSON shows them with, so the name printed can be found in the
 * manifest and the reports. Tabs are whitespace and stay.
 */
const UNPRINTABLE = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

export function terminalText(text: string): string {
  return text.replace(UNPRINTABLE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
