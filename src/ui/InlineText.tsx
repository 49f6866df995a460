/** Text where `backticks` mark a command to type, rendered as <code> (never as HTML). */
export type InlineTextProps = { text: string };

export function InlineText({ text }: InlineTextProps) {
  const parts = text.split('`');
  // Odd-indexed parts were between backticks; an unmatched backtick leaves its tail as plain text.
  return <>{parts.map((part, i) => (i % 2 === 1 && i < parts.length - 1 ? <code key={i}>{part}</code> : part))}</>;
}
