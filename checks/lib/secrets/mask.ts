/**
 * What a finding may show of a secret: at most its first four characters, which for most token
 * formats is the public type prefix (`ghp_`, `xoxb`, `AKIA`), then an ellipsis. Shorter secrets show
 * less, so that a short password never has half of itself printed.
 */
export function maskSecret(secret: string): string {
  const shown = Math.min(4, Math.floor(secret.length / 4));
  return `${secret.slice(0, shown)}…`;
}
