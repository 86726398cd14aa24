/** Tells the developer, once per failure, and returns the message for the event. */
export function complain(error: unknown): string {
  const message = (error as Error).message;
  console.error(`<nango-connection-status>: ${message}`);
  return message;
}
