/**
 * A failed listen() as the one line a start-up failure prints, naming the variable to change: "address in use" is a
 * PORT problem and "address not available" a HOST one, which Node's own message does not say.
 */

/** Which variables chose the address a process listens on. */
export interface ListenVariables {
  port: string;
  host: string;
}

/** An Error whose message names the variable behind the failure; other errors are returned as they are. */
export function explainListenError(err: unknown, address: { host: string; port: number }, vars: ListenVariables): Error {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const where = `${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
  switch (code) {
    case 'EADDRINUSE':
      return new Error(`${vars.port}: ${where} is already in use; set ${vars.port} to a free port or stop what listens there`);
    case 'EACCES':
      return new Error(`${vars.port}: no permission to listen on ${where} (ports below 1024 need privileges)`);
    case 'EADDRNOTAVAIL':
      return new Error(`${vars.host}: ${address.host} is not an address of this machine`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new Error(`${vars.host}: cannot resolve ${address.host}`);
    default:
      return err instanceof Error ? err : new Error(String(err));
  }
}
