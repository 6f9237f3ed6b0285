/** What the engine logs through (Nest's Logger fits); tests pass nothing and stay quiet. */
export interface AlertLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug?(message: string): void;
}

export const quietLogger: AlertLogger = {
  log: () => undefined,
  warn: () => undefined,
  error: (message) => console.error(message),
};

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
