/** The live notebooks' limits (the browser test reads them too). */

/** How long a cell may run before its worker is ended and restarted. */
export const TIME_LIMIT_MS = 10_000;
